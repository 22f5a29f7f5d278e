package dev.uploader.engine;

import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The destination as the engine needs it. Implementations translate their SDK's exceptions into
 * {@link TransferException} subclasses and never let SDK types escape.
 */
public interface ObjectStore {

    /** Human-readable place, such as {@code s3://bucket}, for messages. */
    String describe();

    /**
     * One cheap request that fails with {@link TransferException.Fatal} when keys, bucket or endpoint are wrong.
     * It lists {@code prefix} only: a policy may allow listing just the job's prefix, and some stores (S3Proxy's
     * filesystem store among them) walk the whole bucket to answer a listing without one.
     */
    void checkAccess(String prefix);

    /** Every object whose key starts with {@code prefix}, page after page. */
    void listObjects(String prefix, Consumer<RemoteObject> sink);

    /**
     * The level right under {@code prefix} from one listing page with delimiter '/': empty when that page does not
     * hold it all (more than a page of entries) or the store cannot list so. The plan lists a prefix of many folders
     * folder by folder, several at once, instead of one long listing.
     */
    default Optional<StoreLevel> firstLevel(String prefix) {
        return Optional.empty();
    }

    Optional<RemoteObject> head(String key);

    StoredObject putObject(String key, PartBody body, long length, byte[] md5, UploadOptions options);

    String createMultipartUpload(String key, UploadOptions options);

    /** Uploads one part with Content-MD5 and returns its ETag without quotes. */
    String uploadPart(String key, String uploadId, int partNumber, PartBody body, long length, byte[] md5);

    StoredObject completeMultipartUpload(String key, String uploadId, List<CompletedPart> parts);

    void abortMultipartUpload(String key, String uploadId);

    /** Unfinished uploads whose key starts with {@code prefix}, all pages (key and upload-id markers). */
    List<PendingUpload> listMultipartUploads(String prefix);

    /** Every part of one upload, all pages. */
    List<RemotePart> listParts(String key, String uploadId);

    /**
     * Copies a whole object inside the store (CopyObject), pinned to the source's ETag.
     *
     * @throws TransferException.CopyRefused when the store will not copy it; the caller sends the bytes instead
     * @throws TransferException.SourceChanged when the source no longer has that ETag
     */
    default StoredObject copyObject(String key, CopySource from, UploadOptions options) {
        throw new TransferException.CopyRefused("this store does not copy server-side", null);
    }

    /**
     * Ends every request in flight at once; their callers see a failure. The job calls it when it was asked to stop and
     * its parts in flight did not end within a few seconds.
     */
    default void cancelInFlight() {
    }

    /** Copies a byte range of a stored object into a part (UploadPartCopy); returns the part's ETag. */
    default String uploadPartCopy(String key, String uploadId, int partNumber, CopySource from, long offset, long length) {
        throw new TransferException.CopyRefused("this store does not copy server-side", null);
    }
}
