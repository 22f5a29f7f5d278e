package dev.uploader.engine;

/**
 * What an unfinished upload of a remote source was started from, kept beside the run so that a resume can
 * prove its parts came from the same source version without reading them again.
 */
public record ResumeRecord(String sourceEtag, String sourceVersion, long sourceSize, long partSize) {

    public boolean matches(SourceEntry entry, PartLayout layout) {
        return java.util.Objects.equals(sourceEtag, entry.etag()) && java.util.Objects.equals(sourceVersion, entry.version())
                && sourceSize == entry.size() && partSize == layout.partSize();
    }
}
