package dev.uploader.engine;

import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the unfinished upload to continue for one key. It only proposes: whether a listed part is reused
 * is decided later, part by part, against the bytes the source has now.
 */
final class MultipartResumer {
    private static final Logger LOG = LoggerFactory.getLogger(MultipartResumer.class);

    private final ObjectStore store;
    private final RetryPolicy retry;

    MultipartResumer(ObjectStore store, RetryPolicy retry) {
        this.store = store;
        this.retry = retry;
    }

    /**
     * The newest unfinished upload of exactly this key, with the part size it was started with when that size
     * still fits the object in 10,000 parts. An upload whose part size cannot fit is aborted.
     */
    Optional<ResumePoint> find(String key, PartLayout planned, ProgressTracker progress) {
        List<PendingUpload> uploads = retry.call("list unfinished uploads of " + key, () -> store.listMultipartUploads(key));
        Optional<PendingUpload> newest = uploads.stream()
                .filter(u -> u.key().equals(key))
                .max(Comparator.comparing(PendingUpload::initiated, Comparator.nullsFirst(Comparator.naturalOrder())));
        if (newest.isEmpty()) {
            return Optional.empty();
        }
        PendingUpload upload = newest.get();
        List<RemotePart> parts;
        try {
            parts = retry.call("list parts of " + key, () -> store.listParts(key, upload.uploadId()));
        } catch (TransferException.UploadGone gone) {
            return Optional.empty();
        }
        Map<Integer, RemotePart> byNumber = new HashMap<>();
        long largest = 0;
        for (RemotePart p : parts) {
            byNumber.put(p.partNumber(), p);
            largest = Math.max(largest, p.size());
        }
        long size = planned.objectSize();
        PartLayout layout = planned;
        // every part but the last has the part size, so the largest part shows the size the upload used
        if (!parts.isEmpty() && largest != planned.partSize()) {
            PartLayout previous = PartPlanner.fits(size, largest) ? PartLayout.of(size, largest) : null;
            if (previous != null && consistent(previous, parts)) {
                layout = previous;
                progress.notice(key + ": resuming upload " + shortId(upload.uploadId()) + " with its part size of "
                        + describeSize(largest) + " (ChunkSize gives " + describeSize(planned.partSize()) + ")");
            } else if (!consistent(planned, parts)) {
                LOG.info("{}: unfinished upload {} used parts of {} bytes, which cannot be reused; aborting it",
                        key, upload.uploadId(), largest);
                progress.notice(key + ": unfinished upload " + shortId(upload.uploadId())
                        + " used a part size that cannot be reused; starting afresh");
                try {
                    retry.call("abort upload of " + key, () -> {
                        store.abortMultipartUpload(key, upload.uploadId());
                        return null;
                    });
                } catch (TransferException.UploadGone ignored) {
                    // already gone
                }
                return Optional.empty();
            }
        }
        LOG.info("{}: resuming upload {} ({} parts listed)", key, upload.uploadId(), parts.size());
        return Optional.of(new ResumePoint(upload.uploadId(), layout, byNumber));
    }

    /** Whether every listed part has the size this layout gives its number. */
    static boolean consistent(PartLayout layout, List<RemotePart> parts) {
        for (RemotePart p : parts) {
            if (p.partNumber() < 1 || p.partNumber() > layout.partCount() || p.size() != layout.length(p.partNumber())) {
                return false;
            }
        }
        return true;
    }

    static String shortId(String uploadId) {
        return uploadId.length() <= 12 ? uploadId : uploadId.substring(0, 12) + "...";
    }

    static String describeSize(long bytes) {
        if (bytes % PartPlanner.MIB == 0) {
            return (bytes / PartPlanner.MIB) + " MiB";
        }
        return bytes + " bytes";
    }
}
