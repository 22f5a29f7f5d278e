package dev.uploader.cli;

import dev.uploader.engine.FileOutcome;
import dev.uploader.engine.ProgressListener;
import dev.uploader.engine.ProgressSnapshot;
import dev.uploader.engine.watch.WatchListener;
import dev.uploader.engine.watch.WatchRun;
import dev.uploader.format.LocalTimeFormat;
import dev.uploader.format.Sizes;
import dev.uploader.i18n.Texts;
import java.io.PrintStream;
import java.time.Duration;

/** {@code --watch}: one line per batch of settled files (and per rescan that moved or failed something), and notices. */
final class WatchPrinter implements WatchListener {
    private final LocalTimeFormat time = new LocalTimeFormat("HH:mm:ss");
    private final PrintStream out;
    private final Texts texts;

    WatchPrinter(PrintStream out, Texts texts) {
        this.out = out;
        this.texts = texts;
    }

    @Override
    public void ran(WatchRun run) {
        long sent = run.result() == null ? 0 : run.result().bytesSent();
        out.println(stamp() + (sent > 0 ? texts.text("watch.ran.sent", run.describe(), Sizes.bytes(sent)) : texts.text("watch.ran", run.describe())));
    }

    @Override
    public void notice(String message) {
        out.println(stamp() + texts.text("watch.notice", message));
    }

    private String stamp() {
        return "[" + time.format(System.currentTimeMillis()) + "] ";
    }

    /**
     * The jobs of a watch after its first run, as plain progress lines without the "listing" line each job would
     * start with: failures as they happen, and the progress of a job that runs for longer than {@code interval}.
     */
    static ProgressListener batches(PrintStream out, Texts texts, Duration interval) {
        return new ProgressListener() {
            /** Each job's own: its first progress line comes {@code interval} after the job began. */
            private volatile PlainProgress plain = new PlainProgress(out, texts, interval);

            @Override
            public void jobStarted(int filesToUpload, long bytesToUpload) {
                plain = new PlainProgress(out, texts, interval);
            }

            @Override
            public void fileFinished(FileOutcome outcome) {
                plain.fileFinished(outcome);
            }

            @Override
            public void progress(ProgressSnapshot snapshot) {
                plain.progress(snapshot);
            }

            @Override
            public void notice(String message) {
                plain.notice(message);
            }
        };
    }
}
