package dev.uploader.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.uploader.testing.CliRun;
import dev.uploader.testing.S3TestServer;
import dev.uploader.testing.TestConfig;
import dev.uploader.testing.TestFiles;
import dev.uploader.testing.TestProfiles;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;

/** Wrong keys, missing bucket, missing folder, invalid values, server down: one clear line, non-zero, fast, nothing written. */
class BadInputTest {
    static final Duration FAST = Duration.ofSeconds(8);
    static S3TestServer server;
    @TempDir
    static Path home;
    static Path src;

    @BeforeAll
    static void start() throws Exception {
        server = S3TestServer.inMemory();
        server.createBucket("target");
        TestProfiles.write(home.resolve("aws"), S3TestServer.ACCESS_KEY, S3TestServer.SECRET_KEY);
        TestProfiles.useInThisJvm(home.resolve("aws"));
        src = home.resolve("src");
        TestFiles.write(src.resolve("f.txt"), 100, 1);
        TestFiles.write(src.resolve("big.bin"), 6 * TestFiles.MIB, 2);
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    @Test
    void run_wrongSecretKey_exitsThreeNamingCredentialsWithoutSecret() throws Exception {
        Path config = config("target").basic("DesProfileName", "wrong").write(home.resolve("wrong.ini"));

        CliRun run = CliRun.run(home, "--nogui", "--config", config.toString());

        assertFails(run, 3, "credentials of profile 'wrong'");
        assertFalse(run.out.contains("not-the-secret") || run.err.contains("not-the-secret"), "never print a secret");
        assertNothingWritten();
    }

    @Test
    void run_profileMissing_exitsThreeNamingTheProfile() throws Exception {
        Path config = config("target").basic("DesProfileName", "nobody").write(home.resolve("nobody.ini"));

        assertFails(CliRun.run(home, "--nogui", "--config", config.toString()), 3, "profile 'nobody' is not in");
    }

    @Test
    void run_bucketMissing_exitsThreeSayingItDoesNotExist() throws Exception {
        Path config = config("no-such-bucket").write(home.resolve("nobucket.ini"));

        assertFails(CliRun.run(home, "--nogui", "--config", config.toString()), 3, "s3://no-such-bucket does not exist");
    }

    @Test
    void run_sourceFolderMissing_exitsTwoNamingSrcDir() throws Exception {
        Path config = new TestConfig(server.endpoint(), "target", "p", home.resolve("missing-folder")).write(home.resolve("nofolder.ini"));

        CliRun run = CliRun.run(home, "--nogui", "--config", config.toString());

        assertFails(run, 2, "[LOCAL_TO_S3] SrcDir: folder");
        assertTrue(run.err.contains("nofolder.ini"), "names the file: " + run.err);
    }

    @Test
    void run_invalidChunkSize_exitsTwoNamingFileKeyAndAllowedValues() throws Exception {
        Path config = config("target").advanced("ChunkSize", "4").write(home.resolve("chunk.ini"));

        CliRun run = CliRun.run(home, "--nogui", "--config", config.toString());

        assertFails(run, 2, "chunk.ini: [Advanced] ChunkSize = '4' is not valid: use a whole number of MiB from 5 to 5120");
        assertNothingWritten();
    }

    @Test
    void run_invalidOptionValue_namesTheOption() {
        Path config = home.resolve("chunk-ok.ini");
        CliRun run = CliRun.run(home, "--nogui", "--config", write(config("target"), config), "--max-thread", "zero");

        assertFails(run, 2, "--max-thread (MaxThread) = 'zero' is not valid");
    }

    @Test
    void run_serverDown_exitsThreeWithinSeconds() throws Exception {
        Path config = new TestConfig(URI.create("http://127.0.0.1:1"), "target", "p", src).write(home.resolve("down.ini"));

        assertFails(CliRun.run(home, "--nogui", "--config", config.toString()), 3, "cannot connect to s3://target");
    }

    @Test
    void run_unknownOption_exitsTwo() {
        assertFails(CliRun.run(home, "--nogui", "--no-such-option"), 2, "Unknown option");
    }

    @Test
    void run_noConfigAnywhere_exitsTwoListingWhereItLooked() {
        assertFails(CliRun.run(home.resolve("empty-home"), "--nogui"), 2, "no config file: looked for");
    }

    @Test
    void dryRun_listsPlanAndWritesNothing() throws Exception {
        Path config = config("target").write(home.resolve("dry.ini"));

        CliRun run = CliRun.run(home, "--nogui", "--config", config.toString(), "--dry-run");

        assertEquals(0, run.exitCode, run.toString());
        assertTrue(run.out.contains("upload  big.bin -> dry/big.bin  6.0 MiB  2 part(s) of 5.0 MiB"), run.out);
        assertTrue(run.out.contains("upload  f.txt -> dry/f.txt  100 B  1 PutObject"), run.out);
        assertNothingWritten();
    }

    private TestConfig config(String bucket) {
        return new TestConfig(server.endpoint(), bucket, "dry", src);
    }

    private static String write(TestConfig config, Path file) {
        try {
            return config.write(file).toString();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void assertFails(CliRun run, int code, String message) {
        assertEquals(code, run.exitCode, run.toString());
        assertTrue(run.err.contains(message), "stderr names the problem (" + message + "): " + run);
        assertEquals(1, run.err.strip().lines().count(), "one line: " + run.err);
        assertTrue(run.took.compareTo(FAST) < 0, "fast: " + run.took);
    }

    private void assertNothingWritten() {
        try (S3Client s3 = server.client()) {
            assertTrue(s3.listObjectsV2(b -> b.bucket("target")).contents().isEmpty());
            assertTrue(s3.listMultipartUploads(b -> b.bucket("target")).uploads().isEmpty());
        }
    }
}
