package dev.uploader.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.uploader.testing.CliRun;
import dev.uploader.testing.OssEmulator;
import dev.uploader.testing.S3TestServer;
import dev.uploader.testing.TestConfig;
import dev.uploader.testing.TestFiles;
import dev.uploader.testing.TestProfiles;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * ALIOSS_TO_S3 with Alibaba's own SDK against a real S3-compatible server (S3Proxy without authentication),
 * through {@link OssEmulator} for what only OSS does (namespace-free list XML, the CRC64 header).
 */
class AliOssToS3Test {
    static final long MIB = TestFiles.MIB;
    static S3TestServer destination;
    static S3TestServer ossBackend;
    static OssEmulator oss;
    @TempDir
    static Path home;

    @BeforeAll
    static void start() throws Exception {
        destination = S3TestServer.inMemory();
        ossBackend = S3TestServer.inMemoryWithoutAuthentication();
        oss = new OssEmulator(ossBackend.endpoint());
        TestProfiles.write(home.resolve("aws"), S3TestServer.ACCESS_KEY, S3TestServer.SECRET_KEY);
        TestProfiles.useInThisJvm(home.resolve("aws"));
    }

    @AfterAll
    static void stop() throws Exception {
        oss.close();
        ossBackend.close();
        destination.close();
    }

    @Test
    void copy_ossTreeWithListingPagesAndCrc64_everyObjectIdentical() throws Exception {
        ossBackend.createBucket("oss-tree");
        destination.createBucket("from-oss");
        Map<String, byte[]> objects = new LinkedHashMap<>();
        objects.put("img/empty.bin", new byte[0]);
        objects.put("img/small.txt", S3ToS3CopyTest.bytes(300, 1));
        objects.put("img/日本語 #1 +plus.jpg", S3ToS3CopyTest.bytes(5 * MIB + 1, 2));
        for (int i = 0; i < 5; i++) {
            objects.put("img/many/f" + i + ".txt", S3ToS3CopyTest.bytes(100 + i, 10 + i));
        }
        try (S3Client s3 = ossBackend.client()) {
            objects.forEach((key, data) -> s3.putObject(b -> b.bucket("oss-tree").key(key), RequestBody.fromBytes(data)));
            objects.put("img/multipart.bin", S3ToS3CopyTest.uploadInParts(s3, "oss-tree", "img/multipart.bin", 12 * MIB, 5 * MIB, 3));
        }
        Path config = new TestConfig(destination.endpoint(), "from-oss", "img", home).fromOss(oss.endpoint(), "oss-tree")
                .write(home.resolve("oss.ini"));

        CliRun run = CliRun.run(home, "--nogui", "--config", config.toString());

        assertEquals(0, run.exitCode, run.toString());
        try (S3Client dst = destination.client()) {
            for (Map.Entry<String, byte[]> o : objects.entrySet()) {
                assertEquals(TestFiles.md5(new ByteArrayInputStream(o.getValue())), TestFiles.objectMd5(dst, "from-oss", o.getKey()), o.getKey());
            }
        }
        assertTrue(run.out.contains("uploaded: " + objects.size() + " file(s)"), run.out);
        assertTrue(run.out.contains("oss://oss-tree/img"), run.out);
    }

    @Test
    void copy_bytesReadDoNotMatchTheObjectsCrc64_notCompletedAndReported() throws Exception {
        ossBackend.createBucket("oss-bad");
        destination.createBucket("from-bad");
        try (S3Client s3 = ossBackend.client()) {
            s3.putObject(b -> b.bucket("oss-bad").key("d/good.bin"), RequestBody.fromBytes(S3ToS3CopyTest.bytes(1000, 4)));
            s3.putObject(b -> b.bucket("oss-bad").key("d/small-bad.bin"), RequestBody.fromBytes(S3ToS3CopyTest.bytes(1000, 5)));
            S3ToS3CopyTest.uploadInParts(s3, "oss-bad", "d/big-bad.bin", 11 * MIB, 5 * MIB, 6);
        }
        oss.lieAboutCrc("oss-bad", "d/small-bad.bin", 12345L);
        oss.lieAboutCrc("oss-bad", "d/big-bad.bin", 67890L);
        Path config = new TestConfig(destination.endpoint(), "from-bad", "d", home).fromOss(oss.endpoint(), "oss-bad")
                .advanced("MaxRetry", "0").write(home.resolve("bad.ini"));

        CliRun run = CliRun.run(home, "--nogui", "--config", config.toString());

        assertEquals(1, run.exitCode, run.toString());
        assertTrue(run.out.contains("CRC64 of the bytes read"), run.out);
        try (S3Client dst = destination.client()) {
            assertEquals(1, dst.listObjectsV2(b -> b.bucket("from-bad")).contents().size(), "only good.bin: nothing unverified was completed: " + dst.listObjectsV2(b -> b.bucket("from-bad")).contents() + run);
            assertEquals("d/good.bin", dst.listObjectsV2(b -> b.bucket("from-bad")).contents().get(0).key());
        }
    }

    @Test
    void cluster_senderAndWorker_ossSourceMovedByOrdersAndIdentical() throws Exception {
        ossBackend.createBucket("oss-cluster");
        destination.createBucket("from-oss-cluster");
        Map<String, byte[]> objects = new LinkedHashMap<>();
        objects.put("a/small.txt", S3ToS3CopyTest.bytes(300, 31));
        objects.put("a/中文 +plus.bin", S3ToS3CopyTest.bytes(6 * MIB + 3, 32));
        try (S3Client s3 = ossBackend.client()) {
            objects.forEach((key, data) -> s3.putObject(b -> b.bucket("oss-cluster").key(key), RequestBody.fromBytes(data)));
        }
        Path config = new TestConfig(destination.endpoint(), "from-oss-cluster", "a", home).fromOss(oss.endpoint(), "oss-cluster")
                .write(home.resolve("oss-cluster.ini"));
        try (dev.uploader.testing.SqsTestServer sqs = dev.uploader.testing.SqsTestServer.start()) {
            dev.uploader.testing.SqsTestServer.Queues q = sqs.createQueues("oss-jobs", 30, 3);

            CliRun sent = CliRun.run(home, "--nogui", "--config", config.toString(), "--send-to", q.url());
            CliRun worked = CliRun.run(home, "--nogui", "--config", config.toString(), "--worker", q.url(), "--idle-exit", "2");

            assertEquals(0, sent.exitCode, sent.toString());
            assertTrue(sent.out.contains("queued:   2 objects"), sent.out);
            assertEquals(0, worked.exitCode, worked.toString());
            assertTrue(worked.out.contains("objects 2 uploaded"), worked.out);
            assertEquals(0, sqs.depth(q.url())[0] + sqs.depth(q.url())[1]);
        }
        try (S3Client dst = destination.client()) {
            for (Map.Entry<String, byte[]> o : objects.entrySet()) {
                assertEquals(TestFiles.md5(new ByteArrayInputStream(o.getValue())), TestFiles.objectMd5(dst, "from-oss-cluster", o.getKey()), o.getKey());
            }
        }
    }
}
