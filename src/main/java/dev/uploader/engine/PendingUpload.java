package dev.uploader.engine;

import java.time.Instant;

/** An unfinished multipart upload as ListMultipartUploads shows it. */
public record PendingUpload(String key, String uploadId, Instant initiated) {
}
