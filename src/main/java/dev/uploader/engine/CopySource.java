package dev.uploader.engine;

/**
 * An object the destination store can copy from itself, pinned to one version by ETag (and version id).
 *
 * @param size the object's size: a copy's deadline grows with it (a store says nothing while it copies)
 */
public record CopySource(String bucket, String key, String etag, String versionId, long size) {
    /** How long a store may stay silent while it copies {@code bytes}: the idle timeout plus the bytes at 4 MiB/s. */
    public static java.time.Duration silenceFor(java.time.Duration idle, long bytes) {
        return idle.plusSeconds(bytes / (4L << 20));
    }
}
