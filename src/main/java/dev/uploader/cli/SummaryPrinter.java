package dev.uploader.cli;

import dev.uploader.engine.FileOutcome;
import dev.uploader.engine.JobResult;
import dev.uploader.engine.JobTotals;
import dev.uploader.engine.Proof;
import dev.uploader.format.Sizes;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The end of a run: uploaded and what each upload proved, resumed (parts and bytes reused), skipped, failed with
 * reasons, time. "Verified" is said only with what was shown (see {@link Proof}).
 */
final class SummaryPrinter {
    /** Failures listed one by one on the console; the log and the report have every one. */
    static final int MAX_FAILURES_SHOWN = 50;

    private final PrintStream out;
    private final boolean byContent;
    private final Path reportFile;

    /**
     * @param byContent  the job compared content ({@code --checksum})
     * @param reportFile the report file, or null
     */
    SummaryPrinter(PrintStream out, boolean byContent, Path reportFile) {
        this.out = out;
        this.byContent = byContent;
        this.reportFile = reportFile;
    }

    void print(JobResult result, String source, String destination, Path log) {
        JobTotals totals = result.totals();
        List<FileOutcome> failed = result.with(FileOutcome.Status.FAILED);
        double seconds = Math.max(0.001, result.elapsed().toNanos() / 1e9);

        out.println();
        out.println("Summary: " + source + " -> " + destination);
        out.println("  uploaded: " + totals.uploaded() + " file(s), " + Sizes.bytes(totals.uploadedBytes()));
        for (Map.Entry<Proof, Long> proof : result.proofs().entrySet()) {
            out.println("    " + proof.getValue() + " file(s) verified: " + proof.getKey().words());
        }
        out.println("  resumed:  " + totals.resumedFiles() + " file(s), " + result.partsReused() + " part(s) reused, "
                + Sizes.bytes(result.bytesReused()) + " not sent again");
        out.println("  skipped:  " + totals.skipped() + " file(s) already at the destination (" + (byContent
                ? "same size and same content" : "same size, and same ETag or written after the source's last change") + ")");
        if (totals.comparedBySizeOnly() > 0) {
            out.println("    " + totals.comparedBySizeOnly() + " of them compared by size only: no MD5 on both sides to compare content with");
        }
        if (totals.excluded() + totals.excludedFolders() > 0) {
            out.println("  left out: " + totals.excluded() + " source entr" + (totals.excluded() == 1 ? "y" : "ies") + " by the filters"
                    + (totals.excludedFolders() == 0 ? "" : ", and " + totals.excludedFolders() + " folder(s) excluded whole (not walked)"));
        }
        out.println("  failed:   " + totals.failed() + " file(s)");
        int shown = 0;
        for (FileOutcome f : failed) {
            if (shown++ == MAX_FAILURES_SHOWN) {
                break;
            }
            out.println("    - " + (f.sourcePath() == null ? f.key() : f.sourcePath()) + ": " + f.detail());
        }
        if (totals.failed() > Math.min(shown, MAX_FAILURES_SHOWN)) {
            out.println("    ... and " + (totals.failed() - Math.min(shown, MAX_FAILURES_SHOWN)) + " more: the log"
                    + (reportFile == null ? "" : ", the report " + reportFile + " and its list of failures") + " name every one");
        }
        out.println("  sent:     " + Sizes.bytes(result.bytesSent()) + " in " + Sizes.duration(result.elapsed())
                + " (" + Sizes.rate(result.bytesSent() / seconds) + ")");
        if (!result.leftBehind().isEmpty()) {
            out.println("  left:     " + result.leftBehind().size() + " unfinished upload(s) this run made and could not abort (they are"
                    + " billed until aborted: run with --clean, or abort them in the store's console):");
            for (JobResult.LeftUpload u : result.leftBehind()) {
                out.println("    - " + u.key() + " (upload " + u.uploadId() + "): " + u.why());
            }
        }
        if (result.stoppedByUser()) {
            out.println("  stopped before the end; run again to resume");
        }
        out.println("  log:      " + (log == null ? "none: no folder could take it (see the warning above)" : log));
        out.println(result.success()
                ? "OK: every file is at the destination: " + totals.uploaded() + " uploaded and verified as listed above, " + totals.skipped()
                        + " already there."
                : "NOT COMPLETE: " + (result.fatalError() != null ? result.fatalError()
                        : totals.failed() > 0 ? totals.failed() + " file(s) failed"
                        : result.stoppedByUser() ? "stopped" : result.leftBehind().size() + " unfinished upload(s) left behind") + ".");
    }
}
