package dev.uploader.report;

import dev.uploader.engine.FileOutcome;
import dev.uploader.engine.ForwardingListener;
import dev.uploader.engine.ProgressListener;

/**
 * A front end's listener that also writes each object's outcome to the report as it is known (from the job's one
 * dispatcher thread), so that a job killed at any moment leaves a report valid up to its last line.
 */
public final class ReportingListener extends ForwardingListener {
    private final JsonLinesReport report;
    private final String pair;

    /** @param pair the bucket pair the records belong to, or null for a job of one */
    public ReportingListener(ProgressListener shown, JsonLinesReport report, String pair) {
        super(shown);
        this.report = report;
        this.pair = pair;
    }

    @Override
    public void fileFinished(FileOutcome outcome) {
        if (outcome.key() == null) {
            // a source entry that could not be read: no key was ever made for it
            report.problem(pair, outcome.sourcePath(), outcome.detail());
        } else {
            report.object(pair, outcome, outcome.status() == FileOutcome.Status.SKIPPED ? "skip" : "upload");
        }
        inner.fileFinished(outcome);
    }
}
