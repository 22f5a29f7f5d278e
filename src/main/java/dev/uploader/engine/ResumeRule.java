package dev.uploader.engine;

import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The one rule for continuing an unfinished multipart upload: a part is kept only when it provably holds the
 * bytes the source has now, and an upload that cannot be shown to hold them is aborted, never continued.
 *
 * <ul>
 *   <li>Files on this machine are read again: a listed part of the right size is kept when the MD5 of the file's
 *       bytes at its place equals its ETag ({@link ResumeDecision.Check#READ_AGAIN}). The part size is the
 *       upload's own when its parts show one; an upload whose parts fit no layout of the file is aborted.</li>
 *   <li>Remote sources are not read again (that costs what sending costs): the upload's {@link ResumeRecord},
 *       started for one source version before any part was sent, must name the version the source has now, and
 *       a listed part is kept only when its size is right and its ETag is the one the record holds for it
 *       ({@link ResumeDecision.Check#RECORDED}). No record, another version, or a part size that no longer fits:
 *       abort and start afresh.</li>
 * </ul>
 * No check here compares the destination with itself: every kept part is held against the source's bytes, read
 * now or when the record was written.
 */
final class ResumeRule {
    private ResumeRule() {
    }

    /**
     * @param rereadable   the source's bytes can be read again cheaply (a local file)
     * @param planned      the layout this run would use for a new upload
     * @param uploadId     the newest unfinished upload of the key, or null
     * @param parts        its parts as listed
     * @param record       its resume record, if one was kept
     * @param maxPartSize  the largest part this run may hold (the memory budget's share for sources read into memory)
     */
    static ResumeDecision decide(SourceEntry entry, boolean rereadable, PartLayout planned, String uploadId, List<RemotePart> parts,
                                 Optional<ResumeRecord> record, long maxPartSize) {
        if (uploadId == null) {
            return new ResumeDecision.StartNew();
        }
        return rereadable ? decideByReading(entry, planned, uploadId, parts) : decideByRecord(entry, planned, uploadId, parts, record, maxPartSize);
    }

    private static ResumeDecision decideByReading(SourceEntry entry, PartLayout planned, String uploadId, List<RemotePart> parts) {
        PartLayout layout = planned;
        String notice = null;
        if (!consistent(planned, parts)) {
            // every part but the last has the part size, so the largest listed part shows the size the upload used
            long largest = parts.stream().mapToLong(RemotePart::size).max().orElse(0);
            PartLayout previous = PartPlanner.fits(entry.size(), largest) ? PartLayout.of(entry.size(), largest) : null;
            if (previous == null || !consistent(previous, parts)) {
                return new ResumeDecision.AbortAndStartNew(uploadId, "its parts (the largest " + describeSize(largest)
                        + ") fit no part layout of the file as it is now");
            }
            layout = previous;
            notice = "resuming upload " + shortId(uploadId) + " with its part size of " + describeSize(largest)
                    + " (ChunkSize gives " + describeSize(planned.partSize()) + ")";
        }
        Map<Integer, ResumeDecision.ReusablePart> reusable = new HashMap<>();
        for (RemotePart p : parts) {
            if (p.size() == layout.length(p.partNumber()) && Md5.isPlainEtag(p.etag())) {
                reusable.put(p.partNumber(), new ResumeDecision.ReusablePart(p, ResumeDecision.Check.READ_AGAIN, null));
            }
        }
        return new ResumeDecision.Continue(uploadId, layout, reusable, notice);
    }

    private static ResumeDecision decideByRecord(SourceEntry entry, PartLayout planned, String uploadId, List<RemotePart> parts,
                                                 Optional<ResumeRecord> found, long maxPartSize) {
        if (found.isEmpty()) {
            return new ResumeDecision.AbortAndStartNew(uploadId, "no resume record shows which version of the source its parts came from");
        }
        ResumeRecord record = found.get();
        if (entry.etag() == null || entry.etag().isBlank()) {
            return new ResumeDecision.AbortAndStartNew(uploadId, "the source gives no ETag, so its version cannot be told from a replaced one");
        }
        if (!record.sameSource(entry)) {
            return new ResumeDecision.AbortAndStartNew(uploadId, "it was started from another version of the source (ETag "
                    + record.sourceEtag() + ", " + record.sourceSize() + " bytes; now " + entry.etag() + ", " + entry.size() + " bytes)");
        }
        long partSize = record.partSize();
        if (!PartPlanner.fits(entry.size(), partSize) && !(partSize >= entry.size() && partSize <= PartPlanner.MAX_PART_SIZE)) {
            return new ResumeDecision.AbortAndStartNew(uploadId, "its part size of " + describeSize(partSize) + " does not fit the object");
        }
        if (maxPartSize != Long.MAX_VALUE && (partSize + PartPlanner.MIB - 1) / PartPlanner.MIB * PartPlanner.MIB > maxPartSize) {
            return new ResumeDecision.AbortAndStartNew(uploadId, "its parts of " + describeSize(partSize)
                    + " are larger than the memory budget allows (" + describeSize(maxPartSize) + ")");
        }
        PartLayout layout = PartLayout.of(entry.size(), partSize);
        Map<Integer, ResumeDecision.ReusablePart> reusable = new HashMap<>();
        for (RemotePart p : parts) {
            ResumeRecord.StoredPart stored = record.parts().get(p.partNumber());
            boolean inLayout = p.partNumber() >= 1 && p.partNumber() <= layout.partCount();
            if (stored != null && inLayout && p.size() == layout.length(p.partNumber()) && stored.etag().equalsIgnoreCase(p.etag())) {
                byte[] md5 = stored.md5Hex() == null ? null : HexFormat.of().parseHex(stored.md5Hex());
                reusable.put(p.partNumber(), new ResumeDecision.ReusablePart(p, ResumeDecision.Check.RECORDED, md5));
            }
        }
        String notice = partSize == planned.partSize() ? null : "resuming upload " + shortId(uploadId) + " with its part size of "
                + describeSize(partSize) + " (this run would use " + describeSize(planned.partSize()) + ")";
        return new ResumeDecision.Continue(uploadId, layout, reusable, notice);
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
        if (bytes > 0 && bytes % PartPlanner.MIB == 0) {
            return (bytes / PartPlanner.MIB) + " MiB";
        }
        return bytes + " bytes";
    }
}
