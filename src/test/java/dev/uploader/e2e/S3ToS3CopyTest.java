package dev.uploader.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.uploader.testing.CliRun;
import dev.uploader.testing.CountingRelay;
import dev.uploader.testing.TestConfig;
import dev.uploader.testing.TwoServerTest;
import dev.uploader.testing.TestFiles;
import dev.uploader.testing.TestProfiles;
import dev.uploader.testing.UploaderProcess;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.Part;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;

/** S3_TO_S3 between two real servers with different keys, and within one server (server-side copy). */
class S3ToS3CopyTest extends TwoServerTest {
    static final long MIB = TestFiles.MIB;

    @Test
    void copy_betweenTwoStoresWithOtherKeys_treeOfAwkwardNamesIdenticalAndMultipartEtagKept() throws Exception {
        sourceStore.createBucket("src-tree");
        destination.createBucket("dst-tree");
        Map<String, byte[]> objects = new LinkedHashMap<>();
        objects.put("photos/empty.bin", new byte[0]);
        objects.put("photos/one.txt", bytes(1, 1));
        objects.put("photos/five minus one.bin", bytes(5 * MIB - 1, 2));
        objects.put("photos/five-plus-one.bin", bytes(5 * MIB + 1, 3));
        objects.put("photos/ünïcødé/日本語 #1 %20 +plus.txt", bytes(777, 4));
        try (S3Client src = sourceStore.client()) {
            objects.forEach((key, data) -> src.putObject(b -> b.bucket("src-tree").key(key), RequestBody.fromBytes(data)));
            objects.put("photos/multipart-8MiB-parts.bin", uploadInParts(src, "src-tree", "photos/multipart-8MiB-parts.bin", 20 * MIB + 5, 8 * MIB, 5));
            src.putObject(b -> b.bucket("src-tree").key("elsewhere/not-copied.txt"), RequestBody.fromString("outside the prefix"));
        }
        Path config = new TestConfig(destination.endpoint(), "dst-tree", "photos", home)
                .fromS3(sourceStore.endpoint(), "src-tree").basic("DesPrefix", "backup/photos").write(home.resolve("tree.ini"));
        // sources older than their copy, as they are out of a test: a copy in the second of its source's write cannot be
        // told from an older one by the stores' whole-second times, and is sent again (SkipRule)
        Thread.sleep(1100);

        CliRun run = CliRun.run(home, "--nogui", "--config", config.toString());

        assertEquals(0, run.exitCode, run.toString());
        try (S3Client src = sourceStore.client(); S3Client dst = destination.client()) {
            for (Map.Entry<String, byte[]> o : objects.entrySet()) {
                String target = "backup/" + o.getKey();
                assertEquals(TestFiles.md5(new java.io.ByteArrayInputStream(o.getValue())), TestFiles.objectMd5(dst, "dst-tree", target), target);
            }
            String sourceEtag = src.headObject(b -> b.bucket("src-tree").key("photos/multipart-8MiB-parts.bin")).eTag();
            String copiedEtag = dst.headObject(b -> b.bucket("dst-tree").key("backup/photos/multipart-8MiB-parts.bin")).eTag();
            assertTrue(sourceEtag.endsWith("-3\""), sourceEtag);
            assertEquals(sourceEtag, copiedEtag, "the copy keeps the source's part layout, so the ETags are equal: " + run);
            assertEquals(objects.size(), dst.listObjectsV2(b -> b.bucket("dst-tree")).contents().size(), "only the prefix is copied");
        }

        destination.resetCounters();
        CliRun again = CliRun.run(home, "--nogui", "--config", config.toString());
        assertEquals(0, again.exitCode, again.toString());
        assertEquals(0, destination.bytesReceived(), "same key, size and ETag: skipped");
        assertTrue(again.out.contains("skipped:  " + objects.size()), again.out);
    }

    @Test
    void copy_withinOneStore_copiedServerSideWithoutObjectBytesThroughTheClient() throws Exception {
        destination.createBucket("same-src");
        destination.createBucket("same-dst");
        byte[] small;
        byte[] big;
        try (S3Client s3 = destination.client()) {
            small = bytes(3 * MIB, 6);
            s3.putObject(b -> b.bucket("same-src").key("data/small.bin"), RequestBody.fromBytes(small));
            big = uploadInParts(s3, "same-src", "data/big.bin", 17 * MIB, 8 * MIB, 7);
        }
        try (CountingRelay network = new CountingRelay(destination.endpoint())) {
            Path config = new TestConfig(network.endpoint(), "same-dst", "data", home)
                    .fromS3(network.endpoint(), "same-src").s3Source("SrcProfileName", TestProfiles.PROFILE).write(home.resolve("same.ini"));
            destination.resetCounters();

            CliRun run = CliRun.run(home, "--nogui", "--config", config.toString());

            assertEquals(0, run.exitCode, run.toString());
            assertTrue(run.out.contains("uploaded: 2 file(s)"), run.out);
            assertTrue(run.out.contains("sent:     0 B"), run.out);
            long objectBytes = small.length + big.length;
            assertTrue(network.upstreamBytes() < objectBytes / 20 && network.downstreamBytes() < objectBytes / 20,
                    "only requests and answers cross the network, not the " + objectBytes + " object bytes: up "
                            + network.upstreamBytes() + ", down " + network.downstreamBytes());
        }
        try (S3Client s3 = destination.client()) {
            assertEquals(TestFiles.md5(new java.io.ByteArrayInputStream(small)), TestFiles.objectMd5(s3, "same-dst", "data/small.bin"));
            assertEquals(TestFiles.md5(new java.io.ByteArrayInputStream(big)), TestFiles.objectMd5(s3, "same-dst", "data/big.bin"));
            assertEquals(s3.headObject(b -> b.bucket("same-src").key("data/big.bin")).eTag(),
                    s3.headObject(b -> b.bucket("same-dst").key("data/big.bin")).eTag());
        }
    }

    @Test
    void copy_sourceObjectReplacedMidCopy_destinationHoldsOneWholeVersion() throws Exception {
        sourceStore.createBucket("moving-src");
        destination.createBucket("moving-dst");
        byte[] first;
        try (S3Client src = sourceStore.client()) {
            first = uploadInParts(src, "moving-src", "v/object.bin", 30 * MIB, 5 * MIB, 8);
        }
        byte[] second = bytes(30 * MIB, 9);
        Path config = new TestConfig(destination.endpoint(), "moving-dst", "v", home)
                .fromS3(sourceStore.endpoint(), "moving-src").advanced("MaxThread", "1").advanced("MaxParallelFile", "1")
                .write(home.resolve("moving.ini"));
        destination.resetCounters();
        Thread replacer = new Thread(() -> {
            try (S3Client src = sourceStore.client()) {
                while (destination.partsReceived() < 2) {
                    Thread.sleep(10);
                }
                src.putObject(b -> b.bucket("moving-src").key("v/object.bin"), RequestBody.fromBytes(second));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        replacer.start();

        CliRun run = CliRun.run(home, "--nogui", "--config", config.toString(), "--bwlimit", "15M");
        replacer.join(30_000);

        assertEquals(0, run.exitCode, run.toString());
        assertTrue(run.out.contains("replaced during the copy"), run.out);
        try (S3Client dst = destination.client()) {
            String copied = TestFiles.objectMd5(dst, "moving-dst", "v/object.bin");
            assertEquals(TestFiles.md5(new java.io.ByteArrayInputStream(second)), copied, "the new version, whole");
            assertTrue(!copied.equals(TestFiles.md5(new java.io.ByteArrayInputStream(first))));
        }
    }

    @Test
    void resume_afterSigkillMidCopy_onlyMissingPartsTravelAndObjectIdentical() throws Exception {
        sourceStore.createBucket("kill-src");
        destination.createBucket("kill-dst");
        byte[] data;
        try (S3Client src = sourceStore.client()) {
            data = uploadInParts(src, "kill-src", "k/object.bin", 40 * MIB + 3, 5 * MIB, 10);
        }
        Path config = new TestConfig(destination.endpoint(), "kill-dst", "k", home)
                .fromS3(sourceStore.endpoint(), "kill-src").advanced("MaxThread", "2").advanced("MaxParallelFile", "1")
                .write(home.resolve("kill.ini"));
        Process process = UploaderProcess.start(home, home.resolve("kill-first.log"), TestProfiles.environment(home.resolve("aws")),
                "--nogui", "--config", config.toString(), "--bwlimit", "8M");
        List<Part> before;
        try (S3Client dst = destination.client()) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (partsListed(dst, "kill-dst").size() < 3) {
                assertTrue(process.isAlive(), "the uploader ended before it was killed");
                assertTrue(System.nanoTime() < deadline, "no parts after 60 s");
                Thread.sleep(50);
            }
            process.destroyForcibly();
            assertTrue(process.waitFor(10, TimeUnit.SECONDS));
            before = partsListed(dst, "kill-dst");
        }
        assertTrue(before.size() < 9, "killed mid-copy: " + before.size());
        destination.resetCounters();

        CliRun again = CliRun.run(home, "--nogui", "--config", config.toString());

        assertEquals(0, again.exitCode, again.toString());
        // a part the store took in the instant before the kill, before its resume record had it, is not proven and is
        // sent again: at most the parts that were in flight (MaxThread 2)
        int reused = 9 - destination.partsReceived();
        assertTrue(reused <= before.size() && reused >= before.size() - 2, "only the missing parts and those in flight: reused "
                + reused + " of " + before.size() + " listed\n" + again);
        assertEquals(data.length - (long) reused * 5 * MIB, destination.bytesReceived());
        try (S3Client src = sourceStore.client(); S3Client dst = destination.client()) {
            assertEquals(TestFiles.md5(new java.io.ByteArrayInputStream(data)), TestFiles.objectMd5(dst, "kill-dst", "k/object.bin"));
            assertEquals(src.headObject(b -> b.bucket("kill-src").key("k/object.bin")).eTag(),
                    dst.headObject(b -> b.bucket("kill-dst").key("k/object.bin")).eTag());
        }
    }

    @Test
    void copy_storeHidesPartSizeAndTheGuessIsWrong_saysLayoutGuessedNeverAMatch() throws Exception {
        sourceStore.createBucket("guess-src");
        destination.createBucket("guess-dst");
        byte[] data;
        try (S3Client src = sourceStore.client()) {
            // 7 MiB parts: S3Proxy does not tell the part size, and 3 parts of this size are guessed as 8 MiB ones
            data = uploadInParts(src, "guess-src", "g/odd.bin", 20 * MIB + 5, 7 * MIB, 12);
        }
        Path config = new TestConfig(destination.endpoint(), "guess-dst", "g", home)
                .fromS3(sourceStore.endpoint(), "guess-src").write(home.resolve("guess.ini"));

        CliRun run = CliRun.run(home, "--nogui", "--config", config.toString(), "--log-dir", home.resolve("guess-logs").toString());

        assertEquals(0, run.exitCode, run.toString());
        try (S3Client src = sourceStore.client(); S3Client dst = destination.client()) {
            assertEquals(TestFiles.md5(new java.io.ByteArrayInputStream(data)), TestFiles.objectMd5(dst, "guess-dst", "g/odd.bin"));
            assertTrue(!src.headObject(b -> b.bucket("guess-src").key("g/odd.bin")).eTag()
                    .equals(dst.headObject(b -> b.bucket("guess-dst").key("g/odd.bin")).eTag()), "other parts, other ETag");
        }
        assertTrue(run.out.contains("1 file(s) verified: layout guessed: content checked by MD5 of the bytes read"), run.out);
        String log;
        try (var logs = java.nio.file.Files.list(home.resolve("guess-logs"))) {
            log = java.nio.file.Files.readString(logs.findFirst().orElseThrow());
        }
        assertTrue(log.contains("layout guessed"), log);
        assertTrue(!log.contains("equals the source") && !log.contains("matches the source"), "never called a match: " + log);
    }

    private static List<Part> partsListed(S3Client s3, String bucket) {
        List<MultipartUpload> uploads = s3.listMultipartUploads(b -> b.bucket(bucket)).uploads();
        if (uploads.isEmpty()) {
            return List.of();
        }
        MultipartUpload u = uploads.get(0);
        return s3.listParts(b -> b.bucket(bucket).key(u.key()).uploadId(u.uploadId())).parts();
    }

    /** Puts an object with a multipart upload of the given part size, so that its ETag is "-N". */
    static byte[] uploadInParts(S3Client s3, String bucket, String key, long size, long partSize, long seed) {
        byte[] data = bytes(size, seed);
        TestFiles.putInParts(s3, bucket, key, data, partSize);
        return data;
    }

    static byte[] bytes(long size, long seed) {
        byte[] data = new byte[(int) size];
        new Random(seed).nextBytes(data);
        return data;
    }

}
