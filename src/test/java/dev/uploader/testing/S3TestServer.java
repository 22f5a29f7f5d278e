package dev.uploader.testing;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.blobstore.ForwardingBlobStore;
import org.gaul.s3proxy.blobstore.domain.MultipartUpload;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.s3.model.UploadPartRequest;
import software.amazon.awssdk.services.s3.model.UploadPartResponse;

/**
 * A real S3-compatible server (S3Proxy) on 127.0.0.1 with SigV4 authentication, for end-to-end tests.
 * It counts the object bytes that reach it (PutObject and UploadPart) so tests can measure what travelled.
 */
public final class S3TestServer implements AutoCloseable {
    public static final String ACCESS_KEY = "AKIDTESTUPLOADER";
    public static final String SECRET_KEY = "test-secret-key-for-the-uploader";

    private final S3Proxy proxy;
    private final AtomicInteger partsReceived = new AtomicInteger();
    private final java.util.Queue<String> putKeys = new java.util.concurrent.ConcurrentLinkedQueue<>();
    private final AtomicLong bytesReceived = new AtomicLong();

    private final String accessKey;
    private final String secretKey;

    private S3TestServer(BlobStore store) throws Exception {
        this(store, ACCESS_KEY, SECRET_KEY);
    }

    private S3TestServer(BlobStore store, String accessKey, String secretKey) throws Exception {
        this.accessKey = accessKey;
        this.secretKey = secretKey;
        proxy = S3Proxy.builder()
                .blobStore(new CountingBlobStore(store))
                .endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(accessKey == null ? AuthenticationType.NONE : AuthenticationType.AWS_V2_OR_V4, accessKey, secretKey)
                .build();
        proxy.start();
        long deadline = System.currentTimeMillis() + 10_000;
        while (!"STARTED".equals(proxy.getState())) {
            if (System.currentTimeMillis() > deadline) {
                throw new IllegalStateException("S3Proxy did not start: " + proxy.getState());
            }
            Thread.sleep(10);
        }
    }

    /** Objects in memory: for small tests. */
    public static S3TestServer inMemory() throws Exception {
        return new S3TestServer(new TransientNio2BlobStore());
    }

    /** Objects in memory, with keys of its own (a second store of another account). */
    public static S3TestServer inMemory(String accessKey, String secretKey) throws Exception {
        return new S3TestServer(new TransientNio2BlobStore(), accessKey, secretKey);
    }

    /**
     * Objects in memory and no authentication: what Alibaba's OSS SDK can talk to (it signs the OSS way).
     * {@link #client()} of such a server still signs, which S3Proxy accepts without checking.
     */
    public static S3TestServer inMemoryWithoutAuthentication() throws Exception {
        return new S3TestServer(new TransientNio2BlobStore(), null, null);
    }

    /** Objects in a folder: for tests with tens of MiB. */
    public static S3TestServer onDisk(Path dir) throws Exception {
        Files.createDirectories(dir);
        return new S3TestServer(new FilesystemNio2BlobStore(dir.toString()));
    }

    /** Objects in a folder, with keys of its own (a second store of another account). */
    public static S3TestServer onDisk(Path dir, String accessKey, String secretKey) throws Exception {
        Files.createDirectories(dir);
        return new S3TestServer(new FilesystemNio2BlobStore(dir.toString()), accessKey, secretKey);
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + proxy.getPort());
    }

    public S3Client client() {
        return S3Client.builder()
                .endpointOverride(endpoint())
                .region(Region.US_EAST_1)
                .forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey == null ? ACCESS_KEY : accessKey, secretKey == null ? SECRET_KEY : secretKey)))
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .build();
    }

    public void createBucket(String name) {
        try (S3Client s3 = client()) {
            s3.createBucket(b -> b.bucket(name));
        }
    }

    /** UploadPart requests that reached the store. */
    public int partsReceived() {
        return partsReceived.get();
    }

    /** PutObject requests of this key that reached the store. */
    public int putsReceived(String key) {
        return (int) putKeys.stream().filter(key::equals).count();
    }

    /** Object bytes that reached the store through PutObject and UploadPart. */
    public long bytesReceived() {
        return bytesReceived.get();
    }

    public void resetCounters() {
        partsReceived.set(0);
        putKeys.clear();
        bytesReceived.set(0);
    }

    @Override
    public void close() throws Exception {
        proxy.stop();
    }

    private final class CountingBlobStore extends ForwardingBlobStore {
        CountingBlobStore(BlobStore delegate) {
            super(delegate);
        }

        @Override
        public PutObjectResponse putBlob(PutObjectRequest request, InputStream in) {
            putKeys.add(request.key());
            return super.putBlob(request, counted(in));
        }

        @Override
        public UploadPartResponse uploadMultipartPart(MultipartUpload upload, UploadPartRequest request, InputStream in) {
            partsReceived.incrementAndGet();
            return super.uploadMultipartPart(upload, request, counted(in));
        }

        private InputStream counted(InputStream in) {
            return new FilterInputStream(in) {
                @Override
                public int read() throws IOException {
                    int b = super.read();
                    if (b >= 0) {
                        bytesReceived.incrementAndGet();
                    }
                    return b;
                }

                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    int n = super.read(b, off, len);
                    if (n > 0) {
                        bytesReceived.addAndGet(n);
                    }
                    return n;
                }
            };
        }
    }
}
