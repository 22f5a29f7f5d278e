package dev.uploader.gui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.uploader.engine.ResumeLedger;
import dev.uploader.report.JsonLinesReport;
import dev.uploader.storage.S3ClientFactory;
import dev.uploader.testing.InMemoryServerTest;
import dev.uploader.testing.TestFiles;
import dev.uploader.testing.TestProfiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The window's report, "Save report", "Retry failures" and filters without a window: synchronous executors, a real
 * S3-compatible server (S3Proxy).
 */
class MainViewModelReportTest extends InMemoryServerTest {
    @TempDir
    Path dir;

    private MainViewModel model(String bucket, Path src) {
        server.createBucket(bucket);
        MainViewModel model = new MainViewModel(dir.resolve("job.ini"), dir.resolve("state/reports"), Map.of(), new S3ClientFactory(),
                job -> ResumeLedger.NONE, Runnable::run, Runnable::run);
        model.srcDir.set(src.toString());
        model.desProfile.set(TestProfiles.PROFILE);
        model.desEndpoint.set(server.endpoint().toString());
        model.desBucket.set(bucket);
        model.maxRetry.set("1");
        return model;
    }

    /** A source folder with two good files and bad.bin, a symbolic link to a file that does not exist yet. */
    private Path sourceWithBrokenLink(String name) throws Exception {
        Path src = dir.resolve(name);
        TestFiles.write(src.resolve("a.bin"), 1000, 1);
        TestFiles.write(src.resolve("sub/b.bin"), 2000, 2);
        Files.createSymbolicLink(src.resolve("bad.bin"), dir.resolve(name + "-missing.bin"));
        return src;
    }

    private static List<String> keys(String bucket) {
        try (S3Client s3 = server.client()) {
            return s3.listObjectsV2(b -> b.bucket(bucket)).contents().stream().map(S3Object::key).sorted().toList();
        }
    }

    private static List<Map<String, Object>> records(Path report, String type) {
        return JsonLinesReport.read(report).stream().filter(r -> type.equals(r.get("type"))).toList();
    }

    @Test
    void start_brokenLinkInSource_reportWrittenAsItWentAndItsFailuresListNamesTheLink() throws Exception {
        Path src = sourceWithBrokenLink("fails");
        MainViewModel model = model("fails", src);

        model.start();

        assertEquals(JobState.IDLE, model.state().get(), model.error.get());
        Path report = model.lastReport().get();
        assertNotNull(report, model.summary.get());
        assertEquals(dir.resolve("state/reports"), report.getParent());
        assertTrue(report.getFileName().toString().matches("run-\\d{8}-\\d{6}(-\\d+)?\\.jsonl"), report.toString());
        assertEquals(List.of("bad.bin"), Files.readAllLines(JsonLinesReport.failuresFile(report)));
        List<Map<String, Object>> objects = records(report, "object");
        assertEquals(3, objects.size(), objects.toString());
        assertTrue(objects.stream().anyMatch(r -> "bad.bin".equals(r.get("source")) && "failed".equals(r.get("outcome"))), objects.toString());
        List<Map<String, Object>> summaries = records(report, "summary");
        assertEquals(1, summaries.size());
        assertEquals(2L, summaries.get(0).get("uploaded"));
        assertEquals(1L, summaries.get(0).get("failed"));
        assertTrue(model.summary.get().contains("Report: " + report), model.summary.get());
        assertTrue(model.canRetryFailures().get());
        assertEquals(List.of("a.bin", "sub/b.bin"), keys("fails"));
    }

    @Test
    void retryFailures_lastRunHadFailures_onlyTheFailedNamesMove() throws Exception {
        Path src = sourceWithBrokenLink("retry");
        MainViewModel model = model("retry", src);
        model.start();
        Path first = model.lastReport().get();
        assertTrue(model.canRetryFailures().get(), model.summary.get());
        TestFiles.write(dir.resolve("retry-missing.bin"), 3000, 3);
        // a field changed since the run does not change what a retry does: it is the last run's job
        model.srcDir.set(dir.resolve("elsewhere").toString());
        server.resetCounters();

        model.retryFailures();

        assertEquals(JobState.IDLE, model.state().get(), model.error.get());
        assertEquals("", model.error.get());
        assertEquals(3000, server.bytesReceived(), "only bad.bin travelled");
        assertEquals(1, server.putsReceived("bad.bin"));
        assertEquals(List.of("a.bin", "bad.bin", "sub/b.bin"), keys("retry"));
        Path second = model.lastReport().get();
        assertFalse(second.equals(first), "each run has its own report");
        List<Map<String, Object>> objects = records(second, "object");
        assertEquals(1, objects.size(), "the other files were not even looked at: " + objects);
        assertEquals("bad.bin", objects.get(0).get("key"));
        assertEquals("uploaded", objects.get(0).get("outcome"));
        assertEquals(List.of(), Files.readAllLines(JsonLinesReport.failuresFile(second)));
        assertFalse(model.canRetryFailures().get(), "nothing failed this time");
        assertTrue(model.log.stream().anyMatch(l -> l.contains("only the 1 name(s) in " + JsonLinesReport.failuresFile(first))), model.log.toString());
    }

    @Test
    void retryFailures_lastRunHadNoFailures_nothingStarts() throws Exception {
        Path src = dir.resolve("clean");
        TestFiles.write(src.resolve("a.bin"), 100, 1);
        MainViewModel model = model("clean", src);
        model.start();
        assertFalse(model.canRetryFailures().get(), model.summary.get());
        server.resetCounters();
        String before = model.summary.get();

        model.retryFailures();

        assertEquals(before, model.summary.get());
        assertEquals(0, server.bytesReceived());
    }

    @Test
    void saveReport_runWithFailures_reportAndFailuresListCopiedSideBySide() throws Exception {
        Path src = sourceWithBrokenLink("save");
        MainViewModel model = model("save", src);
        model.start();
        Path report = model.lastReport().get();
        Path target = dir.resolve("chosen/my-report.jsonl");
        Files.createDirectories(target.getParent());

        model.saveReport(target);

        assertEquals("", model.error.get());
        assertEquals(Files.readString(report), Files.readString(target));
        assertEquals(List.of("bad.bin"), Files.readAllLines(dir.resolve("chosen/my-report.jsonl.failed.txt")));
        assertTrue(model.status.get().contains(target.toString()), model.status.get());
        assertEquals(report.getFileName().toString(), model.reportFileName());
    }

    @Test
    void saveReport_folderMissing_oneLineErrorWithoutClassName() throws Exception {
        Path src = dir.resolve("nosave");
        TestFiles.write(src.resolve("a.bin"), 100, 1);
        MainViewModel model = model("nosave", src);
        model.start();

        model.saveReport(dir.resolve("no/such/folder/r.jsonl"));

        String error = model.error.get();
        assertTrue(error.startsWith("Cannot save the report to "), error);
        assertFalse(error.contains("Exception") || error.contains("java."), error);
        assertFalse(error.contains("\n"), error);
    }

    @Test
    void start_excludeAndMinSizeFields_leftOutFilesNotUploadedAndSummarySaysHowMany() throws Exception {
        Path src = dir.resolve("filtered");
        TestFiles.write(src.resolve("keep.bin"), 5000, 1);
        TestFiles.write(src.resolve("skip.tmp"), 5000, 2);
        TestFiles.write(src.resolve("tiny.bin"), 10, 3);
        MainViewModel model = model("filtered", src);
        model.exclude.set("*.tmp, *.log");
        model.minSize.set("1 KiB");

        model.start();

        assertEquals("", model.error.get());
        assertEquals(List.of("keep.bin"), keys("filtered"));
        assertTrue(model.summary.get().contains("Left out 2 source entries by the filters"), model.summary.get());
        assertTrue(model.log.stream().anyMatch(l -> l.startsWith("filters: ")), model.log.toString());
    }

    @Test
    void start_includeFieldAndChecksum_onlyMatchingFilesMove() throws Exception {
        Path src = dir.resolve("included");
        TestFiles.write(src.resolve("photo.jpg"), 100, 1);
        TestFiles.write(src.resolve("notes.txt"), 100, 2);
        MainViewModel model = model("included", src);
        model.include.set("*.jpg");
        model.checksum.set(true);

        model.start();

        assertEquals("", model.error.get());
        assertEquals(List.of("photo.jpg"), keys("included"));
    }

    @Test
    void start_badFilterValues_oneLineMessageNamingTheKeyAndNothingStarts() throws Exception {
        Path src = dir.resolve("bad");
        Files.createDirectories(src);
        MainViewModel model = model("bad", src);
        for (Runnable bad : List.<Runnable>of(
                () -> model.minSize.set("lots"),
                () -> model.newerThan.set("last tuesday"),
                () -> model.include.set("[unclosed"))) {
            model.minSize.set("");
            model.newerThan.set("");
            model.include.set("");
            bad.run();

            model.start();

            String error = model.error.get();
            assertTrue(error.contains("[Filter]"), error);
            assertFalse(error.contains("Exception") || error.contains("java."), error);
            assertFalse(error.contains("\n"), error);
            assertEquals(JobState.IDLE, model.state().get());
            assertNull(model.lastReport().get());
        }
        assertFalse(Files.exists(dir.resolve("state/reports")), "no report for a job that did not even validate");
    }

    @Test
    void start_jobCannotRun_noReportLeftBehind() throws Exception {
        Path src = dir.resolve("nobucket");
        TestFiles.write(src.resolve("a.bin"), 100, 1);
        MainViewModel model = model("exists", src);
        model.desBucket.set("no-such-bucket");

        model.start();

        assertFalse(model.error.get().isEmpty());
        assertNull(model.lastReport().get());
        try (var files = Files.list(dir.resolve("state/reports"))) {
            assertEquals(List.of(), files.toList());
        }
    }

    @Test
    void loadThenSave_filterKeys_roundTripAndUnusedFiltersNotWritten() throws Exception {
        Path config = dir.resolve("filters.ini");
        Files.writeString(config, "[Basic]\nDesBucket = b\n\n[Filter]\nExclude = *.tmp\\, odd, *.log\nNewerThan = 7d\nChecksum = True\n");
        MainViewModel model = new MainViewModel(config, dir.resolve("reports"), Map.of(), new S3ClientFactory(), job -> ResumeLedger.NONE,
                Runnable::run, Runnable::run);

        model.load();
        assertEquals("*.tmp\\, odd, *.log", model.exclude.get());
        assertEquals("7d", model.newerThan.get());
        assertTrue(model.checksum.get());
        model.maxSize.set("2 GiB");
        model.save();

        String saved = Files.readString(config);
        assertTrue(saved.contains("Exclude = *.tmp\\, odd, *.log") && saved.contains("MaxSize = 2 GiB") && saved.contains("Checksum = True"), saved);
        assertFalse(saved.contains("Include") || saved.contains("MinSize") || saved.contains("OlderThan"), "unused, not written: " + saved);

        Path plain = dir.resolve("plain.ini");
        Files.writeString(plain, "[Basic]\nDesBucket = b\n");
        MainViewModel other = new MainViewModel(plain, dir.resolve("reports"), Map.of(), new S3ClientFactory(), job -> ResumeLedger.NONE,
                Runnable::run, Runnable::run);
        other.load();
        other.save();
        assertFalse(Files.readString(plain).contains("[Filter]"), Files.readString(plain));
    }
}
