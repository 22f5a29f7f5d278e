package dev.uploader.report;

import dev.uploader.engine.FileOutcome;
import dev.uploader.engine.ProgressListener;
import dev.uploader.engine.ProgressSnapshot;

/**
 * A front end's listener that also writes each object's outcome to the report as it is known (from the job's one
 * dispatcher thread), so that a job killed at any moment leaves a report valid up to its last line.
 */
public final class ReportingListener implements ProgressListener {
    private final ProgressListener shown;
    private final JsonLinesReport report;
    private final String pair;

    /** @param pair the bucket pair the records belong to, or null for a job of one */
    public ReportingListener(ProgressListener shown, JsonLinesReport report, String pair) {
        this.shown = shown;
        this.report = report;
        this.pair = pair;
    }

    @Override
    public void jobStarted(int filesToUpload, long bytesToUpload) {
        shown.jobStarted(filesToUpload, bytesToUpload);
    }

    @Override
    public void fileStarted(String key, long size) {
        shown.fileStarted(key, size);
    }

    @Override
    public void fileFinished(FileOutcome outcome) {
        if (outcome.key() == null) {
            // a source entry that could not be read: no key was ever made for it
            report.problem(pair, outcome.sourcePath(), outcome.detail());
        } else {
            report.object(pair, outcome, outcome.status() == FileOutcome.Status.SKIPPED ? "skip" : "upload");
        }
        shown.fileFinished(outcome);
    }

    @Override
    public void progress(ProgressSnapshot snapshot) {
        shown.progress(snapshot);
    }

    @Override
    public void notice(String message) {
        shown.notice(message);
    }
}
