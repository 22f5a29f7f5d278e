package dev.uploader.engine;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Uploads one source entry: a single PutObject (or CopyObject) or a multipart upload that continues an
 * unfinished one where its parts provably match the source. Every uploaded request carries Content-MD5;
 * the bytes read are checked against the source's own checksums and the object against them at the end.
 */
final class FileUploader {
    private static final Logger LOG = LoggerFactory.getLogger(FileUploader.class);

    private final ObjectStore store;
    private final Source source;
    private final JobSettings settings;
    private final RetryPolicy retry;
    private final ExecutorService partPool;
    private final ProgressTracker progress;
    private final BandwidthLimiter limiter;
    private final MultipartResumer resumer;
    private final UploadOptions options;
    private final BooleanSupplier stopRequested;
    private final ResumeLedger ledger;
    private final AtomicBoolean serverSideCopy;

    FileUploader(ObjectStore store, Source source, JobSettings settings, RetryPolicy retry, ExecutorService partPool,
                 ProgressTracker progress, BandwidthLimiter limiter, UploadOptions options, BooleanSupplier stopRequested,
                 ResumeLedger ledger, AtomicBoolean serverSideCopy) {
        this.store = store;
        this.source = source;
        this.settings = settings;
        this.retry = retry;
        this.partPool = partPool;
        this.progress = progress;
        this.limiter = limiter;
        this.options = options;
        this.stopRequested = stopRequested;
        this.ledger = ledger;
        this.serverSideCopy = serverSideCopy;
        this.resumer = new MultipartResumer(store, retry);
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
        for (int attempt = 1; attempt <= JobSettings.FILE_ATTEMPTS; attempt++) {
            try {
                entry = source.refresh(entry);
                Optional<SourceLayout> sourceLayout = source.partLayout(entry);
                PartLayout layout = PartPlanner.layoutFor(entry.size(), settings.chunkSizeMiB(), sourceLayout.map(SourceLayout::layout));
                boolean layoutGuessed = sourceLayout.map(l -> !l.certain()).orElse(false);
                Optional<CopySource> copy = serverSideCopy.get() ? source.copySource(entry) : Optional.empty();
                Sent sent = layout.singleRequest()
                        ? single(entry, key, layout, counter, copy)
                        : multipart(entry, key, layout, counter, mayResume, copy, layoutGuessed);
                LOG.info("{}: done, {} bytes, {} parts ({} reused), {}", key, entry.size(), sent.partCount, sent.partsReused, sent.verification);
                return new FileOutcome(key, entry.relativePath(), entry.size(), FileOutcome.Status.UPLOADED, sent.verification,
                        sent.bytesSent, sent.partsReused, sent.bytesReused, sent.partCount);
            } catch (TransferException.CopyRefused e) {
                // not an attempt of the file: the store said it will not copy, so the bytes travel instead
                serverSideCopy.set(false);
                counter.add(-counter.done());
                progress.notice("server-side copy refused (" + e.getMessage() + "); copying through this machine instead");
                attempt--;
            } catch (TransferException.SourceChanged | TransferException.VerificationFailed | TransferException.UploadGone e) {
                last = e.getMessage();
                // an object that failed verification came from a completed upload: never resume into it
                mayResume = !(e instanceof TransferException.UploadGone);
                counter.add(-counter.done());
                LOG.warn("{}: attempt {} of {} failed: {}", key, attempt, JobSettings.FILE_ATTEMPTS, last);
                if (attempt < JobSettings.FILE_ATTEMPTS) {
                    progress.notice(key + ": " + last + "; sending it again");
                }
                if (e instanceof TransferException.VerificationFailed && attempt == JobSettings.FILE_ATTEMPTS) {
                    return failed(key, entry, last + "; the object at the destination does NOT match the source");
                }
            } catch (TransferException.Retryable | TransferException.Rejected | TransferException.SourceUnreadable e) {
                LOG.warn("{}: failed: {}", key, e.getMessage(), e);
                String hint = e instanceof TransferException.Retryable ? "; run again to resume" : "";
                return failed(key, entry, e.getMessage() + hint);
            } catch (Stopped e) {
                return failed(key, entry, "stopped before it was complete; run again to resume");
            }
        }
        return failed(key, entry, "gave up after " + JobSettings.FILE_ATTEMPTS + " attempts: " + last);
    }

    private static FileOutcome failed(String key, SourceEntry entry, String why) {
        return FileOutcome.failed(key, entry.relativePath(), entry.size(), why);
    }

    private Sent single(SourceEntry entry, String key, PartLayout layout, ProgressTracker.FileCounter counter, Optional<CopySource> copy) {
        if (copy.isPresent()) {
            StoredObject stored = retry.call("copy " + key, () -> store.copyObject(key, copy.get(), options));
            counter.add(entry.size());
            counter.partDone();
            String expected = Md5.isPlainEtag(entry.etag()) ? entry.etag() : null;
            return new Sent(0, 0, 0, 1, "copied server-side; " + verifyStored(key, stored, expected, entry.size()));
        }
        PartBody body = source.range(entry, 0, entry.size());
        try {
            return putWhole(entry, key, layout, counter, body);
        } finally {
            body.release();
        }
    }

    private Sent putWhole(SourceEntry entry, String key, PartLayout layout, ProgressTracker.FileCounter counter, PartBody body) {
        MeteredBody metered = new MeteredBody(body, counter, limiter);
        AtomicReference<byte[]> sentMd5 = new AtomicReference<>();
        AtomicBoolean checked = new AtomicBoolean();
        StoredObject stored = retry.call("upload " + key, () -> {
            byte[] md5 = hash(entry, body);
            if (checked.compareAndSet(false, true)) {
                checkAgainstSource(entry, layout, body, md5);
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
        checkUnchanged(entry);
        if (settings.verifySourceAfterUpload() && local(entry) && !Arrays.equals(hash(entry, source.range(entry, 0, entry.size())), sentMd5.get())) {
            throw new TransferException.SourceChanged("the file changed while it was uploaded");
        }
        String verification = verifyStored(key, stored, Md5.hex(sentMd5.get()), entry.size());
        return new Sent(entry.size(), 0, 0, 1, verification);
    }

    /** The bytes read of a one-request object must give the source's own checksums. */
    private void checkAgainstSource(SourceEntry entry, PartLayout layout, PartBody body, byte[] md5) throws IOException {
        if (Md5.isPlainEtag(entry.etag()) && !entry.etag().equalsIgnoreCase(Md5.hex(md5))) {
            throw new TransferException.SourceChanged("the bytes read have MD5 " + Md5.hex(md5) + " but the source's ETag is " + entry.etag());
        }
        Optional<ContentCheck> check = source.contentCheck(entry, layout);
        if (check.isPresent()) {
            PartSequencer whole = new PartSequencer(check.get());
            whole.feed(1, body);
            String mismatch = whole.mismatch();
            if (mismatch != null) {
                throw new TransferException.SourceChanged("the bytes read do not match the source: " + mismatch);
            }
        }
    }

    private Sent multipart(SourceEntry entry, String key, PartLayout planned, ProgressTracker.FileCounter counter, boolean mayResume,
                           Optional<CopySource> copy, boolean layoutGuessed) {
        Optional<ResumePoint> resume = mayResume ? resumer.find(key, planned, progress) : Optional.empty();
        PartLayout layout = resume.map(ResumePoint::layout).orElse(planned);
        Map<Integer, RemotePart> existing = resume.map(ResumePoint::parts).orElse(Map.of());
        boolean remote = !local(entry);
        String uploadId;
        boolean provenByRecord = false;
        if (resume.isPresent()) {
            uploadId = resume.get().uploadId();
            // a remote source's parts are not read again to compare: the record proves which version they came from
            provenByRecord = remote && ledger.find(uploadId).map(r -> r.matches(entry, layout)).orElse(false);
            if (remote && !existing.isEmpty() && !provenByRecord) {
                progress.notice(key + ": the parts of unfinished upload " + MultipartResumer.shortId(uploadId)
                        + " cannot be shown to come from this version of the source; sending them again");
            }
        } else {
            uploadId = retry.call("start upload of " + key, () -> store.createMultipartUpload(key, options));
        }
        if (remote) {
            ledger.save(uploadId, new ResumeRecord(entry.etag(), entry.version(), entry.size(), layout.partSize()));
        }
        LOG.info("{}: upload {} with {} parts of {} bytes{}", key, uploadId, layout.partCount(), layout.partSize(),
                copy.isPresent() ? ", copied server-side" : "");

        int count = layout.partCount();
        boolean anyReusable = !existing.isEmpty() && (!remote || provenByRecord);
        // a whole-object checksum needs every byte in order: not available when parts are reused or copied server-side
        PartSequencer sequencer = copy.isEmpty() && !anyReusable
                ? source.contentCheck(entry, layout).map(PartSequencer::new).orElse(null) : null;
        boolean trustRecord = provenByRecord;
        byte[][] md5s = new byte[count][];
        String[] etags = new String[count];
        AtomicInteger reused = new AtomicInteger();
        AtomicLong reusedBytes = new AtomicLong();
        AtomicLong sentBytes = new AtomicLong();
        AtomicReference<RuntimeException> failure = new AtomicReference<>();
        Semaphore slots = new Semaphore(settings.maxThread());
        List<Future<?>> running = new ArrayList<>();
        for (int part = 1; part <= count && failure.get() == null; part++) {
            if (stopRequested.getAsBoolean()) {
                failure.compareAndSet(null, new Stopped());
                break;
            }
            try {
                slots.acquire();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new TransferException.Fatal("interrupted", e);
            }
            int number = part;
            running.add(partPool.submit(() -> {
                PartBody body = null;
                try {
                    if (failure.get() != null) {
                        return;
                    }
                    long offset = layout.offset(number);
                    long length = layout.length(number);
                    RemotePart there = existing.get(number);
                    byte[] known = null;
                    if (there != null && there.size() == length) {
                        if (!remote) {
                            body = source.range(entry, offset, length);
                            known = hash(entry, body);
                        } else if (trustRecord && Md5.isPlainEtag(there.etag())) {
                            known = HexFormat.of().parseHex(there.etag());
                        }
                        if (known != null && Md5.hex(known).equalsIgnoreCase(there.etag())) {
                            md5s[number - 1] = known;
                            etags[number - 1] = there.etag();
                            reused.incrementAndGet();
                            reusedBytes.addAndGet(length);
                            counter.add(length);
                            counter.partDone();
                            return;
                        }
                        LOG.info("{}: part {} at the destination differs from the source; sending it again", key, number);
                    }
                    if (copy.isPresent()) {
                        String etag = retry.call("copy part " + number + " of " + key,
                                () -> store.uploadPartCopy(key, uploadId, number, copy.get(), offset, length));
                        etags[number - 1] = etag;
                        md5s[number - 1] = Md5.isPlainEtag(etag) ? HexFormat.of().parseHex(etag) : null;
                        counter.add(length);
                        counter.partDone();
                        return;
                    }
                    if (body == null) {
                        body = source.range(entry, offset, length);
                    }
                    PartBody data = body;
                    byte[] firstMd5 = known;
                    MeteredBody metered = new MeteredBody(data, counter, limiter);
                    AtomicInteger tries = new AtomicInteger();
                    etags[number - 1] = retry.call("upload part " + number + " of " + key, () -> {
                        boolean first = tries.getAndIncrement() == 0;
                        byte[] md5 = first && firstMd5 != null ? firstMd5 : hash(entry, data);
                        if (first && sequencer != null) {
                            sequencer.feed(number, data);
                        }
                        try {
                            String etag = store.uploadPart(key, uploadId, number, metered, length, md5);
                            md5s[number - 1] = md5;
                            return etag;
                        } catch (RuntimeException e) {
                            metered.rollback();
                            throw e;
                        }
                    });
                    sentBytes.addAndGet(length);
                    counter.partDone();
                } catch (RuntimeException e) {
                    failure.compareAndSet(null, e);
                    if (sequencer != null) {
                        sequencer.fail();
                    }
                } finally {
                    if (body != null) {
                        body.release();
                    }
                    slots.release();
                }
            }));
        }
        for (Future<?> f : running) {
            try {
                f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new TransferException.Fatal("interrupted", e);
            } catch (ExecutionException e) {
                failure.compareAndSet(null, new IllegalStateException(e.getCause()));
            }
        }
        if (failure.get() != null) {
            throw failure.get();
        }

        checkUnchanged(entry);
        if (settings.verifySourceAfterUpload() && !remote) {
            for (int part = 1; part <= count; part++) {
                byte[] now = hash(entry, source.range(entry, layout.offset(part), layout.length(part)));
                if (!Arrays.equals(now, md5s[part - 1])) {
                    throw new TransferException.SourceChanged("part " + part + " of the file changed while it was uploaded");
                }
            }
        }
        if (sequencer != null && sequencer.mismatch() != null) {
            discard(key, uploadId);
            throw new TransferException.SourceChanged("the bytes read do not match the source: " + sequencer.mismatch());
        }
        String expected = Arrays.stream(md5s).allMatch(m -> m != null) ? Md5.multipartEtag(Arrays.asList(md5s)) : null;
        boolean sameLayoutAsSource = Md5.isCompositeEtag(entry.etag()) && entry.etag().endsWith("-" + count);
        if (sameLayoutAsSource && expected != null && !expected.equalsIgnoreCase(entry.etag())) {
            if (!layoutGuessed) {
                discard(key, uploadId);
                throw new TransferException.SourceChanged("the parts read give ETag " + expected + " but the source's ETag is " + entry.etag());
            }
            // the bytes are those of the pinned version; only the guessed part size differs from the source's
            sameLayoutAsSource = false;
            progress.notice(key + ": the store did not tell the source's part size and the guess of "
                    + MultipartResumer.describeSize(layout.partSize()) + " was wrong, so the copy's ETag differs from the source's;"
                    + " every part was still read pinned to the source's ETag and checked with Content-MD5");
        }
        if (sameLayoutAsSource) {
            expected = entry.etag();
        }
        List<CompletedPart> parts = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            parts.add(new CompletedPart(i + 1, etags[i]));
        }
        String expectedEtag = expected;
        StoredObject stored;
        try {
            stored = retry.call("complete upload of " + key, () -> store.completeMultipartUpload(key, uploadId, parts));
        } catch (TransferException.UploadGone gone) {
            // a completion whose answer was lost looks like this when retried: the object tells
            Optional<RemoteObject> object = retry.call("check " + key, () -> store.head(key));
            if (expectedEtag != null && object.isPresent() && expectedEtag.equalsIgnoreCase(object.get().etag())) {
                stored = new StoredObject(object.get().etag(), true);
            } else {
                throw gone;
            }
        }
        ledger.delete(uploadId);
        String verification = verifyStored(key, stored, expectedEtag, entry.size());
        if (copy.isPresent()) {
            verification = "copied server-side; " + verification;
        }
        if (sameLayoutAsSource) {
            verification += " (the source's own ETag)";
        }
        return new Sent(sentBytes.get(), reused.get(), reusedBytes.get(), count, verification);
    }

    /** The parts of this upload do not match the source: never resume from them. */
    private void discard(String key, String uploadId) {
        ledger.delete(uploadId);
        try {
            retry.call("abort upload of " + key, () -> {
                store.abortMultipartUpload(key, uploadId);
                return null;
            });
        } catch (TransferException.UploadGone | TransferException.Retryable | TransferException.Rejected e) {
            LOG.warn("{}: could not abort upload {} whose parts do not match the source: {}", key, uploadId, e.getMessage());
        }
    }

    private static boolean local(SourceEntry entry) {
        return entry.etag() == null;
    }

    /**
     * Compares the store's answer with what was read from the source; asks HEAD when the answer cannot tell.
     *
     * @param expectedEtag null when nothing read here can predict the ETag (only the size is checked then)
     */
    private String verifyStored(String key, StoredObject stored, String expectedEtag, long size) {
        String etag = stored.etag();
        boolean comparable = expectedEtag != null && stored.etagIsContentHash();
        if (comparable && Md5.isMd5Form(etag)) {
            if (etag.equalsIgnoreCase(expectedEtag)) {
                return "verified: ETag " + etag + " matches the source";
            }
            throw new TransferException.VerificationFailed(store.describe() + "/" + key + " has ETag " + etag
                    + " but the source gives " + expectedEtag);
        }
        RemoteObject object = retry.call("check " + key, () -> store.head(key)).orElseThrow(() ->
                new TransferException.VerificationFailed(store.describe() + "/" + key + " is missing right after its upload"));
        if (object.size() != size) {
            throw new TransferException.VerificationFailed(store.describe() + "/" + key + " has " + object.size()
                    + " bytes but the source has " + size);
        }
        if (comparable && Md5.isMd5Form(object.etag())) {
            if (!object.etag().equalsIgnoreCase(expectedEtag)) {
                throw new TransferException.VerificationFailed(store.describe() + "/" + key + " has ETag " + object.etag()
                        + " but the source gives " + expectedEtag);
            }
            return "verified: ETag " + object.etag() + " matches the source";
        }
        return "verified: size matches and every part passed its checksum (the store's ETag is not an MD5)";
    }

    private void checkUnchanged(SourceEntry entry) {
        SourceEntry now = source.refresh(entry);
        if (!entry.sameAs(now)) {
            throw new TransferException.SourceChanged("the source changed while it was uploaded (size, modification time or ETag)");
        }
    }

    /** MD5 of a range; a read error that comes from a changed file is reported as a change. */
    private byte[] hash(SourceEntry entry, PartBody body) {
        try {
            return body.md5();
        } catch (IOException e) {
            SourceEntry now = source.refresh(entry);
            if (!entry.sameAs(now)) {
                throw new TransferException.SourceChanged("the source changed while it was read");
            }
            throw new TransferException.SourceUnreadable("cannot read " + source.describe() + "/" + entry.relativePath() + ": " + e.getMessage(), e);
        }
    }

    private record Sent(long bytesSent, int partsReused, long bytesReused, int partCount, String verification) {
    }

    /** The user asked the job to stop; parts in flight were allowed to finish. */
    static final class Stopped extends RuntimeException {
        Stopped() {
            super("stopped", null, false, false);
        }
    }
}
