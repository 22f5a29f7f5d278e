package dev.uploader.cli;

import dev.uploader.engine.FileOutcome;
import dev.uploader.engine.ProgressListener;
import dev.uploader.engine.ProgressSnapshot;
import dev.uploader.i18n.Texts;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Optional;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** A live bar on a terminal: bytes, rate, ETA and files done of total. */
final class TerminalProgress implements ProgressListener {
    private final PrintStream out;
    private final Texts texts;
    private ProgressBar bar;
    private volatile ProgressSnapshot last;

    TerminalProgress(PrintStream out, Texts texts) {
        this.out = out;
        this.texts = texts;
    }

    @Override
    public void jobStarted(int filesToUpload, long bytesToUpload) {
        bar = new ProgressBarBuilder()
                .setTaskName(texts.text("progress.bar.task"))
                .setInitialMax(Math.max(1, bytesToUpload))
                .setUnit("MiB", 1024 * 1024)
                .setStyle(ProgressBarStyle.COLORFUL_UNICODE_BLOCK)
                .setUpdateIntervalMillis(250)
                .showSpeed()
                .setEtaFunction(state -> Optional.ofNullable(last).flatMap(ProgressSnapshot::eta))
                .setConsumer(new ConsoleProgressBarConsumer(out))
                .build();
        bar.setExtraMessage(" " + texts.text("progress.bar.files", 0, filesToUpload));
    }

    @Override
    public void progress(ProgressSnapshot snapshot) {
        last = snapshot;
        if (bar != null) {
            // the total grows while the listing goes on
            bar.maxHint(Math.max(1, snapshot.bytesTotal()));
            bar.stepTo(snapshot.bytesDone());
            bar.setExtraMessage(" " + texts.text(snapshot.listing() ? "progress.bar.files.listing" : "progress.bar.files", snapshot.filesDone(),
                    snapshot.filesTotal()) + (snapshot.recentRetries() == 0 ? ""
                    : texts.text("progress.bar.retrying", snapshot.recentRetries(), shortReason(snapshot.lastRetry()))));
        }
    }

    /** The reason of a retry, short enough for the bar: the store's or the network's words after the action. */
    static String shortReason(String why) {
        if (why == null) {
            return "";
        }
        String reason = why.substring(why.lastIndexOf(": ") + 1).trim();
        return reason.length() <= 40 ? reason : reason.substring(0, 39) + "…";
    }

    @Override
    public void fileFinished(FileOutcome outcome) {
        if (outcome.status() == FileOutcome.Status.FAILED) {
            line(texts.text("progress.failed", outcome.key() == null ? outcome.sourcePath() : outcome.key(), outcome.detail()));
        }
    }

    @Override
    public void notice(String message) {
        line(message);
    }

    private void line(String text) {
        // clear the bar's line, print, and let the bar redraw below
        out.print("\r\033[K" + text + System.lineSeparator());
        out.flush();
        if (bar != null) {
            bar.refresh();
        }
    }

    void finish(Duration elapsed) {
        if (bar != null) {
            if (last != null) {
                bar.stepTo(last.bytesDone());
            }
            bar.close();
        }
    }
}
