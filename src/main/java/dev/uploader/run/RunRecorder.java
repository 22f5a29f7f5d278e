package dev.uploader.run;

import dev.uploader.engine.JobResult;
import dev.uploader.history.RunHistory;
import dev.uploader.history.RunRecord;
import java.nio.file.Path;
import java.time.Instant;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Records each run in this machine's run history, which the desktop app shows (its own runs and the command line's). */
public final class RunRecorder implements RunHistoryWriter {
    private static final Logger LOG = LoggerFactory.getLogger(RunRecorder.class);

    private final RunHistory history;
    private final Supplier<Path> log;

    /** @param log the run's log file, or null when it keeps none */
    public RunRecorder(RunHistory history, Supplier<Path> log) {
        this.history = history;
        this.log = log;
        // the record is JSON (Jackson): its classes load here, beside the run, not after the summary, where a short run
        // waited for them (about 100 ms of a one-file run's start-up on a cold JVM, measured)
        Thread warm = new Thread(() -> dev.uploader.report.JsonLines.line(java.util.Map.of("warm", "up")), "history-warm-up");
        warm.setDaemon(true);
        warm.start();
    }

    @Override
    public void ran(RunRequest request, RunOutcome outcome, Instant started) {
        JobResult result = outcome.result();
        if (result == null) {
            return; // a dry run, or one cancelled before it began: nothing ran
        }
        RunRecord.Outcome how = result.fatalError() != null ? RunRecord.Outcome.COULD_NOT_RUN
                : result.stoppedByUser() ? RunRecord.Outcome.STOPPED
                : result.success() ? RunRecord.Outcome.OK : RunRecord.Outcome.FAILED_FILES;
        // absolute: the history is read from another folder (the app) than the one a command line ran in
        Path report = request.report() == null ? null : request.report().file().toAbsolutePath();
        Path failures = request.report() == null ? null
                : request.pairName() == null ? request.report().failuresFile() : request.report().failuresFile(request.pairName());
        failures = failures == null ? null : failures.toAbsolutePath();
        record(request, started, RunRecord.Totals.NONE, how, result.fatalError(), report, failures, outcome, result);
    }

    @Override
    public void couldNotRun(RunRequest request, Instant started, String source, String destination, String why, boolean stopped) {
        record(request, started, RunRecord.Totals.NONE, stopped ? RunRecord.Outcome.STOPPED : RunRecord.Outcome.COULD_NOT_RUN, why, null, null,
                new RunOutcome(null, false, false, false, source, destination), null);
    }

    private void record(RunRequest request, Instant started, RunRecord.Totals none, RunRecord.Outcome how, String words, Path report,
                        Path failures, RunOutcome outcome, JobResult result) {
        try {
            RunRecord.Totals totals = result == null ? none : RunRecord.Totals.of(result.totals(), result.bytesSent());
            history.append(new RunRecord(RunRecord.newId(), started, Instant.now(), request.origin(), request.job().jobType(),
                    outcome.source() == null ? "" : outcome.source(), destinationWords(request, outcome.destination()), totals, how,
                    words, report, failures, log.get(), request.job().file()));
        } catch (RuntimeException e) {
            // the history is a convenience: the run's report and log hold what happened
            LOG.warn("cannot record the run in the history {}: {}", history.file(), e.toString());
        }
    }

    /** "s3://bucket/prefix", and " at ENDPOINT" for a store that is not AWS: the same bucket name on two stores is two places. */
    public static String destinationWords(RunRequest request, String destination) {
        String where = destination == null ? "s3://" + request.job().desBucket() : destination;
        return request.job().desEndpoint() == null ? where : where + " at " + request.job().desEndpoint();
    }
}
