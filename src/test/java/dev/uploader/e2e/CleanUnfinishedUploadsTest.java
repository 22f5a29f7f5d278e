package dev.uploader.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.uploader.testing.CliRun;
import dev.uploader.testing.InMemoryServerTest;
import dev.uploader.testing.TestConfig;
import dev.uploader.testing.TestFiles;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.MultipartUpload;

class CleanUnfinishedUploadsTest extends InMemoryServerTest {
    @Test
    void clean_option_abortsOnlyUploadsUnderTheJobsPrefix() throws Exception {
        Path config = prepare("clean-option", "True");

        CliRun run = CliRun.run(home, "--nogui", "--config", config.toString(), "--clean");

        assertEquals(0, run.exitCode, run.toString());
        assertTrue(run.out.contains("CLEAN: aborted 2"), run.out);
        assertEquals(Set.of("jobber/x.bin", "other/b.bin"), unfinishedKeys("clean-option"),
                "uploads under other prefixes (also one that merely starts with the same letters) are left alone");
    }

    @Test
    void clean_answeredAtThePrompt_abortsTheJobsUploads() throws Exception {
        Path config = prepare("clean-prompt", "False");

        CliRun run = CliRun.run(home, new dev.uploader.storage.S3ClientFactory(), "c\n", "--nogui", "--config", config.toString());

        assertEquals(0, run.exitCode, run.toString());
        assertTrue(run.out.contains("2 unfinished upload(s) under s3://clean-prompt/job"), run.out);
        assertEquals(Set.of("jobber/x.bin", "other/b.bin"), unfinishedKeys("clean-prompt"));
    }

    @Test
    void resume_answeredAtThePrompt_keepsOtherUploadsAndCompletesTheJob() throws Exception {
        Path config = prepare("resume-prompt", "False");

        CliRun run = CliRun.run(home, new dev.uploader.storage.S3ClientFactory(), "r\n", "--nogui", "--config", config.toString());

        assertEquals(0, run.exitCode, run.toString());
        assertTrue(run.out.contains("Resuming"), run.out);
        // the upload of job/a.bin was resumed and completed; the stray one of job/stale.bin is still there
        assertEquals(Set.of("job/stale.bin", "jobber/x.bin", "other/b.bin"), unfinishedKeys("resume-prompt"));
    }

    @Test
    void dontAskMeToClean_offTerminal_resumesWithoutPrompting() throws Exception {
        Path config = prepare("no-prompt", "False");

        CliRun run = CliRun.run(home, "--nogui", "--config", config.toString());

        assertEquals(0, run.exitCode, run.toString());
        assertTrue(!run.out.contains("[R]esume"), "no prompt off a terminal: " + run.out);
    }

    /** A source with a.bin (6 MiB) and unfinished uploads under job/, other/ and jobber/. */
    private Path prepare(String bucket, String dontAsk) throws Exception {
        server.createBucket(bucket);
        Path src = home.resolve(bucket);
        TestFiles.write(src.resolve("a.bin"), 6 * TestFiles.MIB, 7);
        try (S3Client s3 = server.client()) {
            for (String key : new String[] {"job/a.bin", "job/stale.bin", "other/b.bin", "jobber/x.bin"}) {
                String id = s3.createMultipartUpload(b -> b.bucket(bucket).key(key)).uploadId();
                s3.uploadPart(b -> b.bucket(bucket).key(key).uploadId(id).partNumber(1), RequestBody.fromBytes(new byte[5 * 1024 * 1024]));
            }
        }
        return new TestConfig(server.endpoint(), bucket, "job", src).advanced("DontAskMeToClean", dontAsk).write(home.resolve(bucket + ".ini"));
    }

    private Set<String> unfinishedKeys(String bucket) {
        try (S3Client s3 = server.client()) {
            return s3.listMultipartUploads(b -> b.bucket(bucket)).uploads().stream().map(MultipartUpload::key).collect(Collectors.toSet());
        }
    }
}
