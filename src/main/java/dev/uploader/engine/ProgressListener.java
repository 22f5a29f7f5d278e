package dev.uploader.engine;

/**
 * What a front end hears of a job. All calls come from one dispatcher thread, never from a worker, so a
 * slow listener delays the display only, never the transfer. Listeners must not throw.
 */
public interface ProgressListener {
    ProgressListener NONE = new ProgressListener() {
    };

    default void jobStarted(int filesToUpload, long bytesToUpload) {
    }

    default void fileStarted(String key, long size) {
    }

    default void fileFinished(FileOutcome outcome) {
    }

    default void progress(ProgressSnapshot snapshot) {
    }

    /** Something worth telling the user that is not an outcome, e.g. "resuming with 8 MiB parts". */
    default void notice(String message) {
    }
}
