package dev.uploader.engine;

import java.util.Optional;

/**
 * The resume records as a job under a {@link Lease} sees them: once the lease is lost it neither starts, adds to nor
 * deletes a record, since the worker that took the job over may be continuing that very upload with it.
 */
final class LeasedLedger implements ResumeLedger {
    private final ResumeLedger inner;
    private final Lease lease;

    LeasedLedger(ResumeLedger inner, Lease lease) {
        this.inner = inner;
        this.lease = lease;
    }

    @Override
    public Optional<ResumeRecord> find(String uploadId) {
        return inner.find(uploadId);
    }

    @Override
    public void start(String uploadId, ResumeRecord record) {
        if (!lease.held()) {
            throw new TransferException.LeaseLost("the queue lease was lost before upload " + uploadId + " was recorded");
        }
        inner.start(uploadId, record);
    }

    @Override
    public void partStored(String uploadId, int partNumber, ResumeRecord.StoredPart part) {
        // a part not recorded is sent again by whoever resumes: never a wrong reuse
        if (lease.held()) {
            inner.partStored(uploadId, partNumber, part);
        }
    }

    @Override
    public void delete(String uploadId) {
        if (!lease.held()) {
            throw new TransferException.LeaseLost("the queue lease was lost before the record of upload " + uploadId + " was deleted");
        }
        inner.delete(uploadId);
    }
}
