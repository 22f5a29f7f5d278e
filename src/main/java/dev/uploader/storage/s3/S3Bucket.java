package dev.uploader.storage.s3;

import dev.uploader.engine.ObjectStore;
import dev.uploader.engine.RemoteObject;
import java.net.URLConnection;
import java.util.Optional;

/**
 * One bucket of an S3-compatible store: the engine's {@link ObjectStore} port and the reads an S3 source needs.
 * Two implementations speak to it, {@code storage.s3.sdk.SdkS3Bucket} over the AWS SDK and
 * {@code storage.http.HttpS3Bucket} over the uploader's own HTTP/1.1 client; both map their own failures to the
 * engine's errors through {@link S3Errors}, and one contract test suite holds both to the same behaviour.
 */
public interface S3Bucket extends ObjectStore, AutoCloseable {

    String bucket();

    @Override
    default String describe() {
        return "s3://" + bucket();
    }

    /**
     * The access check's request, tried a few times quickly: a server that is down is reported within seconds, as
     * {@link dev.uploader.engine.TransferException.Fatal}, not after MaxRetry backoffs.
     */
    static void checkQuickly(Runnable listOne) {
        for (int attempt = 1; ; attempt++) {
            try {
                listOne.run();
                return;
            } catch (dev.uploader.engine.TransferException.Retryable e) {
                if (S3Errors.isUnreachable(e) || attempt >= 3) {
                    throw new dev.uploader.engine.TransferException.Fatal(e.getMessage(), e);
                }
                try {
                    Thread.sleep(300L * attempt);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw new dev.uploader.engine.TransferException.Fatal("interrupted", interrupted);
                }
            }
        }
    }

    /**
     * Creates this bucket (in the client's region); a bucket this account owns already is no failure.
     *
     * @throws dev.uploader.engine.TransferException.Fatal when it cannot be created (a name another account holds, no right)
     */
    void createBucket();

    /**
     * One page of the level right under {@code prefix} (ListObjectsV2 with delimiter '/'): objects and folders together
     * at most {@code maxKeys} (the store may give fewer), from {@code continuationToken} or the start when null. A person
     * browsing a destination sees a page and asks for more, instead of a million keys at once.
     */
    LevelPage listLevel(String prefix, String continuationToken, int maxKeys);

    /** The object's size, time, ETag and version id, or empty when there is none. */
    Optional<ObjectHead> headObject(String key);

    @Override
    default Optional<RemoteObject> head(String key) {
        return headObject(key).map(h -> new RemoteObject(key, h.size(), h.lastModified(), h.etag()));
    }

    /**
     * HEAD of one part ({@code partNumber}), pinned to the object's ETag: the part's size and the object's part count.
     * Empty when the store does not answer part HEADs (many S3-compatible stores ignore {@code partNumber}: then
     * {@link ObjectHead#partsCount()} is null and the size is the whole object's).
     *
     * @throws dev.uploader.engine.TransferException.SourceChanged when the object no longer has that ETag
     */
    Optional<ObjectHead> headPart(String key, int partNumber, String etag);

    /**
     * Reads {@code length} bytes from {@code offset} into {@code into}, pinned to the object's ETag (If-Match) and
     * version id where given. An answer of any other length is refused.
     *
     * @throws dev.uploader.engine.TransferException.SourceChanged when the object was replaced (412) or deleted (404)
     */
    void getRange(String key, String etag, String versionId, long offset, int length, byte[] into);

    /**
     * Deletes one object (DeleteObject, no version id: where versioning is on, the store keeps the object's older
     * versions behind a delete marker). A key with no object is no failure; the request may be sent again, as a
     * delete whose answer was lost must be.
     */
    void deleteObject(String key);

    /** Ends every request in flight at once (their callers see a failure): the job was asked to stop. */
    @Override
    void cancelInFlight();

    @Override
    void close();

    /** The Content-Type a new object gets: the one given, else a guess from its name. */
    static String contentType(String key, String given) {
        if (given != null) {
            return given;
        }
        String guessed = URLConnection.getFileNameMap().getContentTypeFor(key);
        return guessed == null ? "application/octet-stream" : guessed;
    }
}
