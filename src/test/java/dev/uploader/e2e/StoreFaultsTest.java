package dev.uploader.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.uploader.engine.CompletedPart;
import dev.uploader.engine.FileOutcome;
import dev.uploader.engine.JobResult;
import dev.uploader.engine.JobSettings;
import dev.uploader.engine.ObjectStore;
import dev.uploader.engine.PartBody;
import dev.uploader.engine.PendingUpload;
import dev.uploader.engine.ProgressListener;
import dev.uploader.engine.RemoteObject;
import dev.uploader.engine.RemotePart;
import dev.uploader.engine.RetryPolicy;
import dev.uploader.engine.StoredObject;
import dev.uploader.engine.TransferException;
import dev.uploader.engine.UploadJob;
import dev.uploader.engine.UploadOptions;
import dev.uploader.storage.local.LocalDirectorySource;
import dev.uploader.storage.S3ClientFactory;
import dev.uploader.storage.s3.S3Location;
import dev.uploader.storage.s3.sdk.SdkS3Bucket;
import dev.uploader.testing.InMemoryServerTest;
import dev.uploader.testing.TestFiles;
import dev.uploader.testing.TestProfiles;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Store behaviour that S3Proxy cannot show: NoSuchUpload for an upload that vanished (S3Proxy answers 200),
 * and a completed object whose ETag does not match (S3Proxy is always right). The real server stores the
 * bytes; a decorator of the engine's store port injects only the one fault, and says so here.
 */
class StoreFaultsTest extends InMemoryServerTest {
    @Test
    void run_uploadVanishesMidFile_fileStartsAfreshAndObjectIsIdentical() throws Exception {
        AtomicInteger gone = new AtomicInteger();
        JobResult result = run("vanish", real -> new Decorated(real) {
            @Override
            public String uploadPart(String key, String uploadId, int partNumber, PartBody body, long length, byte[] md5) {
                if (partNumber == 2 && gone.compareAndSet(0, 1)) {
                    real.abortMultipartUpload(key, uploadId);
                    throw new TransferException.UploadGone("NoSuchUpload (injected)", null);
                }
                return super.uploadPart(key, uploadId, partNumber, body, length, md5);
            }
        });

        assertEquals(FileOutcome.Status.UPLOADED, result.files().get(0).status(), result.toString());
        assertEquals(1, gone.get());
        assertObjectIdentical("vanish");
    }

    @Test
    void run_completedObjectNeverMatches_failsAfterThreeAttemptsSayingSoWithoutDeleting() throws Exception {
        AtomicInteger completions = new AtomicInteger();
        JobResult result = run("mismatch", real -> new Decorated(real) {
            @Override
            public StoredObject completeMultipartUpload(String key, String uploadId, List<CompletedPart> parts) {
                completions.incrementAndGet();
                super.completeMultipartUpload(key, uploadId, parts);
                return new StoredObject("00000000000000000000000000000000-3", true);
            }
        });

        FileOutcome outcome = result.files().get(0);
        assertEquals(FileOutcome.Status.FAILED, outcome.status());
        assertEquals(JobSettings.FILE_ATTEMPTS, completions.get(), "uploaded again, bounded");
        assertTrue(outcome.detail().contains("does NOT match the source"), outcome.detail());
        assertTrue(!result.success());
        try (S3Client s3 = server.client()) {
            assertTrue(s3.headObject(b -> b.bucket("mismatch").key("f/data.bin")).contentLength() > 0, "the object is not deleted");
        }
    }

    @Test
    void run_completedObjectMatchesOnSecondAttempt_uploaded() throws Exception {
        AtomicInteger completions = new AtomicInteger();
        JobResult result = run("second", real -> new Decorated(real) {
            @Override
            public StoredObject completeMultipartUpload(String key, String uploadId, List<CompletedPart> parts) {
                StoredObject stored = super.completeMultipartUpload(key, uploadId, parts);
                return completions.incrementAndGet() == 1 ? new StoredObject("11111111111111111111111111111111-3", true) : stored;
            }
        });

        assertEquals(FileOutcome.Status.UPLOADED, result.files().get(0).status(), result.toString());
        assertEquals(2, completions.get());
        assertObjectIdentical("second");
    }

    private JobResult run(String bucket, java.util.function.Function<ObjectStore, ObjectStore> decorate) throws Exception {
        server.createBucket(bucket);
        Path dir = home.resolve(bucket);
        TestFiles.write(dir.resolve("data.bin"), 12 * TestFiles.MIB, 5);
        S3Location location = new S3Location(server.endpoint(), TestProfiles.PROFILE, null, false);
        try (SdkS3Bucket real = new SdkS3Bucket(new S3ClientFactory().create(location, 4), bucket, TestProfiles.PROFILE)) {
            UploadJob job = new UploadJob(new LocalDirectorySource(dir, null), decorate.apply(real), "f",
                    new JobSettings(5, 1, 1, 1, null, false, false, 0), ProgressListener.NONE, RetryPolicy.standard(1));
            return job.run();
        }
    }

    private void assertObjectIdentical(String bucket) throws Exception {
        try (S3Client s3 = server.client()) {
            assertEquals(TestFiles.md5(home.resolve(bucket).resolve("data.bin")), TestFiles.objectMd5(s3, bucket, "f/data.bin"));
        }
    }

    /** Passes every call to the real store. */
    private static class Decorated implements ObjectStore {
        final ObjectStore real;

        Decorated(ObjectStore real) {
            this.real = real;
        }

        @Override
        public String describe() {
            return real.describe();
        }

        @Override
        public void checkAccess(String prefix) {
            real.checkAccess(prefix);
        }

        @Override
        public void listObjects(String prefix, Consumer<RemoteObject> sink) {
            real.listObjects(prefix, sink);
        }

        @Override
        public Optional<RemoteObject> head(String key) {
            return real.head(key);
        }

        @Override
        public StoredObject putObject(String key, PartBody body, long length, byte[] md5, UploadOptions options) {
            return real.putObject(key, body, length, md5, options);
        }

        @Override
        public String createMultipartUpload(String key, UploadOptions options) {
            return real.createMultipartUpload(key, options);
        }

        @Override
        public String uploadPart(String key, String uploadId, int partNumber, PartBody body, long length, byte[] md5) {
            return real.uploadPart(key, uploadId, partNumber, body, length, md5);
        }

        @Override
        public StoredObject completeMultipartUpload(String key, String uploadId, List<CompletedPart> parts) {
            return real.completeMultipartUpload(key, uploadId, parts);
        }

        @Override
        public void abortMultipartUpload(String key, String uploadId) {
            real.abortMultipartUpload(key, uploadId);
        }

        @Override
        public List<PendingUpload> listMultipartUploads(String prefix) {
            return real.listMultipartUploads(prefix);
        }

        @Override
        public List<RemotePart> listParts(String key, String uploadId) {
            return real.listParts(key, uploadId);
        }
    }
}
