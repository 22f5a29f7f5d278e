package dev.uploader.cluster;

import dev.uploader.engine.Lease;
import java.time.Duration;

/**
 * A worker's hold on one received message.
 * <ul>
 *   <li><b>Held</b> (writes allowed) while the message stays invisible to the other workers for longer than a quarter
 *       of the visibility, so that one more request ends before another worker could receive it, and never again
 *       once it was lost.</li>
 *   <li><b>Ours</b> (the message may still be deleted or handed back) until the visibility runs out or a heartbeat is
 *       refused: after that another worker may hold it, and SQS still accepts an old receipt handle, so the worker
 *       leaves it alone.</li>
 *   <li>A heartbeat asked after the visibility ran out renews nothing: the message may already be another's.</li>
 * </ul>
 * The time counts on the monotonic clock, which runs on while the process is stopped (SIGSTOP): a worker continued
 * after its lease ran out finds it gone.
 */
final class QueueLease implements Lease {
    private final long marginNanos;
    private volatile long expiresAtNanos;
    private volatile String lostWhy;
    private volatile boolean disowned;
    private final java.util.Set<String> late = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /** @param receivedAtNanos when the receive that made it invisible for {@code visibility} was asked (System.nanoTime) */
    QueueLease(long receivedAtNanos, Duration visibility) {
        this.marginNanos = visibility.toNanos() / 4;
        this.expiresAtNanos = receivedAtNanos + visibility.toNanos();
    }

    @Override
    public boolean held() {
        return lostWhy == null && System.nanoTime() < expiresAtNanos - marginNanos;
    }

    /** Whether the message is still this worker's to delete or hand back. */
    boolean ours() {
        return !disowned && System.nanoTime() < expiresAtNanos;
    }

    /**
     * A heartbeat asked at {@code askedAtNanos} made the message invisible for {@code visibility} more; asked after the
     * visibility had run out, it renews nothing and the lease is gone.
     */
    void renewed(long askedAtNanos, Duration visibility) {
        if (askedAtNanos >= expiresAtNanos) {
            disown("the heartbeat came after the visibility timeout had run out: another worker may hold the message");
            return;
        }
        if (lostWhy == null) {
            expiresAtNanos = Math.max(expiresAtNanos, askedAtNanos + visibility.toNanos());
        }
    }

    /** No more writes; the message is still ours to hand back (the worker stops, or gives the job up). */
    void lose(String why) {
        if (lostWhy == null) {
            lostWhy = why;
        }
    }

    /** No more writes, and the message is no longer ours (a heartbeat refused or too late). */
    void disown(String why) {
        lose(why);
        disowned = true;
    }

    /** Why it was lost, or null while it was not lost explicitly (it may still have run out: see {@link #held()}). */
    String lostWhy() {
        return lostWhy;
    }

    @Override
    public void landedLate(String key) {
        late.add(key);
    }

    /** Destination keys whose write ended after the lease was lost ({@link Lease#landedLate}). */
    java.util.Set<String> lateKeys() {
        return java.util.Set.copyOf(late);
    }

    boolean ranOut() {
        return System.nanoTime() >= expiresAtNanos - marginNanos;
    }
}
