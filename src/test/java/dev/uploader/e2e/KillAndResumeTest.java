package dev.uploader.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.uploader.testing.CliRun;
import dev.uploader.testing.S3TestServer;
import dev.uploader.testing.TestConfig;
import dev.uploader.testing.TestFiles;
import dev.uploader.testing.TestProfiles;
import dev.uploader.testing.UploaderProcess;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.Part;

/**
 * A real uploader process killed with SIGKILL in the middle of a multipart file, then run again. The server
 * counts the part requests and bytes that reach it, so the test measures what travelled on the second run.
 */
class KillAndResumeTest {
    static final long MIB = TestFiles.MIB;
    static final long SIZE = 40 * MIB + 123;
    static final int PARTS_OF_5_MIB = 9;
    static S3TestServer server;
    @TempDir
    static Path home;

    @BeforeAll
    static void start() throws Exception {
        server = S3TestServer.onDisk(home.resolve("store"));
        TestProfiles.write(home.resolve("aws"), S3TestServer.ACCESS_KEY, S3TestServer.SECRET_KEY);
        TestProfiles.useInThisJvm(home.resolve("aws"));
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    @Test
    void resume_afterSigkillMidFile_onlyMissingPartsTravelAndObjectIsIdentical() throws Exception {
        Scenario s = killMidUpload("resume");

        server.resetCounters();
        CliRun again = CliRun.run(home, "--nogui", "--config", s.config.toString());

        assertEquals(0, again.exitCode, again.toString());
        int missing = PARTS_OF_5_MIB - s.partsBefore.size();
        assertEquals(missing, server.partsReceived(), "only the missing parts are sent again");
        long bytesAlreadyThere = s.partsBefore.stream().mapToLong(Part::size).sum();
        assertEquals(SIZE - bytesAlreadyThere, server.bytesReceived(), "only the missing bytes travel");
        assertTrue(again.out.contains(s.partsBefore.size() + " part(s) reused"), again.out);
        try (S3Client s3 = server.client()) {
            assertEquals(TestFiles.md5(s.file), TestFiles.objectMd5(s3, s.bucket, "big/data.bin"));
            assertTrue(s3.headObject(b -> b.bucket(s.bucket).key("big/data.bin")).eTag().endsWith("-" + PARTS_OF_5_MIB + "\""));
            assertTrue(s3.listMultipartUploads(b -> b.bucket(s.bucket)).uploads().isEmpty(), "no unfinished upload left");
        }
    }

    @Test
    void resume_sourceChangedBetweenKillAndResume_changedPartSentAgainAndObjectMatchesNewSource() throws Exception {
        Scenario s = killMidUpload("changed");
        // overwrite bytes inside part 1, which is on the server already
        try (RandomAccessFile raf = new RandomAccessFile(s.file.toFile(), "rw")) {
            raf.seek(MIB);
            raf.write(new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
        }
        assertTrue(s.partsBefore.stream().anyMatch(p -> p.partNumber() == 1), "part 1 was uploaded before the kill");

        server.resetCounters();
        CliRun again = CliRun.run(home, "--nogui", "--config", s.config.toString());

        assertEquals(0, again.exitCode, again.toString());
        int missing = PARTS_OF_5_MIB - s.partsBefore.size();
        assertEquals(missing + 1, server.partsReceived(), "the missing parts and the changed part 1");
        try (S3Client s3 = server.client()) {
            assertEquals(TestFiles.md5(s.file), TestFiles.objectMd5(s3, s.bucket, "big/data.bin"));
        }
    }

    @Test
    void resume_chunkSizeChangedBetweenRuns_continuesWithThePartSizeOfTheUnfinishedUpload() throws Exception {
        Scenario s = killMidUpload("chunk");

        server.resetCounters();
        CliRun again = CliRun.run(home, "--nogui", "--config", s.config.toString(), "--chunk-size", "8");

        assertEquals(0, again.exitCode, again.toString());
        assertEquals(PARTS_OF_5_MIB - s.partsBefore.size(), server.partsReceived());
        assertTrue(again.out.contains("with its part size of 5 MiB"), again.out);
        try (S3Client s3 = server.client()) {
            assertEquals(TestFiles.md5(s.file), TestFiles.objectMd5(s3, s.bucket, "big/data.bin"));
            assertTrue(s3.headObject(b -> b.bucket(s.bucket).key("big/data.bin")).eTag().endsWith("-" + PARTS_OF_5_MIB + "\""));
        }
    }

    private record Scenario(String bucket, Path file, Path config, List<Part> partsBefore) {
    }

    /** Starts a throttled uploader process, kills it with SIGKILL once a few parts are stored, lists what is there. */
    private Scenario killMidUpload(String bucket) throws Exception {
        server.createBucket(bucket);
        Path src = home.resolve(bucket + "-src");
        Path file = TestFiles.write(src.resolve("data.bin"), SIZE, bucket.hashCode());
        Path config = new TestConfig(server.endpoint(), bucket, "big", src)
                .advanced("MaxThread", "2").advanced("MaxParallelFile", "1").write(home.resolve(bucket + ".ini"));
        Process process = UploaderProcess.start(home, home.resolve(bucket + "-first.log"), TestProfiles.environment(home.resolve("aws")),
                "--nogui", "--config", config.toString(), "--bwlimit", "8M", "--log-dir", home.resolve("logs").toString());
        try (S3Client s3 = server.client()) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (partsListed(s3, bucket).size() < 3) {
                assertTrue(process.isAlive(), () -> "uploader ended before it was killed: " + read(home.resolve(bucket + "-first.log")));
                assertTrue(System.nanoTime() < deadline, "no parts after 60 s");
                Thread.sleep(50);
            }
            process.destroyForcibly(); // SIGKILL on Unix
            assertTrue(process.waitFor(10, TimeUnit.SECONDS));
            assertEquals(137, process.exitValue(), "killed by SIGKILL");
            List<Part> parts = partsListed(s3, bucket);
            assertTrue(parts.size() < PARTS_OF_5_MIB, "killed mid-file: " + parts.size() + " parts stored");
            return new Scenario(bucket, file, config, parts);
        }
    }

    private static List<Part> partsListed(S3Client s3, String bucket) {
        List<MultipartUpload> uploads = s3.listMultipartUploads(b -> b.bucket(bucket)).uploads();
        if (uploads.isEmpty()) {
            return List.of();
        }
        MultipartUpload u = uploads.get(0);
        return s3.listParts(b -> b.bucket(bucket).key(u.key()).uploadId(u.uploadId())).parts();
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (Exception e) {
            return "(no output)";
        }
    }
}
