package dev.uploader.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.uploader.engine.JobResult;
import dev.uploader.engine.JobSettings;
import dev.uploader.engine.ProgressListener;
import dev.uploader.engine.RetryPolicy;
import dev.uploader.engine.UploadJob;
import dev.uploader.storage.S3ClientFactory;
import dev.uploader.storage.local.LocalDirectorySource;
import dev.uploader.storage.s3.S3Bucket;
import dev.uploader.storage.s3.S3Location;
import dev.uploader.storage.s3.StoreSettings;
import dev.uploader.testing.CliRun;
import dev.uploader.testing.FaultyRelay;
import dev.uploader.testing.InMemoryServerTest;
import dev.uploader.testing.TestConfig;
import dev.uploader.testing.TestFiles;
import dev.uploader.testing.TestProfiles;
import dev.uploader.testing.UploaderProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Whatever the network and the store do, the uploader keeps going or stops with a clear word, and leaves nothing
 * billed behind: real uploader processes and the real command line through {@link FaultyRelay} in front of S3Proxy.
 */
class NeverStuckTest extends InMemoryServerTest {
    private static final long MIB = TestFiles.MIB;

    private static Path folder(String name) throws Exception {
        Path src = home.resolve(name + "-src");
        TestFiles.write(src.resolve("big.bin"), 12 * MIB + 7, 1);
        TestFiles.write(src.resolve("middle/six.bin"), 6 * MIB, 2);
        TestFiles.write(src.resolve("small.txt"), 1000, 3);
        TestFiles.write(src.resolve("tiny.txt"), 10, 4);
        return src;
    }

    private static void assertUploadedWhole(String bucket, String prefix, Path src) throws Exception {
        try (S3Client s3 = server.client()) {
            for (String name : List.of("big.bin", "middle/six.bin", "small.txt", "tiny.txt")) {
                assertEquals(TestFiles.md5(src.resolve(name)), TestFiles.objectMd5(s3, bucket, prefix + "/" + name), name);
            }
            assertTrue(s3.listMultipartUploads(b -> b.bucket(bucket)).uploads().isEmpty(), "no unfinished upload left behind");
        }
    }

    @Test
    void run_everyFaultOfTheWireAndLostPostAnswers_bothClientsEndWithWholeObjectsAndNothingLeftBehind() throws Exception {
        server.createBucket("faults");
        Path src = folder("faults");
        try (FaultyRelay relay = new FaultyRelay(server.endpoint(), 3, java.util.EnumSet.allOf(FaultyRelay.Fault.class))) {
            for (String client : List.of("auto", "sdk")) {
                Path config = new TestConfig(relay.endpoint(), "faults", client, src).advanced("MaxThread", "2")
                        .advanced("MaxParallelFile", "2").advanced("MaxRetry", "8").write(home.resolve("faults-" + client + ".ini"));
                Path out = home.resolve("faults-" + client + ".out");
                long start = System.nanoTime();
                Process p = UploaderProcess.start(home, out, TestProfiles.environment(home.resolve("aws")), "--nogui", "--config",
                        config.toString(), "--idle-timeout", "2", "--s3-client", client);
                // the relay holds a body it stopped reading for 60 s: a run that waits for it instead of its 2 s idle
                // timeout (a write blocked in sendfile that closing did not wake) takes longer than this
                assertTrue(p.waitFor(45, TimeUnit.SECONDS), "never stuck: " + client);
                System.out.println(client + " through every fault: " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) + " ms");
                String text = Files.readString(out);
                assertEquals(0, p.exitValue(), client + ": " + text);
                assertFalse(text.contains("Exception"), "no class name: " + text);
                assertUploadedWhole("faults", client, src);
            }
            for (FaultyRelay.Fault fault : FaultyRelay.Fault.values()) {
                assertTrue(relay.injected(fault) > 0, "no " + fault + " dealt in " + relay.requests() + " requests");
            }
        }
    }

    @Test
    void run_storeWithoutListMultipartUploads_uploadsWithoutResumeSayingSoOnce() throws Exception {
        server.createBucket("no-resume");
        Path src = folder("no-resume");
        try (FaultyRelay relay = new FaultyRelay(server.endpoint(), 1_000_000)) {
            // as s3rver answers: 501 NotImplemented to ListMultipartUploads
            relay.refuse(head -> head.startsWith("GET ") && head.contains("uploads"), "501 NotImplemented");
            Path config = new TestConfig(relay.endpoint(), "no-resume", "p", src).write(home.resolve("no-resume.ini"));

            CliRun run = CliRun.run(home, "--nogui", "--config", config.toString());

            assertEquals(0, run.exitCode, run.toString());
            assertEquals(1, run.out.split("runs without resume", -1).length - 1, "said once: " + run.out);
            assertUploadedWhole("no-resume", "p", src);
        }
    }

    @Test
    void run_keyTheStoreRefuses_thatFileFailsInWordsTheOthersAreUploaded() throws Exception {
        server.createBucket("refused");
        Path src = home.resolve("refused-src");
        TestFiles.write(src.resolve("good.txt"), 100, 5);
        TestFiles.write(src.resolve("refused.txt"), 100, 6);
        try (FaultyRelay relay = new FaultyRelay(server.endpoint(), 1_000_000)) {
            relay.refuse(head -> head.contains("refused.txt"), "400 InvalidArgument");
            Path config = new TestConfig(relay.endpoint(), "refused", "p", src).write(home.resolve("refused.ini"));

            CliRun run = CliRun.run(home, "--nogui", "--config", config.toString());

            assertEquals(1, run.exitCode, run.toString());
            // a HEAD's answer has no error document: the status says it
            assertTrue(run.out.contains("refused.txt: the store refused the key") && run.out.contains("HTTP 400 Bad Request"), run.out);
            assertFalse((run.out + run.err).contains("Exception"), "no class name: " + run);
            try (S3Client s3 = server.client()) {
                assertEquals(TestFiles.md5(src.resolve("good.txt")), TestFiles.objectMd5(s3, "refused", "p/good.txt"));
            }
        }
    }

    @Test
    void stop_storeHangsOnEveryRequest_jobEndsWithinFiveSecondsOverBothClients() throws Exception {
        server.createBucket("hang");
        Path src = folder("hang");
        assertStopsWithinFiveSeconds(src, false);
        assertStopsWithinFiveSeconds(src, true);
    }

    private static void assertStopsWithinFiveSeconds(Path src, boolean sdk) throws Exception {
        try (FaultyRelay relay = new FaultyRelay(server.endpoint(), 1_000_000)) {
            // an idle timeout far longer than the stop may take: only the stop can end the stuck requests
            StoreSettings settings = new StoreSettings(sdk, Duration.ofSeconds(120), null);
            try (S3Bucket store = new S3ClientFactory().openStore(new S3Location(relay.endpoint(), TestProfiles.PROFILE, null, false),
                    "hang", 4, settings)) {
                UploadJob job = new UploadJob(new LocalDirectorySource(src, null), store, sdk ? "sdk" : "own",
                        new JobSettings(5, 20, 2, 2, null, false, false, 0), ProgressListener.NONE, RetryPolicy.standard(20));
                job.checkAccess();
                relay.stallEverything();
                AtomicReference<JobResult> result = new AtomicReference<>();
                Thread running = new Thread(() -> result.set(job.run()));
                running.start();
                Thread.sleep(1000);
                long stopAt = System.nanoTime();
                job.stop();
                running.join(10_000);
                long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - stopAt);

                assertFalse(running.isAlive(), "the job ended (" + (sdk ? "SDK" : "own client") + ")");
                assertTrue(took < 5000, "stopped in " + took + " ms (" + (sdk ? "SDK" : "own client") + ")");
                assertTrue(result.get().stoppedByUser());
            }
        }
    }

    @Test
    void sigterm_midUpload_saysItStoppedAndWhatResumes() throws Exception {
        server.createBucket("sigterm");
        Path src = folder("sigterm");
        Path config = new TestConfig(server.endpoint(), "sigterm", "p", src).write(home.resolve("sigterm.ini"));
        Path out = home.resolve("sigterm.out");
        Process p = UploaderProcess.start(home, out, TestProfiles.environment(home.resolve("aws")), "--nogui", "--config", config.toString(),
                "--bwlimit", "2M", "--log-dir", home.resolve("sigterm-logs").toString());
        try (S3Client s3 = server.client()) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (s3.listMultipartUploads(b -> b.bucket("sigterm")).uploads().isEmpty()) {
                assertTrue(p.isAlive() && System.nanoTime() < deadline, "no upload started: " + Files.readString(out));
                Thread.sleep(50);
            }
        }
        p.destroy(); // SIGTERM
        assertTrue(p.waitFor(10, TimeUnit.SECONDS));

        String text = Files.readString(out);
        assertTrue(text.contains("interrupted: the run stopped before its end; run it again to resume"), text);
        String log;
        try (var logs = Files.list(home.resolve("sigterm-logs"))) {
            log = Files.readString(logs.findFirst().orElseThrow());
        }
        assertTrue(log.contains("interrupted"), log);
    }

    @Test
    void sigterm_whileTheStoreHangsBeforeTheUpload_saysNothingWasSent() throws Exception {
        server.createBucket("sigterm-early");
        Path src = folder("sigterm-early");
        try (FaultyRelay relay = new FaultyRelay(server.endpoint(), 1_000_000)) {
            relay.stallEverything();
            Path config = new TestConfig(relay.endpoint(), "sigterm-early", "p", src).write(home.resolve("sigterm-early.ini"));
            Path out = home.resolve("sigterm-early.out");
            Process p = UploaderProcess.start(home, out, TestProfiles.environment(home.resolve("aws")), "--nogui", "--config", config.toString());
            Thread.sleep(3000); // the access check waits on the hung store
            assertTrue(p.isAlive(), Files.readString(out));

            p.destroy(); // SIGTERM
            assertTrue(p.waitFor(10, TimeUnit.SECONDS));

            String text = Files.readString(out);
            assertTrue(text.contains("interrupted before the upload began: nothing was sent"), text);
        }
    }

    @Test
    void run_logFolderCannotBeMade_warnsLogsElsewhereAndSaysWhere() throws Exception {
        server.createBucket("nolog");
        Path src = home.resolve("nolog-src");
        TestFiles.write(src.resolve("a.txt"), 10, 7);
        Path notAFolder = home.resolve("a-file");
        Files.writeString(notAFolder, "x");
        Path config = new TestConfig(server.endpoint(), "nolog", "p", src).write(home.resolve("nolog.ini"));

        CliRun run = CliRun.run(home, "--nogui", "--config", config.toString(), "--log-dir", notAFolder.resolve("logs").toString());

        assertEquals(0, run.exitCode, run.toString());
        assertTrue(run.err.contains("warning: cannot write the log in " + notAFolder.resolve("logs")), run.err);
        String named = run.out.lines().filter(l -> l.trim().startsWith("log:")).findFirst().orElseThrow().trim().substring(4).trim();
        assertTrue(Files.size(Path.of(named)) > 0, "the fallback log holds the run: " + named);
    }
}
