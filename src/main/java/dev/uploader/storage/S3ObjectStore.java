package dev.uploader.storage;

import dev.uploader.engine.CompletedPart;
import dev.uploader.engine.CopySource;
import dev.uploader.engine.Md5;
import dev.uploader.engine.ObjectStore;
import dev.uploader.engine.PartBody;
import dev.uploader.engine.PendingUpload;
import dev.uploader.engine.RemoteObject;
import dev.uploader.engine.RemotePart;
import dev.uploader.engine.StoredObject;
import dev.uploader.engine.TransferException;
import dev.uploader.engine.UploadOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLConnection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadResponse;
import software.amazon.awssdk.services.s3.model.CompletedMultipartUpload;
import software.amazon.awssdk.services.s3.model.CopyObjectResponse;
import software.amazon.awssdk.services.s3.model.MetadataDirective;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListMultipartUploadsRequest;
import software.amazon.awssdk.services.s3.model.ListMultipartUploadsResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.ListPartsRequest;
import software.amazon.awssdk.services.s3.model.ListPartsResponse;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.Part;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

/**
 * A bucket of an S3-compatible store: every request of an upload over {@link LeanS3Client} where it can address
 * the bucket; copies, and everything where it cannot, through the AWS SDK v2, whose client is built the first
 * time one of those is needed.
 */
public final class S3ObjectStore implements ObjectStore, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(S3ObjectStore.class);
    private static final int UNREACHABLE_TRIES = 3;
    private static final int LIST_PAGE = 1000;

    private final Supplier<S3Client> newClient;
    private S3Client client;
    private boolean closed;
    private final LeanS3Client lean;
    private final String bucket;
    private final S3ErrorMapper errors;

    /** A store that sends every request through the SDK client. */
    public S3ObjectStore(S3Client s3, String bucket, String profile) {
        this(() -> s3, null, bucket, profile);
    }

    /**
     * @param newClient builds the SDK client, once, when a request needs it (a job of small files never does)
     * @param lean      sends the requests of an upload (all but the copies) instead of the SDK client; null for the SDK client
     */
    S3ObjectStore(Supplier<S3Client> newClient, LeanS3Client lean, String bucket, String profile) {
        this.newClient = newClient;
        this.lean = lean;
        this.bucket = bucket;
        this.errors = new S3ErrorMapper("s3://" + bucket, profile == null || profile.isBlank() ? "default" : profile);
    }

    private synchronized S3Client sdk() {
        if (client == null) {
            if (closed) {
                throw new IllegalStateException("the store " + describe() + " is closed");
            }
            client = newClient.get();
        }
        return client;
    }

    /** Whether the SDK client has been built (tests: a job of small files never needs it). */
    synchronized boolean sdkClientBuilt() {
        return client != null;
    }

    @Override
    public String describe() {
        return "s3://" + bucket;
    }

    /** Whether the requests of an upload bypass the SDK client (see {@link LeanS3Client}). */
    boolean usesLeanClient() {
        return lean != null;
    }

    @Override
    public void checkAccess(String prefix) {
        // a few quick tries: a server that is down should be reported within seconds, not after MaxRetry backoffs
        for (int attempt = 1; ; attempt++) {
            try {
                if (lean != null) {
                    lean.listObjects(prefix, 1, null);
                } else {
                    sdk().listObjectsV2(r -> r.bucket(bucket).prefix(prefix).maxKeys(1));
                }
                return;
            } catch (RuntimeException e) {
                RuntimeException mapped = errors.map("list the bucket", e);
                if (mapped instanceof TransferException.Retryable) {
                    if (S3ErrorMapper.isUnreachable(e) || attempt >= UNREACHABLE_TRIES) {
                        throw new TransferException.Fatal(mapped.getMessage(), e);
                    }
                    sleepQuietly(300L * attempt);
                    continue;
                }
                throw mapped;
            }
        }
    }

    @Override
    public void listObjects(String prefix, Consumer<RemoteObject> sink) {
        call("list objects", () -> {
            String token = null;
            do {
                LeanS3Client.ListPage page = objectsPage(prefix, token);
                page.objects().forEach(sink);
                if (page.nextToken() != null && page.nextToken().equals(token)) {
                    throw SdkClientException.create("the store gave the same continuation token twice; the listing would not end");
                }
                token = page.nextToken();
            } while (token != null);
            return null;
        });
    }

    /** One page of ListObjectsV2, the lean way or the SDK's. */
    private LeanS3Client.ListPage objectsPage(String prefix, String token) {
        if (lean != null) {
            return lean.listObjects(prefix, LIST_PAGE, token);
        }
        ListObjectsV2Response page = sdk().listObjectsV2(r -> r.bucket(bucket).prefix(prefix).continuationToken(token));
        List<RemoteObject> objects = new ArrayList<>(page.contents().size());
        for (S3Object o : page.contents()) {
            objects.add(new RemoteObject(o.key(), o.size() == null ? 0 : o.size(), o.lastModified(), unquote(o.eTag())));
        }
        return new LeanS3Client.ListPage(objects, Boolean.TRUE.equals(page.isTruncated()) ? page.nextContinuationToken() : null);
    }

    @Override
    public Optional<RemoteObject> head(String key) {
        if (lean != null) {
            return call("read " + key, () -> lean.head(key));
        }
        try {
            HeadObjectResponse r = sdk().headObject(b -> b.bucket(bucket).key(key));
            return Optional.of(new RemoteObject(key, r.contentLength() == null ? 0 : r.contentLength(), r.lastModified(), unquote(r.eTag())));
        } catch (AwsServiceException e) {
            if (e.statusCode() == 404 && !"NoSuchBucket".equals(e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode())) {
                return Optional.empty();
            }
            throw errors.map("read " + key, e);
        } catch (RuntimeException e) {
            throw errors.map("read " + key, e);
        }
    }

    @Override
    public StoredObject putObject(String key, PartBody body, long length, byte[] md5, UploadOptions options) {
        if (lean != null) {
            return call("upload " + key, () -> stored(lean.putObject(key, body, length, md5, contentType(key, options), options.storageClass())));
        }
        return call("upload " + key, () -> {
            PutObjectResponse r = sdk().putObject(b -> {
                b.bucket(bucket).key(key).contentLength(length).contentMD5(Md5.base64(md5)).contentType(contentType(key, options));
                if (options.storageClass() != null) {
                    b.storageClass(options.storageClass());
                }
            }, requestBody(body, length, key, options));
            return new StoredObject(unquote(r.eTag()), etagIsMd5(r.serverSideEncryption(), r.sseCustomerAlgorithm()));
        });
    }

    @Override
    public String createMultipartUpload(String key, UploadOptions options) {
        if (lean != null) {
            return call("start an upload of " + key, () -> lean.createMultipartUpload(key, contentType(key, options), options.storageClass()));
        }
        return call("start an upload of " + key, () -> sdk().createMultipartUpload(b -> {
            b.bucket(bucket).key(key).contentType(contentType(key, options));
            if (options.storageClass() != null) {
                b.storageClass(options.storageClass());
            }
        }).uploadId());
    }

    @Override
    public String uploadPart(String key, String uploadId, int partNumber, PartBody body, long length, byte[] md5) {
        if (lean != null) {
            return call("upload part " + partNumber + " of " + key,
                    () -> unquote(lean.uploadPart(key, uploadId, partNumber, body, length, md5)));
        }
        return call("upload part " + partNumber + " of " + key, () -> unquote(sdk().uploadPart(
                b -> b.bucket(bucket).key(key).uploadId(uploadId).partNumber(partNumber).contentLength(length).contentMD5(Md5.base64(md5)),
                requestBody(body, length, key, null)).eTag()));
    }

    @Override
    public StoredObject completeMultipartUpload(String key, String uploadId, List<CompletedPart> parts) {
        if (lean != null) {
            return call("complete the upload of " + key, () -> stored(lean.completeMultipartUpload(key, uploadId, parts)));
        }
        List<software.amazon.awssdk.services.s3.model.CompletedPart> completed = parts.stream()
                .map(p -> software.amazon.awssdk.services.s3.model.CompletedPart.builder().partNumber(p.partNumber()).eTag(p.etag()).build())
                .toList();
        return call("complete the upload of " + key, () -> {
            CompleteMultipartUploadResponse r = sdk().completeMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId)
                    .multipartUpload(CompletedMultipartUpload.builder().parts(completed).build()));
            return new StoredObject(unquote(r.eTag()), etagIsMd5(r.serverSideEncryption(), null));
        });
    }

    @Override
    public void abortMultipartUpload(String key, String uploadId) {
        if (lean != null) {
            call("abort the upload of " + key, () -> {
                lean.abortMultipartUpload(key, uploadId);
                return null;
            });
            return;
        }
        call("abort the upload of " + key, () -> sdk().abortMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId)));
    }

    @Override
    public List<PendingUpload> listMultipartUploads(String prefix) {
        return call("list unfinished uploads", () -> {
            List<PendingUpload> uploads = new ArrayList<>();
            String keyMarker = null;
            String uploadIdMarker = null;
            while (true) {
                LeanS3Client.UploadsPage page = uploadsPage(prefix, keyMarker, uploadIdMarker);
                uploads.addAll(page.uploads());
                if (!page.truncated()) {
                    return uploads;
                }
                String nextKey = page.nextKeyMarker();
                String nextId = page.nextUploadIdMarker();
                if (nextKey == null || (Objects.equals(nextKey, keyMarker) && Objects.equals(nextId, uploadIdMarker))) {
                    LOG.warn("ListMultipartUploads of {} said it was truncated but gave no new marker; stopping there", describe());
                    return uploads;
                }
                keyMarker = nextKey;
                uploadIdMarker = nextId;
            }
        });
    }

    @Override
    public List<RemotePart> listParts(String key, String uploadId) {
        return call("list the parts of " + key, () -> {
            List<RemotePart> parts = new ArrayList<>();
            Integer marker = null;
            while (true) {
                LeanS3Client.PartsPage page = partsPage(key, uploadId, marker);
                parts.addAll(page.parts());
                if (!page.truncated()) {
                    return parts;
                }
                Integer next = page.nextMarker();
                if (next == null || next.equals(marker)) {
                    LOG.warn("ListParts of {} said it was truncated but gave no new marker; stopping there", key);
                    return parts;
                }
                marker = next;
            }
        });
    }

    /** One page of ListMultipartUploads, the lean way or the SDK's. */
    private LeanS3Client.UploadsPage uploadsPage(String prefix, String keyMarker, String uploadIdMarker) {
        if (lean != null) {
            return lean.listMultipartUploads(prefix, keyMarker, uploadIdMarker);
        }
        ListMultipartUploadsRequest.Builder request = ListMultipartUploadsRequest.builder().bucket(bucket).prefix(prefix);
        if (keyMarker != null) {
            request.keyMarker(keyMarker);
        }
        if (uploadIdMarker != null) {
            request.uploadIdMarker(uploadIdMarker);
        }
        ListMultipartUploadsResponse page = sdk().listMultipartUploads(request.build());
        List<PendingUpload> uploads = new ArrayList<>(page.uploads().size());
        for (MultipartUpload u : page.uploads()) {
            uploads.add(new PendingUpload(u.key(), u.uploadId(), u.initiated()));
        }
        return new LeanS3Client.UploadsPage(uploads, Boolean.TRUE.equals(page.isTruncated()), page.nextKeyMarker(), page.nextUploadIdMarker());
    }

    /** One page of ListParts, the lean way or the SDK's. */
    private LeanS3Client.PartsPage partsPage(String key, String uploadId, Integer marker) {
        if (lean != null) {
            return lean.listParts(key, uploadId, marker);
        }
        ListPartsRequest.Builder request = ListPartsRequest.builder().bucket(bucket).key(key).uploadId(uploadId);
        if (marker != null) {
            request.partNumberMarker(marker);
        }
        ListPartsResponse page = sdk().listParts(request.build());
        List<RemotePart> parts = new ArrayList<>(page.parts().size());
        for (Part p : page.parts()) {
            parts.add(new RemotePart(p.partNumber(), p.size() == null ? 0 : p.size(), unquote(p.eTag())));
        }
        return new LeanS3Client.PartsPage(parts, Boolean.TRUE.equals(page.isTruncated()), page.nextPartNumberMarker());
    }

    @Override
    public StoredObject copyObject(String key, CopySource from, UploadOptions options) {
        try {
            CopyObjectResponse r = sdk().copyObject(b -> {
                b.sourceBucket(from.bucket()).sourceKey(from.key()).copySourceIfMatch(quote(from.etag()))
                        .destinationBucket(bucket).destinationKey(key).metadataDirective(MetadataDirective.COPY);
                if (from.versionId() != null) {
                    b.sourceVersionId(from.versionId());
                }
                if (options.storageClass() != null) {
                    b.storageClass(options.storageClass());
                }
            });
            return new StoredObject(unquote(r.copyObjectResult().eTag()), etagIsMd5(r.serverSideEncryption(), r.sseCustomerAlgorithm()));
        } catch (RuntimeException e) {
            throw copyError("copy " + from.key() + " to " + key, e);
        }
    }

    @Override
    public String uploadPartCopy(String key, String uploadId, int partNumber, CopySource from, long offset, long length) {
        try {
            return unquote(sdk().uploadPartCopy(b -> {
                b.sourceBucket(from.bucket()).sourceKey(from.key()).copySourceIfMatch(quote(from.etag()))
                        .copySourceRange("bytes=" + offset + "-" + (offset + length - 1))
                        .destinationBucket(bucket).destinationKey(key).uploadId(uploadId).partNumber(partNumber);
                if (from.versionId() != null) {
                    b.sourceVersionId(from.versionId());
                }
            }).copyPartResult().eTag());
        } catch (RuntimeException e) {
            throw copyError("copy part " + partNumber + " of " + key, e);
        }
    }

    /** A changed source is a change; a refusal (no read access, not supported) means: send the bytes instead. */
    private RuntimeException copyError(String action, RuntimeException e) {
        if (e instanceof AwsServiceException service) {
            String code = service.awsErrorDetails() == null ? null : service.awsErrorDetails().errorCode();
            int status = service.statusCode();
            if (status == 412 || "PreconditionFailed".equals(code)) {
                return new TransferException.SourceChanged("the source object was replaced during the copy", e);
            }
            if ("NoSuchKey".equals(code)) {
                return new TransferException.SourceChanged("the source object was deleted during the copy", e);
            }
            if ("NoSuchUpload".equals(code)) {
                return errors.map(action, e);
            }
            if (status == 403 || status == 501 || "NotImplemented".equals(code) || "InvalidRequest".equals(code)
                    || "AccessDenied".equals(code) || "InvalidArgument".equals(code) || "NoSuchBucket".equals(code)) {
                return new TransferException.CopyRefused(action + ": " + (code == null ? "HTTP " + status : code), e);
            }
        }
        return errors.map(action, e);
    }

    private static String quote(String etag) {
        return etag == null ? null : "\"" + etag + "\"";
    }

    @Override
    public void close() {
        if (lean != null) {
            lean.close();
        }
        S3Client built;
        synchronized (this) {
            closed = true;
            built = client;
        }
        if (built != null) {
            built.close();
        }
    }

    private <T> T call(String action, Supplier<T> request) {
        try {
            return request.get();
        } catch (RuntimeException e) {
            throw errors.map(action, e);
        }
    }

    private static RequestBody requestBody(PartBody body, long length, String key, UploadOptions options) {
        return RequestBody.fromContentProvider(() -> {
            try {
                return body.open();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, length, options == null ? "application/octet-stream" : contentType(key, options));
    }

    private static String contentType(String key, UploadOptions options) {
        if (options != null && options.contentType() != null) {
            return options.contentType();
        }
        String guessed = URLConnection.getFileNameMap().getContentTypeFor(key);
        return guessed == null ? "application/octet-stream" : guessed;
    }

    /** The object a lean request stored, from the headers of its answer (the ETag under "etag"). */
    private static StoredObject stored(Map<String, String> reply) {
        return new StoredObject(unquote(reply.get("etag")), etagIsMd5(ServerSideEncryption.fromValue(reply.get("x-amz-server-side-encryption")),
                reply.get("x-amz-server-side-encryption-customer-algorithm")));
    }

    /** Under SSE-KMS and SSE-C the ETag is not the MD5 of the content. */
    private static boolean etagIsMd5(ServerSideEncryption sse, String customerAlgorithm) {
        boolean kms = sse == ServerSideEncryption.AWS_KMS || sse == ServerSideEncryption.AWS_KMS_DSSE;
        return !kms && (customerAlgorithm == null || customerAlgorithm.isBlank());
    }

    static String unquote(String etag) {
        if (etag == null) {
            return "";
        }
        String e = etag.trim();
        if (e.startsWith("W/")) {
            e = e.substring(2);
        }
        if (e.length() >= 2 && e.startsWith("\"") && e.endsWith("\"")) {
            e = e.substring(1, e.length() - 1);
        }
        return e;
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
