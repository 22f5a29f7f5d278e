package dev.uploader.gui.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.uploader.config.JobType;
import dev.uploader.engine.FileOutcome;
import dev.uploader.engine.Proof;
import dev.uploader.history.RunDetails;
import dev.uploader.history.RunHistory;
import dev.uploader.history.RunRecord;
import dev.uploader.report.JsonLinesReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The history pane's logic without a window: synchronous executors, no JavaFX toolkit. */
class HistoryViewModelTest {
    private static final Instant T0 = Instant.parse("2026-12-02T10:00:00Z");

    @TempDir
    Path dir;

    private final List<RetryRequest> retries = new ArrayList<>();

    private HistoryViewModel model(RunHistory history) {
        return new HistoryViewModel(history, retries::add, Runnable::run, Runnable::run);
    }

    private RunRecord run(String id, long failed, Path report, Path failures, Path log, Path config) {
        return new RunRecord(id, T0, T0.plusSeconds(60), RunRecord.Origin.APP, JobType.LOCAL_TO_S3, "/data", "s3://b/p at http://h:9000",
                new RunRecord.Totals(1, 1, failed, 10, 0, 0, Map.of()), failed > 0 ? RunRecord.Outcome.FAILED_FILES : RunRecord.Outcome.OK,
                null, report, failures, log, config);
    }

    private Path report() {
        Path file = dir.resolve("report.jsonl");
        try (JsonLinesReport report = JsonLinesReport.open(file)) {
            report.object(null, FileOutcome.uploaded("p/a", "a", 1, Proof.PART_MD5S, "ok", 1, 0, 0, 1, "e"), "upload");
            report.object(null, FileOutcome.skipped("p/b", "b", 2, "already at the destination (same size, same ETag)"), "skip");
            report.object(null, FileOutcome.failed("p/c", "c", 3, "refused: Access Denied"), "upload");
        }
        return file;
    }

    @Test
    void refresh_twoRunsAppended_listedNewestFirst() {
        RunHistory history = new RunHistory(dir.resolve("history"));
        history.append(run("old", 0, null, null, null, null));
        history.append(run("new", 0, null, null, null, null));
        HistoryViewModel model = model(history);

        model.refresh();

        assertEquals(List.of("new", "old"), model.runs.stream().map(RunRecord::id).toList());
        assertEquals("2 run(s)", model.message.get());
        assertFalse(model.busy.get());
    }

    @Test
    void refresh_noHistory_emptyAndSaysSo() {
        HistoryViewModel model = model(new RunHistory(dir.resolve("none")));

        model.refresh();

        assertTrue(model.runs.isEmpty());
        assertEquals("No runs yet.", model.message.get());
    }

    @Test
    void select_runWithReport_rowsFailuresWithReasonsAndFiles() throws IOException {
        Path report = report();
        Path log = Files.writeString(dir.resolve("run.log"), "log");
        HistoryViewModel model = model(new RunHistory(dir));
        RunRecord run = run("r", 1, report, JsonLinesReport.failuresFile(report), log, null);

        model.select(run);

        assertEquals(run, model.selected.get());
        assertEquals(List.of("p/a", "p/b", "p/c"), model.rows.stream().map(RunDetails.Row::key).toList());
        assertEquals(1, model.failures.size());
        assertEquals("refused: Access Denied", model.failures.get(0).detail());
        assertEquals(report, model.reportFile.get());
        assertEquals(log, model.logFile.get());
        assertEquals("3 file(s), 1 failed", model.message.get());
        assertFalse(model.canRetryProperty().get(), "no config file to run it with");
    }

    @Test
    void select_reportGone_saysWhyAndNoRows() {
        HistoryViewModel model = model(new RunHistory(dir));

        model.select(run("r", 0, dir.resolve("gone.jsonl"), null, dir.resolve("gone.log"), null));

        assertTrue(model.rows.isEmpty());
        assertNull(model.reportFile.get());
        assertNull(model.logFile.get(), "a log that is not there is not offered");
        assertTrue(model.message.get().contains("gone.jsonl"), model.message.get());
        assertFalse(model.busy.get());
    }

    @Test
    void select_slowerEarlierSelection_onlyTheLatestShown() {
        Path report = report();
        List<Runnable> queued = new ArrayList<>();
        HistoryViewModel model = new HistoryViewModel(new RunHistory(dir), retries::add, queued::add, Runnable::run);
        RunRecord first = run("first", 1, report, null, null, null);
        RunRecord second = run("second", 0, null, null, null, null);

        model.select(first);
        model.select(second);
        queued.forEach(Runnable::run);

        assertEquals(second, model.selected.get());
        assertTrue(model.rows.isEmpty(), "the first run's rows came too late");
    }

    @Test
    void retryFailures_runWithFailuresListAndConfig_callbackGetsThem() throws IOException {
        Path report = report();
        Path config = Files.writeString(dir.resolve("s3_upload_config.ini"), "[Basic]\n");
        RunRecord run = run("r", 1, report, JsonLinesReport.failuresFile(report), null, config);
        HistoryViewModel model = model(new RunHistory(dir));
        model.select(run);

        assertTrue(model.canRetryProperty().get());
        model.retryFailures(run);

        assertEquals(List.of(new RetryRequest(run, config, JsonLinesReport.failuresFile(report))), retries);
    }

    @Test
    void retryFailures_nothingFailedOrListGone_noCallbackAndSaysWhy() throws IOException {
        Path config = Files.writeString(dir.resolve("s3_upload_config.ini"), "[Basic]\n");
        HistoryViewModel model = model(new RunHistory(dir));

        model.retryFailures(run("ok", 0, null, null, null, config));
        assertEquals("Nothing failed in that run.", model.message.get());
        model.retryFailures(run("gone", 2, null, dir.resolve("gone.failed.txt"), null, config));
        assertTrue(model.message.get().contains("gone.failed.txt"), model.message.get());

        assertTrue(retries.isEmpty());
    }
}
