package dev.uploader.cli;

import dev.uploader.engine.FileOutcome;
import dev.uploader.engine.JobResult;
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
    private final PrintStream out;

    SummaryPrinter(PrintStream out) {
        this.out = out;
    }

    void print(JobResult result, String source, String destination, Path log) {
        List<FileOutcome> uploaded = result.with(FileOutcome.Status.UPLOADED);
        List<FileOutcome> skipped = result.with(FileOutcome.Status.SKIPPED);
        List<FileOutcome> failed = result.with(FileOutcome.Status.FAILED);
        long resumedFiles = uploaded.stream().filter(FileOutcome::resumed).count();
        long uploadedBytes = uploaded.stream().mapToLong(FileOutcome::size).sum();
        double seconds = Math.max(0.001, result.elapsed().toNanos() / 1e9);

        out.println();
        out.println("Summary: " + source + " -> " + destination);
        out.println("  uploaded: " + uploaded.size() + " file(s), " + Sizes.bytes(uploadedBytes));
        for (Map.Entry<Proof, Long> proof : result.proofs().entrySet()) {
            out.println("    " + proof.getValue() + " file(s) verified: " + proof.getKey().words());
        }
        out.println("  resumed:  " + resumedFiles + " file(s), " + result.partsReused() + " part(s) reused, "
                + Sizes.bytes(result.bytesReused()) + " not sent again");
        out.println("  skipped:  " + skipped.size() + " file(s) already at the destination (same size, and same ETag or written after the source's last change)");
        out.println("  failed:   " + failed.size() + " file(s)");
        for (FileOutcome f : failed) {
            out.println("    - " + (f.sourcePath() == null ? f.key() : f.sourcePath()) + ": " + f.detail());
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
                ? "OK: every file is at the destination: " + uploaded.size() + " uploaded and verified as listed above, " + skipped.size()
                        + " already there."
                : "NOT COMPLETE: " + (result.fatalError() != null ? result.fatalError()
                        : !failed.isEmpty() ? failed.size() + " file(s) failed"
                        : result.stoppedByUser() ? "stopped" : result.leftBehind().size() + " unfinished upload(s) left behind") + ".");
    }
}
