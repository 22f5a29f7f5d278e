package dev.uploader.storage;

/**
 * A response body being read under the idle rule of docs/decisions/0009: less than {@link #MIN_PROGRESS} bytes in the
 * idle time, or past its deadline, and a watchdog ends it through {@code abort} (which must make the blocked read fail
 * at once). The reading thread counts bytes with {@link #moved}; the reason it was ended, if it was, is
 * {@link #ended()}.
 */
public final class WatchedRead {
    /** Fewer bytes than this in the idle time is no progress: a drip of a few bytes a second is a stall. */
    public static final int MIN_PROGRESS = 1024;

    private final Runnable abort;
    private final long deadline;
    private volatile long progressAt = System.nanoTime();
    private long sinceProgress;
    private volatile String ended;

    /** @param deadline {@link System#nanoTime()} after which the read is ended whatever its progress */
    public WatchedRead(Runnable abort, long deadline) {
        this.abort = abort;
        this.deadline = deadline;
    }

    /** Bytes read (on the reading thread). */
    public void moved(int n) {
        sinceProgress += n;
        if (sinceProgress >= MIN_PROGRESS) {
            sinceProgress = 0;
            progressAt = System.nanoTime();
        }
    }

    /** Ends the read if it broke the rule at {@code now}; returns whether it did. */
    public boolean endIfStalled(long now, java.time.Duration idle) {
        if (ended == null && (now - progressAt > idle.toNanos() || now - deadline > 0)) {
            end("no progress for " + idle.toSeconds() + " s (the store stopped sending or sent too slowly); tried again");
            return true;
        }
        return false;
    }

    /** Ends the read now, saying why (a stall, a stop). */
    public void end(String why) {
        ended = why;
        try {
            abort.run();
        } catch (RuntimeException ignored) {
            // already over
        }
    }

    /** Why the read was ended, or null while it was not. */
    public String ended() {
        return ended;
    }
}
