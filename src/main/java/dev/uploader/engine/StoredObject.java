package dev.uploader.engine;

/**
 * What the store answered on PutObject or CompleteMultipartUpload.
 *
 * @param etag          the ETag without quotes, possibly empty (some stores answer none on completion)
 * @param etagIsContentHash false when the store says the ETag is not derived from MD5 (SSE-KMS, SSE-C)
 */
public record StoredObject(String etag, boolean etagIsContentHash) {
}
