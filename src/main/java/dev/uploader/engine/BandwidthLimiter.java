package dev.uploader.engine;

import java.util.concurrent.locks.LockSupport;

/**
 * A token bucket shared by every request of a job, so that the limit holds for the whole job whatever the
 * concurrency. The bucket holds at most a quarter of a second of traffic, which keeps bursts small.
 */
public final class BandwidthLimiter {
    private final long bytesPerSecond;
    private final long capacity;
    private double tokens;
    private long last;

    /** @param bytesPerSecond 0 or less means unlimited */
    public BandwidthLimiter(long bytesPerSecond) {
        this.bytesPerSecond = Math.max(0, bytesPerSecond);
        this.capacity = Math.max(64 * 1024, this.bytesPerSecond / 4);
        this.last = System.nanoTime();
        this.tokens = 0;
    }

    public static BandwidthLimiter unlimited() {
        return new BandwidthLimiter(0);
    }

    public boolean limited() {
        return bytesPerSecond > 0;
    }

    public long bytesPerSecond() {
        return bytesPerSecond;
    }

    /** Blocks until {@code bytes} may be sent. */
    public void acquire(int bytes) throws InterruptedException {
        if (bytesPerSecond == 0 || bytes <= 0) {
            return;
        }
        long waitNanos;
        synchronized (this) {
            long now = System.nanoTime();
            tokens = Math.min(capacity, tokens + (now - last) * bytesPerSecond / 1e9);
            last = now;
            tokens -= bytes;
            waitNanos = tokens >= 0 ? 0 : (long) (-tokens * 1e9 / bytesPerSecond);
        }
        if (waitNanos > 0) {
            long deadline = System.nanoTime() + waitNanos;
            long left;
            while ((left = deadline - System.nanoTime()) > 0) {
                LockSupport.parkNanos(left);
                if (Thread.interrupted()) {
                    throw new InterruptedException();
                }
            }
        }
    }

    @Override
    public String toString() {
        return bytesPerSecond == 0 ? "unlimited" : bytesPerSecond + " B/s";
    }
}
