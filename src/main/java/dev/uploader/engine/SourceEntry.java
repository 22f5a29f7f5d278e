package dev.uploader.engine;

/**
 * One file or object of the source.
 *
 * @param relativePath path below the source root (or key below the source prefix), {@code /} as separator
 * @param size         bytes
 * @param lastModifiedMillis modification time, used to notice a change during the upload and for the skip rule
 * @param etag         the source object's ETag without quotes, or null for local files; every read of a
 *                     remote object is pinned to it
 * @param version      the source object's version id when the store keeps versions, else null
 */
public record SourceEntry(String relativePath, long size, long lastModifiedMillis, String etag, String version) {

    public SourceEntry(String relativePath, long size, long lastModifiedMillis) {
        this(relativePath, size, lastModifiedMillis, null, null);
    }

    /** Whether {@code now} is still the same content as this entry, as far as the source can tell. */
    public boolean sameAs(SourceEntry now) {
        return now.size == size && now.lastModifiedMillis == lastModifiedMillis
                && java.util.Objects.equals(now.etag, etag) && java.util.Objects.equals(now.version, version);
    }
}
