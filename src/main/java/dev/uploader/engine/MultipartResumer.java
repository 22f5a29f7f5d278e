package dev.uploader.engine;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gathers what {@link ResumeRule} decides on (the newest unfinished upload of a key, its parts, its resume record)
 * and carries out an abort the rule asks for, so that what is left is either a new upload or one to continue.
 */
final class MultipartResumer {
    private static final Logger LOG = LoggerFactory.getLogger(MultipartResumer.class);

    private final ObjectStore store;
    private final RetryPolicy retry;
    private final ResumeLedger ledger;
    private final java.util.concurrent.atomic.AtomicBoolean unsupported;

    /**
     * @param unsupported  set once the store is seen not to list unfinished uploads: then nothing is resumed
     * @param pendingByKey the job's unfinished uploads, listed once for the job, by key; null to list them per file.
     *                     A file's first attempt uses it (a key absent there has none, and costs no request); a
     *                     second attempt lists again, since the first may have made or aborted one
     */
    MultipartResumer(ObjectStore store, RetryPolicy retry, ResumeLedger ledger, java.util.concurrent.atomic.AtomicBoolean unsupported,
                     java.util.Queue<JobResult.LeftUpload> leftBehind, java.util.Map<String, List<PendingUpload>> pendingByKey) {
        this.pendingByKey = pendingByKey;
        this.store = store;
        this.retry = retry;
        this.ledger = ledger;
        this.unsupported = unsupported;
        this.leftBehind = leftBehind;
    }

    private final java.util.Queue<JobResult.LeftUpload> leftBehind;
    private final java.util.Map<String, List<PendingUpload>> pendingByKey;

    /**
     * @param older        filled with the other unfinished uploads of exactly this key: obsolete once the object is complete
     * @param firstAttempt the file's first attempt: the job's listing of unfinished uploads still tells what is there
     * @return {@link ResumeDecision.StartNew} or {@link ResumeDecision.Continue}; an upload to abort is aborted here
     */
    ResumeDecision prepare(SourceEntry entry, String key, PartLayout planned, boolean rereadable, long maxPartSize,
                           ProgressTracker progress, List<PendingUpload> older, boolean firstAttempt) {
        if (unsupported.get()) {
            return new ResumeDecision.StartNew();
        }
        List<PendingUpload> uploads;
        try {
            List<PendingUpload> found = pendingByKey != null && firstAttempt
                    ? pendingByKey.getOrDefault(key, List.of())
                    : retry.call("list unfinished uploads of " + key, () -> store.listMultipartUploads(key));
            uploads = found.stream()
                    .filter(u -> u.key().equals(key))
                    .sorted(Comparator.comparing(PendingUpload::initiated, Comparator.nullsFirst(Comparator.naturalOrder())))
                    .toList();
        } catch (TransferException.Unsupported e) {
            if (unsupported.compareAndSet(false, true)) {
                progress.notice(UploadJob.NO_RESUME);
            }
            return new ResumeDecision.StartNew();
        }
        if (uploads.isEmpty()) {
            return new ResumeDecision.StartNew();
        }
        PendingUpload newest = uploads.get(uploads.size() - 1);
        older.addAll(uploads.subList(0, uploads.size() - 1));
        List<RemotePart> parts;
        try {
            parts = retry.call("list parts of " + key, () -> store.listParts(key, newest.uploadId()));
        } catch (TransferException.UploadGone gone) {
            return new ResumeDecision.StartNew();
        }
        Optional<ResumeRecord> record = rereadable ? Optional.empty() : ledger.find(newest.uploadId());
        ResumeDecision decision = ResumeRule.decide(entry, rereadable, planned, newest.uploadId(), parts, record, maxPartSize);
        if (decision instanceof ResumeDecision.AbortAndStartNew abort) {
            LOG.info("{}: aborting unfinished upload {} ({} parts listed): {}", key, abort.uploadId(), parts.size(), abort.reason());
            progress.notice(key + ": unfinished upload " + ResumeRule.shortId(abort.uploadId()) + " is not continued, " + abort.reason()
                    + "; starting afresh");
            abortQuietly(key, abort.uploadId());
            return new ResumeDecision.StartNew();
        }
        ResumeDecision.Continue go = (ResumeDecision.Continue) decision;
        LOG.info("{}: resuming upload {} with parts of {} bytes: {} parts listed, {} may be kept", key, go.uploadId(),
                go.layout().partSize(), parts.size(), go.reusable().size());
        if (go.notice() != null) {
            progress.notice(key + ": " + go.notice());
        }
        return go;
    }

    /**
     * After a CreateMultipartUpload that took more than one try: an earlier try whose answer was lost may have made an
     * upload all the same. Every other upload of the key that holds no part is such a stray (an upload that ever
     * received a part is another run's, and left to the resume rule) and is aborted, so that none stays billed.
     */
    void abortStrays(String key, String ours) {
        List<PendingUpload> uploads;
        try {
            uploads = retry.call("list unfinished uploads of " + key, () -> store.listMultipartUploads(key));
        } catch (TransferException.Unsupported e) {
            // the store cannot list them: the upload a lost answer may have made cannot be found, and is said
            leftBehind.add(new JobResult.LeftUpload(key, "id unknown", "an answer to starting its upload was lost, and this store cannot"
                    + " list unfinished uploads to find the one it may have made"));
            return;
        }
        for (PendingUpload u : uploads) {
            if (!u.key().equals(key) || u.uploadId().equals(ours)) {
                continue;
            }
            try {
                if (retry.call("list parts of " + key, () -> store.listParts(key, u.uploadId())).isEmpty()) {
                    LOG.info("{}: aborting upload {}, made by a try whose answer was lost", key, u.uploadId());
                    abortQuietly(key, u.uploadId());
                }
            } catch (TransferException.UploadGone gone) {
                // already gone
            }
        }
    }

    /** Aborts an upload that must not be continued; one that cannot be aborted now is left for the next run or CLEAN. */
    void abortQuietly(String key, String uploadId) {
        try {
            ledger.delete(uploadId);
            retry.call("abort upload of " + key, () -> {
                store.abortMultipartUpload(key, uploadId);
                return null;
            });
        } catch (TransferException.UploadGone gone) {
            // already gone
        } catch (TransferException.LeaseLost lost) {
            // a cluster worker whose lease ran out: the worker that holds the job now may be continuing this upload
            LOG.info("{}: upload {} left to the worker that holds the job now ({})", key, uploadId, lost.getMessage());
        } catch (TransferException.Retryable | TransferException.Rejected | TransferException.Unsupported | Stopped e) {
            LOG.warn("{}: could not abort upload {}: {}", key, uploadId, e.getMessage());
            leftBehind.add(new JobResult.LeftUpload(key, uploadId, "could not be aborted: " + e.getMessage()));
        }
    }
}
