package dev.uploader.storage.s3;

import java.time.Instant;

/**
 * What HEAD tells of an object (or of one of its parts, with {@code partNumber}).
 *
 * @param etag       without quotes; "" when none was given
 * @param versionId  null when the bucket keeps no versions
 * @param partsCount the object's part count where the store tells it (HEAD with partNumber), else null
 * @param kmsOrCustomerKey the object is encrypted with SSE-KMS or SSE-C: its ETag is no MD5
 */
public record ObjectHead(long size, Instant lastModified, String etag, String versionId, Integer partsCount, boolean kmsOrCustomerKey) {
}
