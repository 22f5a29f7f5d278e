package dev.uploader.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.uploader.engine.FileOutcome;
import dev.uploader.engine.ForwardingSource;
import dev.uploader.engine.JobResult;
import dev.uploader.engine.JobSettings;
import dev.uploader.engine.KeyOrder;
import dev.uploader.engine.ProgressListener;
import dev.uploader.engine.RetryPolicy;
import dev.uploader.engine.SourceEntry;
import dev.uploader.engine.SourceProblem;
import dev.uploader.engine.UploadJob;
import dev.uploader.report.JsonLinesReport;
import dev.uploader.storage.S3ClientFactory;
import dev.uploader.storage.local.LocalDirectorySource;
import dev.uploader.storage.s3.S3Location;
import dev.uploader.storage.s3.sdk.SdkS3Bucket;
import dev.uploader.testing.InMemoryServerTest;
import dev.uploader.testing.TestConfig;
import dev.uploader.testing.TestFiles;
import dev.uploader.testing.TestProfiles;
import dev.uploader.testing.UploaderProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/** The streaming plan against a real S3Proxy: uploads start while the listing goes on, in the store's key order. */
class StreamingPlanTest extends InMemoryServerTest {

    @Test
    void run_listingStillGoing_firstFilesUploadedBeforeItEnds() throws Exception {
        server.createBucket("streaming");
        Path src = home.resolve("streaming-src");
        for (int i = 0; i < 40; i++) {
            TestFiles.write(src.resolve(String.format("f%02d.bin", i)), 1000, i);
        }
        CountDownLatch firstUploaded = new CountDownLatch(1);
        boolean[] waitedInVain = {false};
        // a listing that stops half way until a file is at the destination: a plan that lists everything first never gets there
        ForwardingSource slowListing = new ForwardingSource(new LocalDirectorySource(src, null)) {
            @Override
            public void list(Consumer<SourceEntry> entries, Consumer<SourceProblem> problems) {
                int[] n = {0};
                inner.list(e -> {
                    if (n[0]++ == 30) {
                        try {
                            waitedInVain[0] = !firstUploaded.await(20, TimeUnit.SECONDS);
                        } catch (InterruptedException ex) {
                            Thread.currentThread().interrupt();
                        }
                    }
                    entries.accept(e);
                }, problems);
            }
        };
        ProgressListener listener = new ProgressListener() {
            @Override
            public void fileFinished(FileOutcome outcome) {
                if (outcome.status() == FileOutcome.Status.UPLOADED) {
                    firstUploaded.countDown();
                }
            }
        };
        S3Location location = new S3Location(server.endpoint(), TestProfiles.PROFILE, null, false);
        try (SdkS3Bucket store = new SdkS3Bucket(new S3ClientFactory().create(location, 10), "streaming", TestProfiles.PROFILE)) {
            UploadJob job = new UploadJob(slowListing, store, "s", new JobSettings(5, 1, 2, 4, null, false, false, 0), listener,
                    RetryPolicy.standard(1));

            JobResult result = job.run();

            assertTrue(!waitedInVain[0], "a file was uploaded while the listing was still going");
            assertEquals(40, result.count(FileOutcome.Status.UPLOADED));
        }
    }

    @Test
    void list_namesThatSortDifferentlyAsFolders_localWalkInTheStoresKeyOrderAndEverySecondRunSkipsAll() throws Exception {
        server.createBucket("order");
        Path src = home.resolve("order-src");
        // "a/" sorts after "a-b" and "a.b" (0x2F > 0x2D, 0x2E) but before "a0"; a folder is its name and "/"
        for (String name : List.of("a-b", "a.b", "a/x", "a/y/z", "a0", "ab/c", "é", "😀", "\uE000", "Z", "a b")) {
            TestFiles.write(src.resolve(name), 10, name.hashCode());
        }
        List<String> walked = new ArrayList<>();
        new LocalDirectorySource(src, null).list(e -> walked.add(e.relativePath()), p -> { });
        List<String> sorted = new ArrayList<>(walked);
        sorted.sort(KeyOrder.INSTANCE);
        assertEquals(sorted, walked);
        assertEquals(11, walked.size());

        Path config = new TestConfig(server.endpoint(), "order", "", src).write(home.resolve("order.ini"));
        assertEquals(0, dev.uploader.testing.CliRun.run(home, "--nogui", "--config", config.toString()).exitCode);
        try (S3Client s3 = server.client()) {
            List<String> listed = s3.listObjectsV2Paginator(b -> b.bucket("order")).contents().stream().map(S3Object::key).toList();
            assertEquals(sorted.stream().sorted(KeyOrder.INSTANCE).toList(), listed.stream().sorted(KeyOrder.INSTANCE).toList());
        }
        server.resetCounters();
        dev.uploader.testing.CliRun again = dev.uploader.testing.CliRun.run(home, "--nogui", "--config", config.toString());
        assertEquals(0, again.exitCode, again.toString());
        assertTrue(again.out.contains("skipped:  11 file(s)"), again.out);
        assertEquals(0, server.bytesReceived());
    }

    @Test
    void report_processKilledMidJob_everyLineWrittenIsWholeAndValid() throws Exception {
        server.createBucket("killed-report");
        Path src = home.resolve("killed-src");
        for (int i = 0; i < 400; i++) {
            TestFiles.write(src.resolve(String.format("d%d/f%03d.bin", i % 5, i)), 2000, i);
        }
        Path config = new TestConfig(server.endpoint(), "killed-report", "", src).advanced("BandwidthLimit", "200K")
                .write(home.resolve("killed.ini"));
        Path report = home.resolve("killed.jsonl");
        Path out = home.resolve("killed.out");
        Process p = UploaderProcess.start(home, out, TestProfiles.environment(home.resolve("aws")), "--nogui", "--config", config.toString(), "--report", report.toString());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline && (!Files.exists(report) || Files.size(report) < 2000)) {
            Thread.sleep(50);
        }
        p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);

        List<Map<String, Object>> records = JsonLinesReport.read(report);
        assertTrue(records.size() >= 5, "some records before the kill: " + records.size() + "\n" + Files.readString(out));
        assertTrue(records.size() < 400, "killed mid-job");
        assertTrue(records.stream().allMatch(r -> "object".equals(r.get("type")) && r.get("key") != null && r.get("outcome") != null));
        assertEquals(records.size(), records.stream().map(r -> r.get("key")).collect(Collectors.toSet()).size());
    }
}
