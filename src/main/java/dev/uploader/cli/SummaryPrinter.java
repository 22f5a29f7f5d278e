package dev.uploader.cli;

import dev.uploader.engine.FileOutcome;
import dev.uploader.engine.JobResult;
import dev.uploader.engine.JobTotals;
import dev.uploader.engine.Proof;
import dev.uploader.format.Sizes;
import dev.uploader.i18n.Texts;
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
    private final Texts texts;
    private final boolean byContent;
    private final Path reportFile;

    /**
     * @param byContent  the job compared content ({@code --checksum})
     * @param reportFile the report file, or null
     */
    SummaryPrinter(PrintStream out, Texts texts, boolean byContent, Path reportFile) {
        this.out = out;
        this.texts = texts;
        this.byContent = byContent;
        this.reportFile = reportFile;
    }

    void print(JobResult result, String source, String destination, Path log) {
        JobTotals totals = result.totals();
        List<FileOutcome> failed = result.with(FileOutcome.Status.FAILED);
        double seconds = Math.max(0.001, result.elapsed().toNanos() / 1e9);

        out.println();
        out.println(t("summary.title", source, destination));
        out.println("  " + t("summary.uploaded", totals.uploaded(), Sizes.bytes(totals.uploadedBytes())));
        for (Map.Entry<Proof, Long> proof : result.proofs().entrySet()) {
            out.println("    " + t("summary.verified", proof.getValue(), proofWords(texts, proof.getKey())));
        }
        out.println("  " + t("summary.resumed", totals.resumedFiles(), result.partsReused(), Sizes.bytes(result.bytesReused())));
        out.println("  " + t("summary.skipped", totals.skipped(), t(byContent ? "summary.skipped.byContent" : "summary.skipped.bySizeAndTime")));
        if (totals.comparedBySizeOnly() > 0) {
            out.println("    " + t("summary.sizeOnly", totals.comparedBySizeOnly()));
        }
        if (totals.excluded() + totals.excludedFolders() > 0) {
            out.println("  " + t(totals.excluded() == 1 ? "summary.leftOut.one" : "summary.leftOut", totals.excluded())
                    + (totals.excludedFolders() == 0 ? "" : t("summary.leftOut.folders", totals.excludedFolders())));
        }
        out.println("  " + t("summary.failed", totals.failed()));
        int shown = 0;
        for (FileOutcome f : failed) {
            if (shown++ == MAX_FAILURES_SHOWN) {
                break;
            }
            out.println("    " + t("summary.failure", f.sourcePath() == null ? f.key() : f.sourcePath(), f.detail()));
        }
        if (totals.failed() > Math.min(shown, MAX_FAILURES_SHOWN)) {
            long more = totals.failed() - Math.min(shown, MAX_FAILURES_SHOWN);
            out.println("    " + (reportFile == null ? t("summary.more", more) : t("summary.more.withReport", more, reportFile)));
        }
        out.println("  " + t("summary.sent", Sizes.bytes(result.bytesSent()), Sizes.duration(result.elapsed()), Sizes.rate(result.bytesSent() / seconds)));
        if (!result.leftBehind().isEmpty()) {
            out.println("  " + t("summary.left", result.leftBehind().size()));
            for (JobResult.LeftUpload u : result.leftBehind()) {
                out.println("    " + t("summary.leftUpload", u.key(), u.uploadId(), u.why()));
            }
        }
        if (result.stoppedByUser()) {
            out.println("  " + t("summary.stopped"));
        }
        out.println("  " + (log == null ? t("summary.log.none") : t("summary.log", log)));
        out.println(result.success()
                ? t("summary.ok", totals.uploaded(), totals.skipped())
                : t("summary.notComplete", result.fatalError() != null ? result.fatalError()
                        : totals.failed() > 0 ? t("summary.notComplete.failed", totals.failed())
                        : result.stoppedByUser() ? t("summary.notComplete.stopped")
                        : t("summary.notComplete.left", result.leftBehind().size())));
    }

    /** What a proof showed, in the texts' language (the log and the report keep {@link Proof#words()}). */
    static String proofWords(Texts texts, Proof proof) {
        return texts.text("proof." + proof.name());
    }

    private String t(String key, Object... args) {
        return texts.text(key, args);
    }
}
