package dev.uploader.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Uploads one source entry: one PutObject (or CopyObject), or a multipart upload in three steps: the resume
 * decision ({@link MultipartResumer}, {@link ResumeRule}), the parts ({@link PartScheduler}) and the completion
 * ({@link UploadCompletion}). A file whose source changed, or whose object failed verification, is sent again, at
 * most {@link JobSettings#FILE_ATTEMPTS} times.
 */
final class FileUploader {
    private static final Logger LOG = LoggerFactory.getLogger(FileUploader.class);

    private final ObjectStore store;
    private final Source source;
    private final SourceReads reads;
    private final JobSettings settings;
    private final RetryPolicy retry;
    private final ProgressTracker progress;
    private final BandwidthLimiter limiter;
    private final MemoryBudget memory;
    private final UploadOptions options;
    private final BooleanSupplier stopRequested;
    private final ResumeLedger ledger;
    private final AtomicBoolean serverSideCopy;
    private final MultipartResumer resumer;
    private final PartScheduler scheduler;
    private final UploadCompletion completion;

    FileUploader(ObjectStore store, Source source, JobSettings settings, RetryPolicy retry, ExecutorService partPool,
                 ProgressTracker progress, BandwidthLimiter limiter, MemoryBudget memory, UploadOptions options,
                 BooleanSupplier stopRequested, ResumeLedger ledger, AtomicBoolean serverSideCopy, AtomicBoolean resumeUnsupported,
                 java.util.Queue<JobResult.LeftUpload> leftBehind, java.util.Map<String, List<PendingUpload>> pendingByKey) {
        this.store = store;
        this.source = source;
        this.reads = new SourceReads(source, retry);
        this.settings = settings;
        this.retry = retry;
        this.progress = progress;
        this.limiter = limiter;
        this.memory = memory;
        this.options = options;
        this.stopRequested = stopRequested;
        this.ledger = ledger;
        this.serverSideCopy = serverSideCopy;
        this.resumer = new MultipartResumer(store, retry, ledger, resumeUnsupported, leftBehind, pendingByKey);
        this.scheduler = new PartScheduler(store, reads, retry, partPool, limiter, memory, settings.maxThread(), stopRequested, ledger);
        this.completion = new UploadCompletion(store, reads, retry, resumer, ledger, progress, settings.verifySourceAfterUpload());
    }

    /** @throws TransferException.Fatal when the whole job has to stop */
    FileOutcome upload(PlannedFile planned) {
        String key = planned.key();
        String path = planned.entry().relativePath();
        ProgressTracker.FileCounter counter = progress.fileStarted(key, planned.entry().size());
        FileOutcome outcome;
        try {
            outcome = attempts(planned, counter);
        } catch (TransferException.Fatal fatal) {
            progress.fileFinished(FileOutcome.failed(key, path, planned.entry().size(), fatal.getMessage()), counter);
            throw fatal;
        }
        progress.fileFinished(outcome, counter);
        return outcome;
    }

    private FileOutcome attempts(PlannedFile planned, ProgressTracker.FileCounter counter) {
        String key = planned.key();
        SourceEntry entry = planned.entry();
        String last = null;
        boolean mayResume = true;
        // the upload this file's attempts use: aborted if the source goes away, since nothing could ever complete it
        String[] upload = {null};
        for (int attempt = 1; attempt <= JobSettings.FILE_ATTEMPTS; attempt++) {
            try {
                entry = reads.refresh(entry);
                SourceEntry current = entry;
                Optional<SourceLayout> sourceLayout = retry.call("read the part layout of " + entry.relativePath(), () -> source.partLayout(current));
                PartLayout layout = PartPlanner.layoutFor(entry.size(), settings.chunkSizeMiB(), sourceLayout.map(SourceLayout::layout),
                        maxPartSize(), settings.fixedPartSize());
                Optional<CopySource> copy = serverSideCopy.get() ? source.copySource(entry) : Optional.empty();
                Sent sent = layout.singleRequest()
                        ? single(entry, key, layout, counter, copy)
                        : multipart(entry, key, layout, sourceLayout, counter, mayResume, copy, upload, attempt == 1);
                LOG.info("{}: done, {} bytes, {} parts ({} reused), verified: {}", key, entry.size(), sent.partCount, sent.partsReused,
                        sent.verified.detail());
                return FileOutcome.uploaded(key, entry.relativePath(), entry.size(), sent.verified.proof(),
                        (sent.copied ? "copied server-side; " : "") + sent.verified.detail(), sent.bytesSent, sent.partsReused,
                        sent.bytesReused, sent.partCount, sent.verified.etag());
            } catch (TransferException.CopyRefused e) {
                // not an attempt of the file: the store said it will not copy, so the bytes travel instead
                serverSideCopy.set(false);
                counter.add(-counter.done());
                progress.notice("server-side copy refused (" + e.getMessage() + "); copying through this machine instead");
                attempt--;
            } catch (TransferException.SourceChanged | TransferException.VerificationFailed | TransferException.UploadGone e) {
                last = e.getMessage();
                // an upload that vanished or was refused at completion: start afresh, never another unfinished one of the key
                mayResume = !(e instanceof TransferException.UploadGone);
                counter.add(-counter.done());
                LOG.warn("{}: attempt {} of {} failed: {}", key, attempt, JobSettings.FILE_ATTEMPTS, last);
                if (attempt < JobSettings.FILE_ATTEMPTS) {
                    progress.notice(key + ": " + last + "; sending it again");
                }
                if (e instanceof TransferException.VerificationFailed && attempt == JobSettings.FILE_ATTEMPTS) {
                    return failed(key, entry, last + "; " + FileOutcome.DOES_NOT_MATCH);
                }
            } catch (TransferException.SourceGone e) {
                LOG.warn("{}: {}", key, e.getMessage());
                if (upload[0] != null) {
                    resumer.abortQuietly(key, upload[0]);
                    return failed(key, entry, e.getMessage() + "; its unfinished upload was aborted");
                }
                return failed(key, entry, e.getMessage());
            } catch (TransferException.Retryable | TransferException.Rejected | TransferException.SourceUnreadable
                     | TransferException.Unsupported e) {
                LOG.warn("{}: failed: {}", key, e.getMessage(), e);
                String hint = e instanceof TransferException.Retryable ? "; run again to resume" : "";
                return failed(key, entry, e.getMessage() + hint);
            } catch (TransferException.LeaseLost e) {
                LOG.warn("{}: {}", key, e.getMessage());
                return failed(key, entry, e.getMessage());
            } catch (Stopped e) {
                return failed(key, entry, "stopped before it was complete; run again to resume");
            }
        }
        return failed(key, entry, "gave up after " + JobSettings.FILE_ATTEMPTS + " attempts: " + last);
    }

    /** The memory budget where the source holds parts in memory; no limit for files, which are read from disk each time. */
    private long maxPartSize() {
        return source.memoryFor(PartPlanner.MAX_PART_SIZE) > 0 ? memory.limit() : Long.MAX_VALUE;
    }

    private static FileOutcome failed(String key, SourceEntry entry, String why) {
        return FileOutcome.failed(key, entry.relativePath(), entry.size(), why);
    }

    private Sent single(SourceEntry entry, String key, PartLayout layout, ProgressTracker.FileCounter counter, Optional<CopySource> copy) {
        if (copy.isPresent()) {
            StoredObject stored = retry.call("copy " + key, () -> store.copyObject(key, copy.get(), options));
            counter.add(entry.size());
            counter.partDone();
            UploadCompletion.Verified verified = verifySingle(key, entry, stored, null, false, "");
            return new Sent(0, 0, 0, 1, verified, true);
        }
        try (PartMemory room = memory.reserve(source.memoryFor(entry.size()), stopRequested)) {
            PartBody body = source.range(entry, 0, entry.size(), room);
            try {
                return putWhole(entry, key, layout, counter, body);
            } finally {
                body.release();
            }
        }
    }

    private Sent putWhole(SourceEntry entry, String key, PartLayout layout, ProgressTracker.FileCounter counter, PartBody body) {
        MeteredBody metered = new MeteredBody(body, counter, limiter);
        AtomicReference<byte[]> sentMd5 = new AtomicReference<>();
        AtomicBoolean checked = new AtomicBoolean();
        AtomicBoolean contentChecked = new AtomicBoolean();
        StoredObject stored = retry.call("upload " + key, () -> {
            byte[] md5 = reads.md5(entry, body);
            if (checked.compareAndSet(false, true)) {
                contentChecked.set(checkAgainstSource(entry, layout, body, md5));
            }
            try {
                StoredObject result = store.putObject(key, metered, entry.size(), md5, options);
                sentMd5.set(md5);
                return result;
            } catch (RuntimeException e) {
                metered.rollback();
                throw e;
            }
        });
        counter.partDone();
        reads.checkUnchanged(entry);
        String reread = "";
        if (settings.verifySourceAfterUpload() && source.isLocal()) {
            if (!java.util.Arrays.equals(reads.md5(entry, source.range(entry, 0, entry.size(), PartMemory.NONE)), sentMd5.get())) {
                throw new TransferException.SourceChanged("the file changed while it was uploaded");
            }
            reread = "; the file read again after the upload gave the same MD5";
        }
        UploadCompletion.Verified verified = verifySingle(key, entry, stored, Md5.hex(sentMd5.get()), contentChecked.get(), reread);
        return new Sent(entry.size(), 0, 0, 1, verified, false);
    }

    /**
     * The bytes read of a one-request object must give the source's own checksums.
     *
     * @return whether a whole-object checksum of the source's own was checked
     */
    private boolean checkAgainstSource(SourceEntry entry, PartLayout layout, PartBody body, byte[] md5) throws java.io.IOException {
        if (Md5.isPlainEtag(entry.etag()) && !entry.etag().equalsIgnoreCase(Md5.hex(md5))) {
            throw new TransferException.SourceChanged("the bytes read have MD5 " + Md5.hex(md5) + " but the source's ETag is " + entry.etag());
        }
        Optional<ContentCheck> check = source.contentCheck(entry, layout);
        if (check.isEmpty()) {
            return false;
        }
        PartSequencer whole = new PartSequencer(check.get());
        whole.feed(1, body);
        String mismatch = whole.mismatch();
        if (mismatch != null) {
            throw new TransferException.SourceChanged("the bytes read do not match the source: " + mismatch);
        }
        return true;
    }

    /** A one-request object: comparable with the source's ETag when that is a plain MD5. */
    private UploadCompletion.Verified verifySingle(String key, SourceEntry entry, StoredObject stored, String expected,
                                                   boolean contentChecked, String reread) {
        return completion.verify(key, entry, stored, expected, Md5.isPlainEtag(entry.etag()), false, contentChecked, reread);
    }

    /** A failure without an answer from the store (the network, a timeout): the request may have been carried out. */
    private static boolean noAnswer(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof java.io.IOException) {
                return true;
            }
        }
        return false;
    }

    private Sent multipart(SourceEntry entry, String key, PartLayout planned, Optional<SourceLayout> sourceLayout,
                           ProgressTracker.FileCounter counter, boolean mayResume, Optional<CopySource> copy, String[] upload,
                           boolean firstAttempt) {
        boolean rereadable = source.isLocal();
        List<PendingUpload> older = new ArrayList<>();
        ResumeDecision decision = mayResume
                ? resumer.prepare(entry, key, planned, rereadable, maxPartSize(), progress, older, firstAttempt)
                : new ResumeDecision.StartNew();
        String uploadId;
        PartLayout layout;
        Map<Integer, ResumeDecision.ReusablePart> reusable;
        if (decision instanceof ResumeDecision.Continue go) {
            uploadId = go.uploadId();
            layout = go.layout();
            reusable = go.reusable();
        } else {
            // a try that got no answer may have made an upload all the same: found and aborted once one try is answered
            java.util.concurrent.atomic.AtomicBoolean answerLost = new java.util.concurrent.atomic.AtomicBoolean();
            uploadId = retry.call("start upload of " + key, () -> {
                try {
                    return store.createMultipartUpload(key, options);
                } catch (TransferException.Retryable e) {
                    if (noAnswer(e)) {
                        answerLost.set(true);
                    }
                    throw e;
                }
            });
            if (answerLost.get()) {
                resumer.abortStrays(key, uploadId);
            }
            layout = planned;
            reusable = Map.of();
            if (!rereadable) {
                // before any part is sent: the record can only ever describe parts of this source version
                ledger.start(uploadId, ResumeRecord.started(entry, layout.partSize()));
            }
        }
        upload[0] = uploadId;
        LOG.info("{}: upload {} with {} parts of {} bytes{}", key, uploadId, layout.partCount(), layout.partSize(),
                copy.isPresent() ? ", copied server-side" : "");
        // a whole-object checksum needs every byte in order: not available when parts are kept or copied server-side
        PartSequencer sequencer = copy.isEmpty() && reusable.isEmpty()
                ? source.contentCheck(entry, layout).map(PartSequencer::new).orElse(null) : null;
        PartScheduler.Moved moved = scheduler.move(new PartScheduler.Upload(entry, key, uploadId, layout, reusable, copy, sequencer,
                !rereadable, counter));
        PartLayout own = sourceLayout.map(SourceLayout::layout).orElse(null);
        boolean keptSourceLayout = own != null && own.partSize() == layout.partSize() && own.partCount() == layout.partCount()
                && Md5.isCompositeEtag(entry.etag()) && entry.etag().endsWith("-" + layout.partCount());
        boolean guessed = sourceLayout.map(l -> !l.certain()).orElse(false);
        UploadCompletion.Verified verified = completion.complete(new UploadCompletion.Finished(entry, key, uploadId, layout, moved,
                sequencer, keptSourceLayout, guessed, older));
        return new Sent(moved.bytesSent(), moved.partsReused(), moved.bytesReused(), layout.partCount(), verified, moved.anyCopied());
    }

    private record Sent(long bytesSent, int partsReused, long bytesReused, int partCount, UploadCompletion.Verified verified,
                        boolean copied) {
    }
}
