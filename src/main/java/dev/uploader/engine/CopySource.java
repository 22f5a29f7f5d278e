package dev.uploader.engine;

/** An object the destination store can copy from itself, pinned to one version by ETag (and version id). */
public record CopySource(String bucket, String key, String etag, String versionId) {
}
