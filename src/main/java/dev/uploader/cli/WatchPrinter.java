package dev.uploader.cli;

import dev.uploader.engine.FileOutcome;
import dev.uploader.engine.ProgressListener;
import dev.uploader.engine.ProgressSnapshot;
import dev.uploader.engine.watch.WatchListener;
import dev.uploader.engine.watch.WatchRun;
import dev.uploader.format.LocalTimeFormat;
import dev.uploader.format.Sizes;
import java.io.PrintStream;
import java.time.Duration;

/** {@code --watch}: one line per batch of settled files (and per rescan that moved or failed something), and notices. */
final class WatchPrinter implements WatchListener {
    private final LocalTimeFormat time = new LocalTimeFormat("HH:mm:ss");
    private final PrintStream out;

    WatchPrinter(PrintStream out) {
        this.out = out;
    }

    @Override
    public void ran(WatchRun run) {
        long sent = run.result() == null ? 0 : run.result().bytesSent();
        out.println(stamp() + "watch: " + run.describe() + (sent > 0 ? "; " + Sizes.bytes(sent) + " sent" : ""));
    }

    @Override
    public void notice(String message) {
        out.println(stamp() + "watch: " + message);
    }

    private String stamp() {
        return "[" + time.format(System.currentTimeMillis()) + "] ";
    }

    /**
     * The jobs of a watch after its first run, as plain progress lines without the "listing" line each job would
     * start with: failures as they happen, and the progress of a job that runs for longer than {@code interval}.
     */
    static ProgressListener batches(PrintStream out, Duration interval) {
        return new ProgressListener() {
            /** Each job's own: its first progress line comes {@code interval} after the job began. */
            private volatile PlainProgress plain = new PlainProgress(out, interval);

            @Override
            public void jobStarted(int filesToUpload, long bytesToUpload) {
                plain = new PlainProgress(out, interval);
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
