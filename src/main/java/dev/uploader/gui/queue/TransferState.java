package dev.uploader.gui.queue;

/** Where a queued transfer is. */
public enum TransferState {
    /** Waits for a free slot. */
    QUEUED,
    /** Checking the destination, listing unfinished uploads. */
    PLANNING,
    RUNNING,
    /** Parts in flight finish; nothing new starts. */
    PAUSING,
    /** Stopped by the person; Resume goes on from the store. */
    PAUSED,
    /** Cancel was asked; parts in flight finish. */
    CANCELLING,
    /** Stopped by the person for good (Re-run resumes from the store). */
    CANCELLED,
    /** Every file is at the destination. */
    DONE,
    /** Some files failed, or the job could not run. */
    FAILED;

    /** A run goes for this transfer (or is winding down). */
    public boolean active() {
        return this == PLANNING || this == RUNNING || this == PAUSING || this == CANCELLING;
    }

    /** The transfer waits to be started again by the queue. */
    public boolean waiting() {
        return this == QUEUED;
    }

    /** Ended: Re-run starts it again. */
    public boolean ended() {
        return this == DONE || this == FAILED || this == CANCELLED;
    }
}
