package dev.uploader.storage.s3.sdk;

import dev.uploader.engine.CompletedPart;
import dev.uploader.engine.CopySource;
import dev.uploader.engine.Md5;
import dev.uploader.engine.PartBody;
import dev.uploader.engine.PendingUpload;
import dev.uploader.engine.RemoteObject;
import dev.uploader.engine.RemotePart;
import dev.uploader.engine.StoredObject;
import dev.uploader.engine.TransferException;
import dev.uploader.engine.UploadOptions;
import dev.uploader.storage.s3.EtagText;
import dev.uploader.storage.s3.ListingPages;
import dev.uploader.storage.s3.ObjectHead;
import dev.uploader.storage.s3.S3Bucket;
import dev.uploader.storage.s3.S3Errors;
import dev.uploader.storage.s3.StoreSettings;
import java.time.Duration;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadResponse;
import software.amazon.awssdk.services.s3.model.CompletedMultipartUpload;
import software.amazon.awssdk.services.s3.model.CopyObjectResponse;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListMultipartUploadsRequest;
import software.amazon.awssdk.services.s3.model.ListMultipartUploadsResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.ListPartsRequest;
import software.amazon.awssdk.services.s3.model.ListPartsResponse;
import software.amazon.awssdk.services.s3.model.MetadataDirective;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.Part;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

/**
 * A bucket over the AWS SDK for Java v2: every store at AWS (the SDK's endpoint rules, regions, proxies), and any
 * store when {@code S3Client = sdk} asks for it. The SDK client is built the first time a request needs it.
 *
 * <p>Never stuck: the client's socket timeout is the idle timeout for reads; every request has a deadline (the SDK's
 * attempt timeout) from its size; and a body the store stops reading is seen by a watchdog on the body's stream, which
 * then closes the client (every request in flight fails and is retried, on the next client).
 */
public final class SdkS3Bucket implements S3Bucket {

    private final Supplier<S3Client> newClient;
    private S3Client client;
    private boolean closed;
    private final String bucket;
    private final SdkErrors errors;
    private final StoreSettings settings;
    private final java.util.Set<BodyWatch> bodies = java.util.concurrent.ConcurrentHashMap.newKeySet();
    /** Bodies of ranged GETs being read. */
    private final dev.uploader.storage.WatchedReads responses;
    private Thread watchdog;
    private volatile long stalledAt;

    /** A bucket over a client built already (tests, the store browser). */
    public SdkS3Bucket(S3Client s3, String bucket, String profile) {
        this(() -> s3, bucket, profile);
    }

    /** @param newClient builds the SDK client, once, when a request needs it */
    public SdkS3Bucket(Supplier<S3Client> newClient, String bucket, String profile) {
        this(newClient, bucket, profile, null);
    }

    /** @param endpoint named in messages when it cannot be reached; null for AWS */
    public SdkS3Bucket(Supplier<S3Client> newClient, String bucket, String profile, java.net.URI endpoint) {
        this(newClient, bucket, profile, endpoint, StoreSettings.defaults());
    }

    /** @param settings the idle timeout of requests (the client's own socket timeout is set where it is built) */
    public SdkS3Bucket(Supplier<S3Client> newClient, String bucket, String profile, java.net.URI endpoint, StoreSettings settings) {
        this.newClient = newClient;
        this.bucket = bucket;
        this.errors = new SdkErrors(new S3Errors("s3://" + bucket, profile, endpoint));
        this.settings = settings;
        this.responses = new dev.uploader.storage.WatchedReads(settings.idleTimeout(), "sdk-read-watchdog-" + bucket);
    }

    /** The SDK's attempt timeout for a request moving {@code bytes}: four idle timeouts, and at least 1 KiB/s on average. */
    /** A store copying says nothing until it is done (S3 sends spaces to keep the socket alive): time for the bytes. */
    private Duration copyDeadline(long bytes) {
        return dev.uploader.engine.CopySource.silenceFor(settings.idleTimeout(), bytes).multipliedBy(4);
    }

    private Duration deadline(long bytes) {
        return settings.idleTimeout().multipliedBy(4).plusSeconds(bytes / 1024);
    }

    /** Ends every request in flight: the client is closed (its connections with it) and the next request builds another. */
    @Override
    public void cancelInFlight() {
        responses.endAll("stopped: the job was asked to stop");
        S3Client old;
        synchronized (this) {
            old = client;
            client = null;
        }
        if (old != null) {
            old.close();
        }
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

    @Override
    public String bucket() {
        return bucket;
    }

    @Override
    public void checkAccess(String prefix) {
        S3Bucket.checkQuickly(() -> call("list the bucket", () -> sdk().listObjectsV2(r -> r.bucket(bucket).prefix(prefix).maxKeys(1)
                .overrideConfiguration(o -> o.apiCallAttemptTimeout(settings.accessCheckTimeout())))));
    }

    @Override
    public void listObjects(String prefix, Consumer<RemoteObject> sink) {
        call("list objects", () -> {
            ListingPages.objects(token -> {
                ListObjectsV2Response page = sdk().listObjectsV2(r -> r.bucket(bucket).prefix(prefix).continuationToken(token));
                List<RemoteObject> objects = new ArrayList<>(page.contents().size());
                for (S3Object o : page.contents()) {
                    objects.add(new RemoteObject(o.key(), o.size() == null ? 0 : o.size(), o.lastModified(), EtagText.unquote(o.eTag())));
                }
                return new ListingPages.ObjectsPage(objects, Boolean.TRUE.equals(page.isTruncated()) ? page.nextContinuationToken() : null);
            }, sink, describe());
            return null;
        });
    }

    @Override
    public Optional<ObjectHead> headObject(String key) {
        try {
            HeadObjectResponse r = sdk().headObject(b -> b.bucket(bucket).key(key));
            return Optional.of(head(r));
        } catch (AwsServiceException e) {
            if (e.statusCode() == 404 && !"NoSuchBucket".equals(SdkErrors.code(e))) {
                return Optional.empty();
            }
            throw errors.mapHead("read " + key, e);
        } catch (RuntimeException e) {
            throw errors.map("read " + key, e);
        }
    }

    private static ObjectHead head(HeadObjectResponse r) {
        String version = r.versionId();
        return new ObjectHead(r.contentLength() == null ? 0 : r.contentLength(), r.lastModified(), EtagText.unquote(r.eTag()),
                version == null || version.isBlank() || version.equals("null") ? null : version, r.partsCount(),
                !etagIsMd5(r.serverSideEncryption(), r.sseCustomerAlgorithm()));
    }

    @Override
    public Optional<ObjectHead> headPart(String key, int partNumber, String etag) {
        try {
            HeadObjectResponse r = sdk().headObject(b -> b.bucket(bucket).key(key).partNumber(partNumber).ifMatch(EtagText.quote(etag)));
            return r.partsCount() == null ? Optional.empty() : Optional.of(head(r));
        } catch (AwsServiceException e) {
            if (e.statusCode() == 412) {
                throw new TransferException.SourceChanged("s3://" + bucket + "/" + key + " was replaced during the copy", e);
            }
            int status = e.statusCode();
            if ((status >= 500 && status != 501) || status == 429 || status == 408) {
                throw errors.map("read " + key, e);
            }
            // the store does not answer part HEADs (501 NotImplemented, 400 ...): the layout is not told
            return Optional.empty();
        } catch (RuntimeException e) {
            throw errors.map("read " + key, e);
        }
    }

    @Override
    public void getRange(String key, String etag, String versionId, long offset, int length, byte[] into) {
        try (ResponseInputStream<GetObjectResponse> in = sdk().getObject(b -> {
            b.bucket(bucket).key(key).range("bytes=" + offset + "-" + (offset + length - 1))
                    .overrideConfiguration(o -> o.apiCallAttemptTimeout(deadline(length)));
            if (etag != null && !etag.isEmpty()) {
                b.ifMatch(EtagText.quote(etag));
            }
            if (versionId != null) {
                b.versionId(versionId);
            }
        })) {
            // the SDK's deadline ends with the answer's head; the body is watched here: less than 1 KiB in the idle
            // time, or past the deadline, aborts this response (a socket timeout alone lets a drip go on for ever)
            int read = responses.readFully(in, into, length, in::abort, System.nanoTime() + deadline(length).toNanos());
            if (read != length || in.read() != -1) {
                throw new TransferException.Retryable("ranged GET of s3://" + bucket + "/" + key + " at " + offset + " returned "
                        + read + " bytes instead of " + length, null);
            }
        } catch (TransferException e) {
            throw e;
        } catch (AwsServiceException e) {
            String code = SdkErrors.code(e);
            if (e.statusCode() == 412 || "PreconditionFailed".equals(code)) {
                throw new TransferException.SourceChanged("s3://" + bucket + "/" + key + " was replaced during the copy", e);
            }
            if ("NoSuchKey".equals(code) || (e.statusCode() == 404 && !"NoSuchBucket".equals(code))) {
                throw new TransferException.SourceChanged("s3://" + bucket + "/" + key + " was deleted during the copy", e);
            }
            throw errors.map("read " + key, e);
        } catch (IOException e) {
            throw new TransferException.Retryable("reading s3://" + bucket + "/" + key + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw errors.map("read " + key, e);
        }
    }

    @Override
    public StoredObject putObject(String key, PartBody body, long length, byte[] md5, UploadOptions options) {
        return call("upload " + key, () -> {
            PutObjectResponse r = sdk().putObject(b -> {
                b.bucket(bucket).key(key).contentLength(length).contentMD5(Md5.base64(md5))
                        .contentType(S3Bucket.contentType(key, options.contentType()))
                        .overrideConfiguration(o -> o.apiCallAttemptTimeout(deadline(length)));
                if (options.storageClass() != null) {
                    b.storageClass(options.storageClass());
                }
            }, requestBody(body, length, S3Bucket.contentType(key, options.contentType())));
            return new StoredObject(EtagText.unquote(r.eTag()), etagIsMd5(r.serverSideEncryption(), r.sseCustomerAlgorithm()));
        });
    }

    @Override
    public String createMultipartUpload(String key, UploadOptions options) {
        return call("start an upload of " + key, () -> sdk().createMultipartUpload(b -> {
            b.bucket(bucket).key(key).contentType(S3Bucket.contentType(key, options.contentType()));
            if (options.storageClass() != null) {
                b.storageClass(options.storageClass());
            }
        }).uploadId());
    }

    @Override
    public String uploadPart(String key, String uploadId, int partNumber, PartBody body, long length, byte[] md5) {
        return call("upload part " + partNumber + " of " + key, () -> EtagText.unquote(sdk().uploadPart(
                b -> b.bucket(bucket).key(key).uploadId(uploadId).partNumber(partNumber).contentLength(length).contentMD5(Md5.base64(md5))
                        .overrideConfiguration(o -> o.apiCallAttemptTimeout(deadline(length))),
                requestBody(body, length, "application/octet-stream")).eTag()));
    }

    @Override
    public StoredObject completeMultipartUpload(String key, String uploadId, List<CompletedPart> parts) {
        List<software.amazon.awssdk.services.s3.model.CompletedPart> completed = parts.stream()
                .map(p -> software.amazon.awssdk.services.s3.model.CompletedPart.builder().partNumber(p.partNumber()).eTag(p.etag()).build())
                .toList();
        return call("complete the upload of " + key, () -> {
            // a store may take minutes to assemble many parts: the deadline grows with them, as the own client's does
            CompleteMultipartUploadResponse r = sdk().completeMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId)
                    .multipartUpload(CompletedMultipartUpload.builder().parts(completed).build())
                    .overrideConfiguration(o -> o.apiCallAttemptTimeout(deadline(100L * parts.size()))));
            return new StoredObject(EtagText.unquote(r.eTag()), etagIsMd5(r.serverSideEncryption(), null));
        });
    }

    @Override
    public Optional<dev.uploader.engine.StoreLevel> firstLevel(String prefix) {
        ListObjectsV2Response page = call("list the folders of " + prefix, () -> sdk().listObjectsV2(r -> r.bucket(bucket).prefix(prefix)
                .delimiter("/").maxKeys(1000)));
        if (Boolean.TRUE.equals(page.isTruncated())) {
            return Optional.empty();
        }
        List<RemoteObject> objects = new ArrayList<>(page.contents().size());
        for (S3Object o : page.contents()) {
            objects.add(new RemoteObject(o.key(), o.size() == null ? 0 : o.size(), o.lastModified(), EtagText.unquote(o.eTag())));
        }
        return Optional.of(new dev.uploader.engine.StoreLevel(objects,
                page.commonPrefixes().stream().map(software.amazon.awssdk.services.s3.model.CommonPrefix::prefix).toList()));
    }

    @Override
    public dev.uploader.storage.s3.LevelPage listLevel(String prefix, String continuationToken, int maxKeys) {
        ListObjectsV2Response page = call("list the level of " + prefix, () -> sdk().listObjectsV2(r -> r.bucket(bucket)
                .prefix(prefix == null || prefix.isEmpty() ? null : prefix).delimiter("/").maxKeys(maxKeys).continuationToken(continuationToken)));
        List<RemoteObject> objects = new ArrayList<>(page.contents().size());
        for (S3Object o : page.contents()) {
            objects.add(new RemoteObject(o.key(), o.size() == null ? 0 : o.size(), o.lastModified(), EtagText.unquote(o.eTag())));
        }
        String next = Boolean.TRUE.equals(page.isTruncated()) ? page.nextContinuationToken() : null;
        if (next != null && next.equals(continuationToken)) {
            throw new TransferException.Retryable("list the level of " + prefix + " at " + describe()
                    + ": the store gave the same continuation token twice", null);
        }
        return new dev.uploader.storage.s3.LevelPage(objects,
                page.commonPrefixes().stream().map(software.amazon.awssdk.services.s3.model.CommonPrefix::prefix).toList(), next);
    }

    @Override
    public void createBucket() {
        try {
            call("create the bucket", () -> {
                try {
                    String region = sdk().serviceClientConfiguration().region().id();
                    return sdk().createBucket(b -> {
                        b.bucket(bucket);
                        if (!"us-east-1".equals(region) && !"aws-global".equals(region)) {
                            b.createBucketConfiguration(c -> c.locationConstraint(region));
                        }
                    });
                } catch (software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException owned) {
                    return null;
                }
            });
        } catch (TransferException e) {
            throw e instanceof TransferException.Fatal ? e : new TransferException.Fatal(e.getMessage(), e);
        }
    }

    @Override
    public void abortMultipartUpload(String key, String uploadId) {
        call("abort the upload of " + key, () -> sdk().abortMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId)));
    }

    @Override
    public void deleteObject(String key) {
        call("delete " + key, () -> {
            try {
                return sdk().deleteObject(b -> b.bucket(bucket).key(key));
            } catch (AwsServiceException e) {
                // S3 answers 204 for a key with no object; a store that answers 404 NoSuchKey says the same
                if (e.statusCode() == 404 && !"NoSuchBucket".equals(SdkErrors.code(e))) {
                    return null;
                }
                throw e;
            }
        });
    }

    @Override
    public List<PendingUpload> listMultipartUploads(String prefix) {
        return call("list unfinished uploads", () -> ListingPages.uploads(markers -> {
            ListMultipartUploadsRequest.Builder request = ListMultipartUploadsRequest.builder().bucket(bucket).prefix(prefix);
            if (markers.key() != null) {
                request.keyMarker(markers.key());
            }
            if (markers.uploadId() != null) {
                request.uploadIdMarker(markers.uploadId());
            }
            ListMultipartUploadsResponse page = sdk().listMultipartUploads(request.build());
            List<PendingUpload> uploads = new ArrayList<>(page.uploads().size());
            for (MultipartUpload u : page.uploads()) {
                uploads.add(new PendingUpload(u.key(), u.uploadId(), u.initiated()));
            }
            return new ListingPages.UploadsPage(uploads, Boolean.TRUE.equals(page.isTruncated()), page.nextKeyMarker(), page.nextUploadIdMarker());
        }, describe()));
    }

    @Override
    public List<RemotePart> listParts(String key, String uploadId) {
        return call("list the parts of " + key, () -> ListingPages.parts(marker -> {
            ListPartsRequest.Builder request = ListPartsRequest.builder().bucket(bucket).key(key).uploadId(uploadId);
            if (marker != null) {
                request.partNumberMarker(marker);
            }
            ListPartsResponse page = sdk().listParts(request.build());
            List<RemotePart> parts = new ArrayList<>(page.parts().size());
            for (Part p : page.parts()) {
                parts.add(new RemotePart(p.partNumber(), p.size() == null ? 0 : p.size(), EtagText.unquote(p.eTag())));
            }
            return new ListingPages.PartsPage(parts, Boolean.TRUE.equals(page.isTruncated()), page.nextPartNumberMarker());
        }, key));
    }

    @Override
    public StoredObject copyObject(String key, CopySource from, UploadOptions options) {
        try {
            CopyObjectResponse r = sdk().copyObject(b -> {
                b.sourceBucket(from.bucket()).sourceKey(from.key()).copySourceIfMatch(EtagText.quote(from.etag()))
                        .destinationBucket(bucket).destinationKey(key).metadataDirective(MetadataDirective.COPY)
                        .overrideConfiguration(o -> o.apiCallAttemptTimeout(copyDeadline(from.size())));
                if (from.versionId() != null) {
                    b.sourceVersionId(from.versionId());
                }
                if (options.storageClass() != null) {
                    b.storageClass(options.storageClass());
                }
            });
            return new StoredObject(EtagText.unquote(r.copyObjectResult().eTag()), etagIsMd5(r.serverSideEncryption(), r.sseCustomerAlgorithm()));
        } catch (RuntimeException e) {
            throw copyError("copy " + from.key() + " to " + key, e);
        }
    }

    @Override
    public String uploadPartCopy(String key, String uploadId, int partNumber, CopySource from, long offset, long length) {
        try {
            return EtagText.unquote(sdk().uploadPartCopy(b -> {
                b.sourceBucket(from.bucket()).sourceKey(from.key()).copySourceIfMatch(EtagText.quote(from.etag()))
                        .copySourceRange("bytes=" + offset + "-" + (offset + length - 1))
                        .destinationBucket(bucket).destinationKey(key).uploadId(uploadId).partNumber(partNumber)
                        .overrideConfiguration(o -> o.apiCallAttemptTimeout(copyDeadline(length)));
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
            TransferException copy = S3Errors.copyAnswer(action, service.statusCode(), SdkErrors.code(service), e);
            if (copy != null) {
                return copy;
            }
        }
        return errors.map(action, e);
    }

    @Override
    public void close() {
        S3Client built;
        synchronized (this) {
            closed = true;
            built = client;
        }
        responses.close();
        if (built != null) {
            built.close();
        }
    }

    private <T> T call(String action, Supplier<T> request) {
        long started = System.nanoTime();
        try {
            return request.get();
        } catch (RuntimeException e) {
            // a failure without an answer after the watchdog closed the client: the stall, not what the SDK says of it
            if (stalledAt - started > 0 && !(e instanceof TransferException)
                    && !(e instanceof software.amazon.awssdk.awscore.exception.AwsServiceException)) {
                throw new TransferException.Retryable(action + " at " + describe() + ": no progress for "
                        + settings.idleTimeout().toSeconds() + " s (the store stopped reading or answering); tried again", e);
            }
            throw errors.map(action, e);
        }
    }

    /** A request body whose reading by the SDK (as it writes to the socket) the watchdog follows. */
    private RequestBody requestBody(PartBody body, long length, String contentType) {
        return RequestBody.fromContentProvider(() -> {
            try {
                return new BodyWatch(body.open(), length);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, length, contentType);
    }

    /** Closes the client when a body in flight has not been read for the idle timeout: its socket write is stuck. */
    private void watch() {
        long idle = settings.idleTimeout().toNanos();
        while (true) {
            java.util.concurrent.locks.LockSupport.parkNanos(Math.max(50_000_000L, Math.min(1_000_000_000L, idle / 4)));
            synchronized (this) {
                if (closed) {
                    return;
                }
            }
            long now = System.nanoTime();
            for (BodyWatch w : bodies) {
                if (!w.done && now - w.progressAt > idle) {
                    stalledAt = now;
                    bodies.clear();
                    cancelInFlight();
                    break;
                }
            }
        }
    }

    private synchronized void startWatchdog() {
        if (watchdog == null && !closed) {
            watchdog = new Thread(this::watch, "sdk-watchdog-" + bucket);
            watchdog.setDaemon(true);
            watchdog.start();
        }
    }

    /** A body stream the SDK reads as it sends; read to its end or closed, it is no longer watched. */
    private final class BodyWatch extends java.io.FilterInputStream {
        volatile long progressAt = System.nanoTime();
        volatile boolean done;
        private long left;

        BodyWatch(java.io.InputStream in, long length) {
            super(in);
            this.left = length;
            if (length > 0) {
                bodies.add(this);
                startWatchdog();
            } else {
                done = true;
            }
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            progress(b < 0 ? -1 : 1);
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            progress(n);
            return n;
        }

        private void progress(int n) {
            progressAt = System.nanoTime();
            if (n > 0) {
                left -= n;
            }
            // read to its length, the body is on its way: waiting for the answer is the socket timeout's part
            if (n < 0 || left <= 0) {
                finished();
            }
        }

        private void finished() {
            done = true;
            bodies.remove(this);
        }

        @Override
        public void close() throws IOException {
            finished();
            super.close();
        }
    }

    /** Under SSE-KMS and SSE-C the ETag is not the MD5 of the content. */
    private static boolean etagIsMd5(ServerSideEncryption sse, String customerAlgorithm) {
        boolean kms = sse == ServerSideEncryption.AWS_KMS || sse == ServerSideEncryption.AWS_KMS_DSSE;
        return !kms && (customerAlgorithm == null || customerAlgorithm.isBlank());
    }
}
