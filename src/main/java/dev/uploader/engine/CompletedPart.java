package dev.uploader.engine;

/** A part to name in CompleteMultipartUpload. */
public record CompletedPart(int partNumber, String etag) {
}
