package dev.uploader.engine;

/**
 * The right to write a job's objects, as a cluster worker holds it while its queue message stays invisible to the
 * others. A job that runs on its own holds it always. Checked before every write to the destination: once it is
 * lost, no part is sent and no upload completed, so that a worker that lost its message never overwrites what the
 * worker that took it over wrote.
 */
@FunctionalInterface
public interface Lease {
    /** Held for good: a job of its own. */
    Lease ALWAYS = () -> true;

    /** Whether the lease is held, with time enough left for one more request to the destination. */
    boolean held();

    /**
     * A write that began while the lease was held ended after it was lost: its object may have landed after the one the
     * worker that took the job over wrote, and may be an older version of the source. The holder sees to it that the
     * object is looked at again (a worker queues it once more).
     */
    default void landedLate(String key) {
    }
}
