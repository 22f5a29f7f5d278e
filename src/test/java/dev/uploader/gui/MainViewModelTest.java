package dev.uploader.gui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.uploader.config.JobType;
import dev.uploader.engine.FileOutcome;
import dev.uploader.engine.JobResult;
import dev.uploader.engine.ResumeLedger;
import dev.uploader.storage.S3ClientFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The main window's logic without a window: synchronous executors, no JavaFX toolkit. */
class MainViewModelTest {
    @TempDir
    Path dir;

    private MainViewModel model(Path config, Executor background) {
        return new MainViewModel(config, dir.resolve("reports"), Map.of(), new S3ClientFactory(), job -> ResumeLedger.NONE, background, Runnable::run);
    }

    @Test
    void loadThenSave_originalToolsFile_valuesRoundTripAndCommentsAndUnknownKeysStay() throws Exception {
        Path config = dir.resolve("s3_upload_config.ini");
        Files.writeString(config, "[Basic]\n# keep me\nJobType = S3_TO_S3\nS3Prefix = photos\nDesBucket = dst\nDesProfileName = me\n"
                + "DesEndpointURL = http://127.0.0.1:9000\nSomethingElse = x\n[S3_TO_S3]\nSrcBucket = src\nSrcProfileName = them\n"
                + "[Advanced]\nChunkSize = 8\nifVerifyMD5 = True\n");
        MainViewModel model = model(config, Runnable::run);

        model.load();
        assertEquals(JobType.S3_TO_S3, model.jobType.get());
        assertEquals("photos", model.sourcePrefix.get());
        assertEquals("photos", model.desPrefix.get(), "no DesPrefix: the destination prefix is S3Prefix");
        assertEquals("http://127.0.0.1:9000", model.desEndpoint.get());
        assertEquals("8", model.chunkSize.get());
        assertTrue(model.verifyMd5.get());

        model.desPrefix.set("copy");
        model.maxThread.set("7");
        model.save();

        String saved = Files.readString(config);
        assertTrue(saved.contains("# keep me") && saved.contains("SomethingElse = x"), saved);
        assertTrue(saved.contains("DesPrefix = copy") && saved.contains("MaxThread = 7") && saved.contains("S3Prefix = photos"), saved);
        assertTrue(saved.contains("DesEndpointURL = http://127.0.0.1:9000"), "the key keeps its original spelling: " + saved);
    }

    @Test
    void start_invalidChunkSize_errorInWordsAndNothingStarts() {
        Path config = dir.resolve("bad.ini");
        List<Runnable> started = new ArrayList<>();
        MainViewModel model = model(config, started::add);
        model.srcDir.set(dir.toString());
        model.desBucket.set("bucket");
        model.chunkSize.set("three");

        model.start();

        assertTrue(model.error.get().contains("ChunkSize = 'three' is not valid"), model.error.get());
        assertEquals(JobState.IDLE, model.state().get());
        assertTrue(started.isEmpty());
    }

    @Test
    void start_missingFolder_errorNamesTheFolder() {
        MainViewModel model = model(dir.resolve("x.ini"), r -> { });
        model.srcDir.set(dir.resolve("gone").toString());
        model.desBucket.set("bucket");

        model.start();

        assertTrue(model.error.get().contains("does not exist"), model.error.get());
    }

    @Test
    void listener_hundredThousandFiles_windowUpdatedFewTimesAndLogKeptShort() {
        List<Runnable> uiTasks = new ArrayList<>();
        MainViewModel model = new MainViewModel(dir.resolve("a.ini"), dir.resolve("reports"), Map.of(), new S3ClientFactory(), job -> ResumeLedger.NONE,
                Runnable::run, uiTasks::add);
        var listener = model.listener();

        for (int i = 0; i < 100_000; i++) {
            listener.fileFinished(new FileOutcome("k" + i, "k" + i, 1, FileOutcome.Status.UPLOADED, "verified", 1, 0, 0, 1, null));
        }
        for (int tick = 0; tick < 3; tick++) {
            listener.progress(new dev.uploader.engine.ProgressSnapshot(100_000, 100_000, 100_000, 100_000, 100_000, 1e6,
                    Duration.ofSeconds(10), List.of(), 0, null));
        }
        assertEquals(1, uiTasks.size(), "ticks not yet shown are merged into one update");
        uiTasks.forEach(Runnable::run);

        assertEquals(MainViewModel.LOG_LINES, model.log.size(), "the log pane keeps the newest lines only");
        assertEquals("uploaded k99999", model.log.get(model.log.size() - 1));
        assertEquals(1.0, model.progress.get());
    }

    @Test
    void summaryText_failures_listedWithReasons() {
        JobResult result = new JobResult(List.of(
                new FileOutcome("p/a", "a", 10, FileOutcome.Status.UPLOADED, "verified", 10, 0, 0, 1, null),
                FileOutcome.failed("p/b", "b", 5, "access denied"),
                FileOutcome.skipped("p/c", "c", 1, "already there")), Duration.ofSeconds(3), null, false);

        String text = MainViewModel.summaryText(result);

        assertTrue(text.contains("Uploaded 1 file(s)"), text);
        assertTrue(text.contains("Skipped 1 file(s)"), text);
        assertTrue(text.contains("Failed 1 file(s)\n  b: access denied"), text);
    }

    @Test
    void summaryText_filtersLeftSomeOutAndChecksumFellBackToSize_bothSaid() {
        List<FileOutcome> files = List.of(FileOutcome.skipped("p/c", "c", 1, "already there"));
        dev.uploader.engine.JobTotals totals = new dev.uploader.engine.JobTotals(0, 1, 0, 0, 0, 0, 0, new java.util.TreeMap<>(), 1, 4, 0);
        JobResult result = new JobResult(files, totals, Duration.ofSeconds(1), null, false, 0, List.of());

        String text = MainViewModel.summaryText(result);

        assertTrue(text.contains("Left out 4 source entries by the filters"), text);
        assertTrue(text.contains("1 of them compared by size only"), text);
    }

    @Test
    void summaryText_noFilterNoChecksum_neitherLineShown() {
        JobResult result = new JobResult(List.of(FileOutcome.skipped("p/c", "c", 1, "already there")), Duration.ofSeconds(1), null, false);

        String text = MainViewModel.summaryText(result);

        assertFalse(text.contains("Left out"), text);
        assertFalse(text.contains("compared by size only"), text);
    }

    @Test
    void summaryText_uploadLeftBehind_listedWithIdAndReasonAndBytesSentShown() {
        JobResult result = new JobResult(List.of(new FileOutcome("p/a", "a", 10, FileOutcome.Status.UPLOADED, "verified", 10, 0, 0, 1, null)),
                Duration.ofSeconds(3), null, false, 12_345, List.of(new JobResult.LeftUpload("p/b", "up-1", "could not be aborted: HTTP 500")));

        String text = MainViewModel.summaryText(result);

        assertTrue(text.contains("Left 1 unfinished upload(s)"), text);
        assertTrue(text.contains("p/b (upload up-1): could not be aborted: HTTP 500"), text);
        assertTrue(text.contains("Sent 12.1 KiB"), text);
    }

    @Test
    void words_failureWithoutMessage_saysSoWithoutClassName() {
        String words = MainViewModel.words(new IllegalStateException());

        assertFalse(words.contains("Exception"), words);
        assertFalse(words.contains("java."), words);
    }
}
