package dev.uploader.cluster;

import dev.uploader.engine.Lease;
import java.time.Duration;

/**
 * A worker's hold on one received message: held while the message is invisible to the other workers for longer than
 * a safety margin (so that one more request ends before another worker could begin), and never again once a
 * heartbeat was refused or the worker handed the message back. The time counts on the monotonic clock, which runs on
 * while the process is stopped (SIGSTOP): a worker continued after its lease ran out finds it lost.
 */
final class QueueLease implements Lease {
    private final long marginNanos;
    private volatile long expiresAtNanos;
    private volatile String lostWhy;

    /** @param receivedAtNanos when the receive that made it invisible for {@code visibility} was asked (System.nanoTime) */
    QueueLease(long receivedAtNanos, Duration visibility) {
        this.marginNanos = visibility.toNanos() / 4;
        this.expiresAtNanos = receivedAtNanos + visibility.toNanos();
    }

    @Override
    public boolean held() {
        return lostWhy == null && System.nanoTime() < expiresAtNanos - marginNanos;
    }

    /** A heartbeat asked at {@code askedAtNanos} made the message invisible for {@code visibility} more. */
    void renewed(long askedAtNanos, Duration visibility) {
        if (lostWhy == null) {
            expiresAtNanos = Math.max(expiresAtNanos, askedAtNanos + visibility.toNanos());
        }
    }

    /** Lost for good; the first reason is kept. */
    void lose(String why) {
        if (lostWhy == null) {
            lostWhy = why;
        }
    }

    /** Why it was lost, or null while it was not lost explicitly (it may still have run out: see {@link #held()}). */
    String lostWhy() {
        return lostWhy;
    }

    boolean ranOut() {
        return System.nanoTime() >= expiresAtNanos - marginNanos;
    }
}
