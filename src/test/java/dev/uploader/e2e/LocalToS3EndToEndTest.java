package dev.uploader.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.uploader.testing.CliRun;
import dev.uploader.testing.InMemoryServerTest;
import dev.uploader.testing.TestConfig;
import dev.uploader.testing.TestFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;

class LocalToS3EndToEndTest extends InMemoryServerTest {
    static final long MIB = TestFiles.MIB;
    @Test
    void upload_sizesAroundThePartSizeAndAwkwardNames_everyObjectIdenticalThenSkippedOnSecondRun() throws Exception {
        server.createBucket("sizes");
        Path src = home.resolve("sizes-src");
        Map<String, Long> files = new LinkedHashMap<>();
        files.put("empty.bin", 0L);
        files.put("one byte.txt", 1L);
        files.put("five-minus-one.bin", 5 * MIB - 1);
        files.put("exactly five.bin", 5 * MIB);
        files.put("five-plus-one.bin", 5 * MIB + 1);
        files.put("many/parts/23MiB.bin", 23 * MIB + 17);
        files.put("ünïcødé/日本語 ファイル.txt", 1000L);
        files.put("odd/hash#1 percent%20 plus+sign.txt", 333L);
        long seed = 1;
        for (Map.Entry<String, Long> f : files.entrySet()) {
            TestFiles.write(src.resolve(f.getKey()), f.getValue(), seed++);
        }
        Path config = new TestConfig(server.endpoint(), "sizes", "/backup//2024/", src).write(home.resolve("sizes.ini"));

        CliRun first = CliRun.run(home, "--nogui", "--config", config.toString());

        assertEquals(0, first.exitCode, first.toString());
        try (S3Client s3 = server.client()) {
            for (Map.Entry<String, Long> f : files.entrySet()) {
                String key = "backup/2024/" + f.getKey();
                HeadObjectResponse head = s3.headObject(b -> b.bucket("sizes").key(key));
                assertEquals(f.getValue(), head.contentLength(), key);
                assertEquals(TestFiles.md5(src.resolve(f.getKey())), TestFiles.objectMd5(s3, "sizes", key), key);
            }
            String single = s3.headObject(b -> b.bucket("sizes").key("backup/2024/five-minus-one.bin")).eTag();
            assertTrue(!single.contains("-"), "5 MiB - 1 goes up as one PutObject: " + single);
            assertTrue(s3.headObject(b -> b.bucket("sizes").key("backup/2024/exactly five.bin")).eTag().endsWith("-1\""));
            assertTrue(s3.headObject(b -> b.bucket("sizes").key("backup/2024/five-plus-one.bin")).eTag().endsWith("-2\""));
            assertTrue(s3.headObject(b -> b.bucket("sizes").key("backup/2024/many/parts/23MiB.bin")).eTag().endsWith("-5\""));
        }
        assertTrue(first.out.contains("uploaded: 8 file(s)"), first.out);

        server.resetCounters();
        CliRun second = CliRun.run(home, "--nogui", "--config", config.toString());

        assertEquals(0, second.exitCode, second.toString());
        assertEquals(0, server.bytesReceived(), "nothing travels on the second run");
        assertTrue(second.out.contains("skipped:  8 file(s)"), second.out);
        // both runs are in this machine's history, which the desktop app shows
        java.util.List<dev.uploader.history.RunRecord> runs = new dev.uploader.history.RunHistory(
                new dev.uploader.config.AppDirectories(home, home, Map.of(), "Linux").historyDir()).list().stream()
                .filter(r -> r.destination().startsWith("s3://sizes/")).toList();
        assertEquals(2, runs.size(), runs.toString());
        assertEquals(dev.uploader.history.RunRecord.Origin.COMMAND_LINE, runs.get(0).origin());
        assertEquals(8, runs.get(0).totals().skipped());
        assertEquals(8, runs.get(1).totals().uploaded());
        assertEquals(config, runs.get(0).config());
        assertTrue(runs.get(0).log() != null && Files.isRegularFile(runs.get(0).log()), runs.get(0).toString());
    }

    @Test
    void rerun_fileRewrittenInTheSecondOfItsUpload_sentAgainNeverLeftStale() throws Exception {
        server.createBucket("same-second");
        Path src = home.resolve("same-second-src");
        Path small = TestFiles.write(src.resolve("small.bin"), 1000, 21);
        Path big = TestFiles.write(src.resolve("big.bin"), 12 * MIB + 3, 22);
        Path config = new TestConfig(server.endpoint(), "same-second", "p", src).write(home.resolve("same-second.ini"));
        assertEquals(0, CliRun.run(home, "--nogui", "--config", config.toString()).exitCode);
        byte[] smallNow = Files.readAllBytes(small);
        byte[] bigNow = Files.readAllBytes(big);
        try (S3Client s3 = server.client()) {
            for (Path f : new Path[] {small, big}) {
                // rewritten, same size, within the second the store gives as the object's time (it gives whole seconds)
                java.time.Instant stored = s3.headObject(b -> b.bucket("same-second").key("p/" + f.getFileName())).lastModified();
                byte[] changed = Files.readAllBytes(f);
                changed[changed.length / 2] ^= 1;
                Files.write(f, changed);
                Files.setLastModifiedTime(f, java.nio.file.attribute.FileTime.from(stored.plusMillis(600)));
            }
        }

        CliRun again = CliRun.run(home, "--nogui", "--config", config.toString());

        assertEquals(0, again.exitCode, again.toString());
        assertTrue(again.out.contains("uploaded: 2 file(s)"), again.out);
        try (S3Client s3 = server.client()) {
            assertEquals(TestFiles.md5(small), TestFiles.objectMd5(s3, "same-second", "p/small.bin"));
            assertEquals(TestFiles.md5(big), TestFiles.objectMd5(s3, "same-second", "p/big.bin"));
        }
        assertTrue(smallNow.length == Files.size(small) && bigNow.length == Files.size(big), "same sizes as before");
    }
}
