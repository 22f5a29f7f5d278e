package dev.uploader.run;

import dev.uploader.engine.JobResult;
import dev.uploader.engine.PendingUpload;
import dev.uploader.engine.ProgressListener;
import dev.uploader.engine.UploadJob;
import dev.uploader.engine.watch.FolderWatch;
import dev.uploader.engine.watch.WatchListener;
import dev.uploader.i18n.Texts;
import java.util.List;

/**
 * What a front end hears from the {@link JobRunner} and what it decides: the command line prints and asks on the
 * terminal, the desktop app shows and asks in the window. Called on the runner's thread; may block (a question).
 */
public interface RunEvents {
    /** The language the runner's lines are said in. */
    default Texts texts() {
        return Texts.english();
    }

    /** Where the engine's events of the run (and of a watch's first run) go. */
    ProgressListener progress();

    /** A line for the person: the bucket was created, the filters, the names list, what happens to unfinished uploads. */
    default void said(String line) {
    }

    /** The job is open and checked: from here a stop reaches it ({@link UploadJob#stop()}); nothing is sent yet. */
    default void opened(UploadJob upload) {
    }

    /**
     * A dry run: show the plan ({@link UploadJob#plan}); true when every entry can move.
     *
     * @param unfinished counts the unfinished uploads under the destination (a listing), for the plan's last line
     */
    default boolean plan(UploadJob upload, String source, String destination, java.util.function.IntSupplier unfinished) {
        throw new UnsupportedOperationException("a dry run needs a front end that shows the plan");
    }

    /** Unfinished uploads under the destination: resume them, abort them (CLEAN), or do not run. */
    UnfinishedChoice unfinished(String destination, UploadJob upload, List<PendingUpload> pending);

    /** The upload begins: from here a stop leaves resumable uploads behind. */
    default void uploading(UploadJob upload, String source, String destination) {
    }

    /** Where the watch's batches report to (by default where the first run does). */
    default ProgressListener batches() {
        return progress();
    }

    /** What the watch says about its batches and the files it waits for. */
    default WatchListener watchEvents() {
        return new WatchListener() {
        };
    }

    /** The watch is open: from here {@link FolderWatch#stop()} ends it. */
    default void watchOpened(FolderWatch folder) {
    }

    /** The watch's first run over the whole folder ended; unless it failed or was stopped, the watch goes on. */
    default void firstRunEnded(JobResult first, FolderWatch folder, String source, String destination) {
    }
}
