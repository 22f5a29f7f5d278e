package dev.uploader.run;

import dev.uploader.config.ConfigException;
import dev.uploader.config.JobConfig;
import dev.uploader.engine.JobResult;
import dev.uploader.engine.JobTotals;
import dev.uploader.engine.PendingUpload;
import dev.uploader.engine.ProgressListener;
import dev.uploader.engine.ResumeLedger;
import dev.uploader.engine.TransferException;
import dev.uploader.engine.UploadJob;
import dev.uploader.engine.watch.FolderWatch;
import dev.uploader.report.JsonLinesReport;
import dev.uploader.report.ReportingListener;
import dev.uploader.storage.JobStores;
import dev.uploader.storage.S3ClientFactory;
import java.util.List;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one sequence of a job, driven by the command line and the desktop app alike: open the stores, create the bucket
 * when asked to, check access, settle the unfinished uploads, then run (or watch the folder), with the report's records
 * and summary. A front end only says and asks ({@link RunEvents}); a feature added here behaves the same in both.
 *
 * <p>A job that cannot run throws {@link dev.uploader.engine.TransferException.Fatal} or
 * {@link dev.uploader.config.ConfigException}, with words for the person.
 */
public final class JobRunner {
    private static final Logger LOG = LoggerFactory.getLogger(JobRunner.class);

    private final S3ClientFactory clients;
    private final Function<JobConfig, ResumeLedger> ledgers;
    private final RunHistoryWriter history;

    /**
     * @param ledgers where a job's resume records are kept
     * @param history where each run that ran is recorded
     */
    public JobRunner(S3ClientFactory clients, Function<JobConfig, ResumeLedger> ledgers, RunHistoryWriter history) {
        this.clients = clients;
        this.ledgers = ledgers;
        this.history = history;
    }

    public RunOutcome run(RunRequest request, RunEvents events) {
        java.time.Instant started = java.time.Instant.now();
        String[] where = new String[2];
        UploadJob[] opened = new UploadJob[1];
        try {
            return run(request, events, started, where, opened);
        } catch (TransferException | ConfigException e) {
            if (!request.dryRun()) {
                boolean stopped = opened[0] != null && opened[0].stopRequested();
                history.couldNotRun(request, started, where[0], where[1], stopped ? "stopped before the upload began; nothing was sent"
                        : e.getMessage(), stopped);
            }
            throw e;
        }
    }

    private RunOutcome run(RunRequest request, RunEvents events, java.time.Instant started, String[] where, UploadJob[] opened) {
        JobConfig job = request.job();
        try (JobStores stores = JobStores.open(job, clients, request.names())) {
            String source = stores.source().describe();
            String destination = stores.destinationText();
            where[0] = source;
            where[1] = destination;
            ProgressListener shown = events.progress();
            JsonLinesReport report = request.report();
            ProgressListener heard = report == null ? shown : new ReportingListener(shown, report, request.pairName());
            if (!request.dryRun() && stores.createDestinationIfMissing()) {
                LOG.info("created bucket {}", job.desBucket());
                events.said(events.texts().text("run.createdBucket", job.desBucket()));
            }
            String filters = stores.filterText();
            if (filters != null) {
                LOG.info("filters: {}", filters);
                events.said(events.texts().text("run.filters", filters));
            }
            if (request.names() != null) {
                events.said(events.texts().text("run.onlyNames", request.names().lines().size(), request.names().name()));
            }
            UploadJob upload = stores.newJob(heard, ledgers.apply(job), request.serverSideCopy());
            opened[0] = upload;
            events.opened(upload);
            upload.checkAccess();
            if (request.dryRun()) {
                boolean ok = events.plan(upload, source, destination, () -> upload.unfinishedUploads().size());
                return new RunOutcome(null, ok, false, false, source, destination);
            }
            List<PendingUpload> pending = upload.unfinishedUploads();
            if (!pending.isEmpty()) {
                UnfinishedChoice choice = events.unfinished(destination, upload, pending);
                if (choice == UnfinishedChoice.CANCEL) {
                    return new RunOutcome(null, false, true, false, source, destination);
                }
                if (choice == UnfinishedChoice.CLEAN) {
                    int aborted = upload.clean(pending);
                    events.said(events.texts().text("run.cleaned", aborted, destination));
                } else {
                    events.said(events.texts().text("run.resuming", pending.size(), destination));
                }
            }
            events.uploading(upload, source, destination);
            RunOutcome outcome = request.watch() == null ? new RunOutcome(upload.run(), true, false, false, source, destination)
                    : watch(request, upload, events, source, destination);
            summarize(request, outcome.result());
            history.ran(request, outcome, started);
            return outcome;
        }
    }

    /**
     * The first run over the whole folder, then batches of files as they settle until the watch is stopped. The outcome
     * is the first run's when the watch could not go on (failed or stopped), else the whole run's.
     */
    private RunOutcome watch(RunRequest request, UploadJob upload, RunEvents events, String source, String destination) {
        JobConfig job = request.job();
        ProgressListener batches = request.report() == null ? events.batches()
                : new ReportingListener(events.batches(), request.report(), request.pairName());
        try (FolderWatch folder = new FolderWatch(job.srcDir(), job.srcFileIndex(), upload, request.watch(), batches, events.watchEvents())) {
            folder.open();
            events.watchOpened(folder);
            if (upload.stopRequested()) {
                folder.stop(); // a stop came before the watch was there to hear it
            }
            JobResult first = folder.firstRun();
            events.firstRunEnded(first, folder, source, destination);
            if (first.fatalError() != null || folder.stopped()) {
                return new RunOutcome(first, true, false, false, source, destination);
            }
            LOG.info("watching {}: settle {} s, rescan every {} s", job.srcDir(), request.watch().settle().toSeconds(),
                    request.watch().rescanEvery().toSeconds());
            folder.watch();
            return new RunOutcome(folder.result(), true, false, true, source, destination);
        }
    }

    /** The report's summary record of the run (of the pair, for a job of several). */
    private static void summarize(RunRequest request, JobResult result) {
        JsonLinesReport report = request.report();
        if (report == null || result == null) {
            return;
        }
        JobTotals t = result.totals();
        report.summary(request.pairName(), new JsonLinesReport.Summary(t.uploaded(), t.skipped(), t.failed(), result.bytesSent(),
                t.bytesReused(), t.partsReused(), result.elapsed().toNanos() / 1e9, t.comparedBySizeOnly(), result.stoppedByUser(),
                result.fatalError(), t.proofs()));
    }
}
