package dev.uploader.cluster;

import java.util.Objects;

/**
 * One object event of an S3 event notification (see {@link S3EventMessages}): which object, what happened to it, and
 * what S3 said about it then. The worker copies the object's current version (HEAD first), so the size, ETag and
 * version are only what the event saw.
 *
 * @param bucket    the source bucket, never null
 * @param key       the object key, decoded (S3 notifications URL-encode it; EventBridge does not), never null
 * @param eventName S3's event name as sent: {@code ObjectCreated:Put}, {@code ObjectRemoved:Delete}... or, for an
 *                  EventBridge event, its detail-type ({@code Object Created}, {@code Object Deleted}...)
 * @param size      the object's size in bytes; -1 when the event has none (always for a removal)
 * @param etag      the object's ETag without quotes, or null (always for a removal)
 * @param versionId the object version the event is about, or null (unversioned bucket)
 * @param sequencer S3's hexadecimal order of events on the same key, or null
 */
public record S3EventRecord(String bucket, String key, String eventName, long size, String etag, String versionId, String sequencer) {

    public S3EventRecord {
        Objects.requireNonNull(bucket, "bucket");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(eventName, "eventName");
    }

    /**
     * The object is gone: {@code ObjectRemoved:*} (a delete, or a delete marker created), {@code LifecycleExpiration:
     * Delete*} (lifecycle expiration, which EventBridge also reports as deleted) or EventBridge's {@code Object
     * Deleted}. The {@code s3:} prefix that S3-compatible stores put on event names is accepted.
     */
    public boolean removal() {
        String name = withoutS3Prefix();
        return name.startsWith("ObjectRemoved:") || name.startsWith("LifecycleExpiration:Delete") || name.equals("Object Deleted");
    }

    /**
     * The object was written: {@code ObjectCreated:*} (put, post, copy, multipart completed) or EventBridge's
     * {@code Object Created}.
     */
    public boolean creation() {
        String name = withoutS3Prefix();
        return name.startsWith("ObjectCreated:") || name.equals("Object Created");
    }

    private String withoutS3Prefix() {
        return eventName.startsWith("s3:") ? eventName.substring(3) : eventName;
    }
}
