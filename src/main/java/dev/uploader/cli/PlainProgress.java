package dev.uploader.cli;

import dev.uploader.format.LocalTimeFormat;
import dev.uploader.format.Sizes;
import dev.uploader.engine.FileOutcome;
import dev.uploader.engine.ProgressListener;
import dev.uploader.engine.ProgressSnapshot;
import dev.uploader.i18n.Texts;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;

/** Off a terminal (cron, pipes, CI): a plain progress line now and then, and each failure as it happens. */
final class PlainProgress implements ProgressListener {
    private final LocalTimeFormat time = new LocalTimeFormat("HH:mm:ss");

    private final PrintStream out;
    private final Texts texts;
    private final long intervalNanos;
    private long lastPrinted;

    PlainProgress(PrintStream out, Texts texts, Duration interval) {
        this.out = out;
        this.texts = texts;
        this.intervalNanos = interval.toNanos();
        this.lastPrinted = System.nanoTime();
    }

    @Override
    public void jobStarted(int filesToUpload, long bytesToUpload) {
        out.println(stamp() + texts.text("progress.listing"));
    }

    @Override
    public void progress(ProgressSnapshot s) {
        long now = System.nanoTime();
        if (now - lastPrinted < intervalNanos) {
            return;
        }
        lastPrinted = now;
        double percent = s.bytesTotal() == 0 ? 100 : 100.0 * s.bytesDone() / s.bytesTotal();
        String eta = s.eta().map(Sizes::duration).orElse("?");
        out.println(stamp() + texts.text(s.listing() ? "progress.line.listing" : "progress.line", String.format(Locale.ROOT, "%.1f", percent),
                Sizes.bytes(s.bytesDone()), Sizes.bytes(s.bytesTotal()), Sizes.rate(s.bytesPerSecond()), eta, s.filesDone(), s.filesTotal())
                + (s.recentRetries() == 0 ? "" : texts.text("progress.retrying", s.recentRetries(), s.lastRetry())));
    }

    @Override
    public void fileFinished(FileOutcome outcome) {
        if (outcome.status() == FileOutcome.Status.FAILED) {
            out.println(stamp() + texts.text("progress.failed", outcome.key() == null ? outcome.sourcePath() : outcome.key(), outcome.detail()));
        }
    }

    @Override
    public void notice(String message) {
        out.println(stamp() + message);
    }

    private String stamp() {
        return "[" + time.format(System.currentTimeMillis()) + "] ";
    }
}
