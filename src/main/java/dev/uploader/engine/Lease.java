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
}
