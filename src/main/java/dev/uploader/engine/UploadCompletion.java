package dev.uploader.engine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ends one multipart upload: checks what was read against the source before anything is completed, completes it
 * (telling a completion whose answer was lost from one that failed), and says what the object proves.
 */
final class UploadCompletion {
    private static final Logger LOG = LoggerFactory.getLogger(UploadCompletion.class);

    private final ObjectStore store;
    private final SourceReads reads;
    private final RetryPolicy retry;
    private final MultipartResumer resumer;
    private final ResumeLedger ledger;
    private final ProgressTracker progress;
    private final boolean rereadAfterUpload;

    UploadCompletion(ObjectStore store, SourceReads reads, RetryPolicy retry, MultipartResumer resumer, ResumeLedger ledger,
                     ProgressTracker progress, boolean rereadAfterUpload) {
        this.store = store;
        this.reads = reads;
        this.retry = retry;
        this.resumer = resumer;
        this.ledger = ledger;
        this.progress = progress;
        this.rereadAfterUpload = rereadAfterUpload;
    }

    /**
     * One upload whose parts are all at the store.
     *
     * @param sourceEtagComparable the parts are the source's own parts, so equal content gives the source's ETag
     * @param layoutGuessed        the source's part size was guessed
     * @param older                other unfinished uploads of the key, aborted once the object is complete
     */
    record Finished(SourceEntry entry, String key, String uploadId, PartLayout layout, PartScheduler.Moved moved, PartSequencer sequencer,
                    boolean sourceEtagComparable, boolean layoutGuessed, List<PendingUpload> older) {
    }

    /** What the object shows, and the words for the log and the summary. */
    /** @param etag the object's ETag as the store gave it, or null when it gave none */
    record Verified(Proof proof, String detail, String etag) {
    }

    Verified complete(Finished f) {
        SourceEntry entry = f.entry();
        String key = f.key();
        int count = f.layout().partCount();
        byte[][] md5s = f.moved().md5s();
        String expected = Arrays.stream(md5s).allMatch(m -> m != null) ? Md5.multipartEtag(Arrays.asList(md5s)) : null;

        reads.checkUnchanged(entry);
        String reread = "";
        if (rereadAfterUpload && reads.source().isLocal()) {
            for (int part = 1; part <= count; part++) {
                PartBody body = reads.source().range(entry, f.layout().offset(part), f.layout().length(part), PartMemory.NONE);
                if (!Arrays.equals(reads.md5(entry, body), md5s[part - 1])) {
                    throw new TransferException.SourceChanged("part " + part + " of the file changed while it was uploaded");
                }
            }
            reread = "; the file read again after the upload gave the same MD5s";
        }
        boolean contentChecked = false;
        if (f.sequencer() != null) {
            String mismatch = f.sequencer().mismatch();
            if (mismatch != null) {
                resumer.abortQuietly(key, f.uploadId());
                throw new TransferException.SourceChanged("the bytes read do not match the source: " + mismatch);
            }
            contentChecked = true;
        }
        if (expected != null && f.sourceEtagComparable() && !expected.equalsIgnoreCase(entry.etag())) {
            if (!f.layoutGuessed()) {
                resumer.abortQuietly(key, f.uploadId());
                throw new TransferException.SourceChanged("the parts read give ETag " + expected + " but the source's ETag is " + entry.etag());
            }
            // every read was pinned to the source's ETag: only the guessed part size differs from the source's
            progress.notice(key + ": the store did not tell the source's part size and the guess of "
                    + ResumeRule.describeSize(f.layout().partSize()) + " was wrong, so the copy's ETag differs from the source's;"
                    + " every part was read pinned to the source's ETag and sent with its Content-MD5");
        }

        List<CompletedPart> parts = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            parts.add(new CompletedPart(i + 1, f.moved().etags()[i]));
        }
        // with no byte read here, the source's ETag predicts the copy's only where its parts are the source's for certain
        String predicted = expected != null ? expected : f.sourceEtagComparable() && !f.layoutGuessed() ? entry.etag() : null;
        StoredObject stored = completeOrFindCompleted(key, f.uploadId(), parts, predicted);
        try {
            ledger.delete(f.uploadId());
        } catch (TransferException.LeaseLost lost) {
            // the object is complete and its record no longer needed: the worker that holds the job now deletes it
        }
        for (PendingUpload old : f.older()) {
            // obsolete now that the object is complete: no one resumes them and they are billed
            resumer.abortQuietly(old.key(), old.uploadId());
        }
        // a completion takes a while: a source replaced meanwhile (and copied by another run or worker, whose
        // completion this one may have followed) is sent again rather than left behind as the older version
        reads.checkUnchanged(entry);

        return verify(key, entry, stored, expected, f.sourceEtagComparable(), f.layoutGuessed(), contentChecked, reread);
    }

    /**
     * What a stored object proves ({@link ProofRule}), asking HEAD where the store's answer alone cannot tell.
     *
     * @param expected the ETag the MD5s of the bytes read give, or null when some part never passed through here
     * @param note     added to the words, such as a re-read of the file after the upload
     */
    Verified verify(String key, SourceEntry entry, StoredObject stored, String expected, boolean sourceEtagComparable,
                    boolean layoutGuessed, boolean contentChecked, String note) {
        String etag = stored.etag();
        Long size = null;
        if (ProofRule.needsHead(etag, stored.etagIsContentHash(), expected, sourceEtagComparable, layoutGuessed)) {
            RemoteObject object = retry.call("check " + key, () -> store.head(key)).orElseThrow(() ->
                    new TransferException.VerificationFailed(store.describe() + "/" + key + " is missing right after its upload"));
            size = object.size();
            if (!Md5.isMd5Form(etag)) {
                etag = object.etag();
            }
        }
        String wholeMd5 = null;
        if (ProofRule.storeGivesWholeMd5(etag, stored.etagIsContentHash(), expected) && reads.source().isLocal()) {
            // the store's ETag is the MD5 of the whole object: the file is read once more, in order, to compare with it
            wholeMd5 = Md5.hex(reads.md5(entry, reads.source().range(entry, 0, entry.size(), PartMemory.NONE)));
        }
        Proof proof = ProofRule.prove(store.describe() + "/" + key, new ProofRule.Evidence(entry.size(), entry.etag(),
                sourceEtagComparable, layoutGuessed, expected, contentChecked, etag, stored.etagIsContentHash(), size, wholeMd5));
        return new Verified(proof, proof.words() + (Md5.isMd5Form(etag) ? " (ETag " + etag + ")" : "") + note,
                etag == null || etag.isEmpty() ? null : etag);
    }

    /**
     * Completes the upload. A retried completion whose first answer was lost finds the upload gone: the object then
     * tells whether it was that completion (its ETag is the one predicted from the source) or not.
     */
    private StoredObject completeOrFindCompleted(String key, String uploadId, List<CompletedPart> parts, String predicted) {
        try {
            return retry.call("complete upload of " + key, () -> store.completeMultipartUpload(key, uploadId, parts));
        } catch (TransferException.UploadGone gone) {
            Optional<RemoteObject> object = retry.call("check " + key, () -> store.head(key));
            if (predicted != null && object.isPresent() && predicted.equalsIgnoreCase(object.get().etag())) {
                LOG.info("{}: upload {} was completed by an earlier try whose answer was lost", key, uploadId);
                return new StoredObject(object.get().etag(), true);
            }
            // gone, or its parts refused at completion: never resumed into; the file is sent again
            resumer.abortQuietly(key, uploadId);
            throw gone;
        }
    }
}
