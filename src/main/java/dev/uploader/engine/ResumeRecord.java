package dev.uploader.engine;

import java.util.Map;
import java.util.Objects;

/**
 * What an unfinished upload of a remote source was started from, and every part the store accepted for it: the
 * proof, kept beside the run, that a listed part holds bytes of this source version, without reading them again.
 * Written once when the upload is created (before any part is sent), then only added to.
 *
 * @param parts by part number: what the store answered for a part it accepted
 */
public record ResumeRecord(String sourceEtag, String sourceVersion, long sourceSize, long sourceModifiedMillis, long partSize,
                           Map<Integer, StoredPart> parts) {

    public ResumeRecord {
        parts = Map.copyOf(parts);
    }

    /** A new upload's record, with no parts yet. */
    public static ResumeRecord started(SourceEntry entry, long partSize) {
        return new ResumeRecord(entry.etag(), entry.version(), entry.size(), entry.lastModifiedMillis(), partSize, Map.of());
    }

    /**
     * Whether the upload was started from exactly the version the source has now: same ETag, version id, size and
     * modification time. A source without an ETag cannot be told apart from a replaced one of the same size and time:
     * never the same.
     */
    public boolean sameSource(SourceEntry entry) {
        return sourceEtag != null && !sourceEtag.isBlank() && sourceEtag.equals(entry.etag()) && Objects.equals(sourceVersion, entry.version())
                && sourceSize == entry.size() && sourceModifiedMillis == entry.lastModifiedMillis();
    }

    /**
     * One part the store accepted.
     *
     * @param etag   the part's ETag as the store answered it
     * @param md5Hex MD5 of the source bytes sent (the request's Content-MD5), or null when the store copied the
     *               part itself from the pinned source version (UploadPartCopy) and no byte passed through here
     */
    public record StoredPart(String etag, String md5Hex) {
    }
}
