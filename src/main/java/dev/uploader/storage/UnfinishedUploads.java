package dev.uploader.storage;

import dev.uploader.engine.ObjectKeys;
import dev.uploader.engine.PendingUpload;
import dev.uploader.engine.RemotePart;
import dev.uploader.engine.TransferException;
import dev.uploader.storage.s3.S3Bucket;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The unfinished multipart uploads under a prefix of one bucket, what their parts hold, and cleaning them (aborting):
 * what the Unfinished uploads dialog and the destination pane share.
 */
public final class UnfinishedUploads {
    private static final Logger LOG = LoggerFactory.getLogger(UnfinishedUploads.class);

    private final S3Bucket store;

    public UnfinishedUploads(S3Bucket store) {
        this.store = Objects.requireNonNull(store, "store");
    }

    /**
     * An unfinished upload and what its parts hold so far.
     *
     * @param bytes bytes stored in its parts, -1 when they were not measured
     * @param parts how many parts it has, -1 when not measured
     */
    public record Measured(PendingUpload upload, long bytes, int parts) {
        public boolean measured() {
            return bytes >= 0;
        }
    }

    /** How a clean went: uploads aborted (one already gone counts), and why it stopped early, or null. */
    public record Cleaned(int aborted, int asked, String failure) {
    }

    /**
     * The unfinished uploads whose keys are under {@code prefix} taken as a folder ({@code photos} lists
     * {@code photos/...}, not {@code photos2/...}); the whole bucket for an empty prefix.
     *
     * @throws TransferException when the store cannot list them; the message says so in words
     */
    public List<PendingUpload> under(String prefix) {
        String listing = ObjectKeys.listingPrefix(ObjectKeys.normalizePrefix(prefix == null ? "" : prefix));
        return store.listMultipartUploads(listing).stream().filter(u -> u.key().startsWith(listing)).toList();
    }

    /**
     * Each upload with the size of its parts, listed for the first {@code atMost} (a prefix of thousands of unfinished
     * uploads would take thousands of requests); the rest unmeasured. An upload finished or aborted meanwhile counts 0.
     */
    public List<Measured> measure(List<PendingUpload> uploads, int atMost) {
        List<Measured> measured = new ArrayList<>(uploads.size());
        int asked = 0;
        for (PendingUpload u : uploads) {
            if (asked++ >= atMost) {
                measured.add(new Measured(u, -1, -1));
                continue;
            }
            try {
                List<RemotePart> parts = store.listParts(u.key(), u.uploadId());
                measured.add(new Measured(u, parts.stream().mapToLong(RemotePart::size).sum(), parts.size()));
            } catch (TransferException.UploadGone gone) {
                measured.add(new Measured(u, 0, 0));
            }
        }
        return measured;
    }

    /**
     * Aborts the given uploads one by one; one already gone counts as aborted. The first other failure ends it: the
     * store is down or refuses, and the rest would fail alike.
     */
    public Cleaned clean(List<PendingUpload> uploads) {
        int aborted = 0;
        for (PendingUpload u : uploads) {
            try {
                store.abortMultipartUpload(u.key(), u.uploadId());
                LOG.info("aborted unfinished upload {} of {} at {}", u.uploadId(), u.key(), store.describe());
                aborted++;
            } catch (TransferException.UploadGone gone) {
                LOG.info("unfinished upload {} of {} at {} was already gone", u.uploadId(), u.key(), store.describe());
                aborted++;
            } catch (TransferException e) {
                String why = e.getMessage() == null || e.getMessage().isBlank() ? "a failure without a description" : e.getMessage();
                return new Cleaned(aborted, uploads.size(), why);
            }
        }
        return new Cleaned(aborted, uploads.size(), null);
    }
}
