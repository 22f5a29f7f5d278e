package dev.uploader.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.uploader.engine.FileOutcome;
import dev.uploader.engine.JobResult;
import dev.uploader.engine.JobSettings;
import dev.uploader.engine.ProgressListener;
import dev.uploader.engine.ProgressSnapshot;
import dev.uploader.engine.RetryPolicy;
import dev.uploader.engine.UploadJob;
import dev.uploader.storage.local.LocalDirectorySource;
import dev.uploader.storage.S3ClientFactory;
import dev.uploader.storage.s3.S3Location;
import dev.uploader.storage.s3.sdk.SdkS3Bucket;
import dev.uploader.testing.CliRun;
import dev.uploader.testing.InMemoryServerTest;
import dev.uploader.testing.TestConfig;
import dev.uploader.testing.TestFiles;
import dev.uploader.testing.TestProfiles;
import dev.uploader.testing.UploaderProcess;
import java.util.Map;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;

class SourceTreeTest extends InMemoryServerTest {
    @Test
    void run_symlinkLoopAndBrokenLink_reportedAndTheRestUploadedWithExitOne() throws Exception {
        server.createBucket("links");
        Path src = home.resolve("links-src");
        TestFiles.write(src.resolve("a/real.txt"), 10, 1);
        TestFiles.write(home.resolve("outside/target.txt"), 20, 2);
        Files.createSymbolicLink(src.resolve("a/loop"), src.resolve("a"));
        Files.createSymbolicLink(src.resolve("broken"), home.resolve("nowhere"));
        Files.createSymbolicLink(src.resolve("linked.txt"), home.resolve("outside/target.txt"));
        // two links that lead to each other: the system says "too many levels of symbolic links", no folder cycle
        Files.createSymbolicLink(src.resolve("ping"), src.resolve("pong"));
        Files.createSymbolicLink(src.resolve("pong"), src.resolve("ping"));
        Path config = new TestConfig(server.endpoint(), "links", "", src).write(home.resolve("links.ini"));

        CliRun run = CliRun.run(home, "--nogui", "--config", config.toString());

        assertEquals(1, run.exitCode, "a problem in the source means not every file is there: " + run);
        assertTrue(run.out.contains("a/loop is a symlink loop"), run.out);
        assertTrue(run.out.contains("ping is a symlink loop (links that lead to each other)"), run.out);
        assertTrue(run.out.contains("broken symlink (" + home.resolve("nowhere") + " does not exist)"), run.out);
        assertTrue(!run.out.contains("Exception"), "no class name: " + run.out);
        try (S3Client s3 = server.client()) {
            assertEquals(10, s3.headObject(b -> b.bucket("links").key("a/real.txt")).contentLength());
            assertEquals(20, s3.headObject(b -> b.bucket("links").key("linked.txt")).contentLength(), "links to files are followed");
        }
    }

    @Test
    void dryRun_asciiLocaleAndNonAsciiName_reportedAsAProblemNotAMangledKey() throws Exception {
        server.createBucket("locale");
        Path src = home.resolve("locale-src");
        TestFiles.write(src.resolve("été.txt"), 10, 1);
        TestFiles.write(src.resolve("plain.txt"), 10, 2);
        Path output = home.resolve("locale.out");
        Map<String, String> env = new java.util.HashMap<>(TestProfiles.environment(home.resolve("aws")));
        env.put("LANG", "C");
        env.put("LC_ALL", "C");
        Process p = UploaderProcess.start(home, output, env, "--nogui", "--src-dir", src.toString(), "--bucket", "locale",
                "--endpoint", server.endpoint().toString(), "--profile", TestProfiles.PROFILE, "--dry-run");

        assertTrue(p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS));
        String out = Files.readString(output);
        assertEquals(1, p.exitValue(), out);
        assertTrue(out.contains("cannot be written in this locale's character set") && out.contains("LANG=C.UTF-8"), out);
        assertTrue(out.contains("upload  plain.txt -> plain.txt"), out);
    }

    @Test
    void run_fileIndexNamesOneFile_onlyThatFileUploaded() throws Exception {
        server.createBucket("single");
        Path src = home.resolve("single-src");
        TestFiles.write(src.resolve("keep.bin"), 100, 1);
        TestFiles.write(src.resolve("other.bin"), 100, 2);
        Path config = new TestConfig(server.endpoint(), "single", "one", src).basic("SrcFileIndex", "keep.bin").write(home.resolve("single.ini"));

        CliRun run = CliRun.run(home, "--nogui", "--config", config.toString());

        assertEquals(0, run.exitCode, run.toString());
        try (S3Client s3 = server.client()) {
            assertEquals(List.of("one/keep.bin"), s3.listObjectsV2(b -> b.bucket("single")).contents().stream().map(o -> o.key()).toList());
        }
    }

    @Test
    void run_slowListener_doesNotSlowTheTransfer() throws Exception {
        server.createBucket("slow");
        Path src = home.resolve("slow-src");
        for (int i = 0; i < 30; i++) {
            TestFiles.write(src.resolve("f" + i + ".txt"), 100, i);
        }
        List<String> finished = new CopyOnWriteArrayList<>();
        AtomicLong lastBytes = new AtomicLong();
        ProgressListener slow = new ProgressListener() {
            @Override
            public void fileFinished(FileOutcome outcome) {
                finished.add(outcome.key());
                sleep(100); // 30 files x 100 ms: 3 s if the workers had to wait for it
            }

            @Override
            public void progress(ProgressSnapshot snapshot) {
                lastBytes.set(snapshot.bytesDone());
            }
        };
        S3Location location = new S3Location(server.endpoint(), TestProfiles.PROFILE, null, false);
        try (SdkS3Bucket store = new SdkS3Bucket(new S3ClientFactory().create(location, 10), "slow", TestProfiles.PROFILE)) {
            UploadJob job = new UploadJob(new LocalDirectorySource(src, null), store, "", new JobSettings(5, 1, 2, 5, null, false, false, 0),
                    slow, RetryPolicy.standard(1));
            long start = System.nanoTime();
            JobResult result = job.run();
            long millis = (System.nanoTime() - start) / 1_000_000;

            assertEquals(30, result.with(FileOutcome.Status.UPLOADED).size());
            assertEquals(30, finished.size(), "every event is still delivered before run() returns");
            assertEquals(3000, lastBytes.get(), "the last snapshot shows every byte");
            assertTrue(millis < 6000, "run took " + millis + " ms");
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
