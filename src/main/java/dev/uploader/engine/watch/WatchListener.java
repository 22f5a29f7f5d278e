package dev.uploader.engine.watch;

/**
 * What a front end hears of a watched folder besides the jobs' own progress: one call per batch of settled files and
 * per rescan, and notices in words. Called from the watch's thread; must not throw.
 */
public interface WatchListener {
    WatchListener NONE = new WatchListener() {
    };

    /** A batch of settled files, or a rescan, ended (or could not run). */
    default void ran(WatchRun run) {
    }

    /** Something worth telling the user, e.g. a folder that cannot be watched. */
    default void notice(String message) {
    }
}
