package dev.uploader.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.uploader.engine.FileOutcome;
import dev.uploader.engine.JobResult;
import dev.uploader.engine.JobSettings;
import dev.uploader.engine.PartBody;
import dev.uploader.engine.ProgressListener;
import dev.uploader.engine.RetryPolicy;
import dev.uploader.engine.Source;
import dev.uploader.engine.SourceEntry;
import dev.uploader.engine.UploadJob;
import dev.uploader.storage.local.LocalDirectorySource;
import dev.uploader.storage.S3ClientFactory;
import dev.uploader.storage.s3.S3Location;
import dev.uploader.storage.s3.sdk.SdkS3Bucket;
import dev.uploader.testing.InMemoryServerTest;
import dev.uploader.testing.TestFiles;
import dev.uploader.testing.TestProfiles;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A file that another program rewrites while it is being uploaded. The writer is simulated by a source
 * wrapper that changes the real file on disk when part 3 is opened, after part 1 has been sent.
 */
class SourceChangedDuringUploadTest extends InMemoryServerTest {
    @Test
    void run_fileRewrittenDuringUpload_changeCaughtAndObjectMatchesTheNewContent() throws Exception {
        JobResult result = uploadWhileRewriting("rewrite", false, false);

        FileOutcome outcome = result.files().get(0);
        assertEquals(FileOutcome.Status.UPLOADED, outcome.status(), outcome.toString());
        assertObjectEqualsFile("rewrite");
    }

    @Test
    void run_rewrittenWithModificationTimeRestoredAndVerifyMd5_reReadCatchesIt() throws Exception {
        JobResult result = uploadWhileRewriting("sneaky", true, true);

        assertEquals(FileOutcome.Status.UPLOADED, result.files().get(0).status(), result.toString());
        assertObjectEqualsFile("sneaky");
    }

    private JobResult uploadWhileRewriting(String bucket, boolean restoreModificationTime, boolean verifyMd5) throws Exception {
        server.createBucket(bucket);
        Path dir = home.resolve(bucket);
        Path file = TestFiles.write(dir.resolve("data.bin"), 16 * TestFiles.MIB, 11);
        Source source = new RewritingSource(new LocalDirectorySource(dir, null), file, restoreModificationTime);
        S3Location location = new S3Location(server.endpoint(), TestProfiles.PROFILE, null, false);
        try (SdkS3Bucket store = new SdkS3Bucket(new S3ClientFactory().create(location, 4), bucket, TestProfiles.PROFILE)) {
            JobSettings settings = new JobSettings(5, 2, 1, 1, null, verifyMd5, false, 0);
            UploadJob job = new UploadJob(source, store, "p", settings, ProgressListener.NONE, RetryPolicy.standard(2));
            return job.run();
        }
    }

    private void assertObjectEqualsFile(String bucket) throws Exception {
        try (S3Client s3 = server.client()) {
            assertEquals(TestFiles.md5(home.resolve(bucket).resolve("data.bin")), TestFiles.objectMd5(s3, bucket, "p/data.bin"));
            assertTrue(s3.listMultipartUploads(b -> b.bucket(bucket)).uploads().isEmpty());
        }
    }

    /** Rewrites bytes of part 1 the first time part 3 is opened; optionally puts the old modification time back. */
    private static final class RewritingSource extends dev.uploader.engine.ForwardingSource {
        private final Path file;
        private final boolean restoreTime;
        private final AtomicInteger rewrites = new AtomicInteger();

        RewritingSource(Source inner, Path file, boolean restoreTime) {
            super(inner);
            this.file = file;
            this.restoreTime = restoreTime;
        }

        @Override
        public PartBody range(SourceEntry entry, long offset, long length, dev.uploader.engine.PartMemory memory) {
            PartBody body = inner.range(entry, offset, length, memory);
            if (offset != 10 * TestFiles.MIB) {
                return body;
            }
            return () -> {
                if (rewrites.compareAndSet(0, 1)) {
                    rewrite();
                }
                return body.open();
            };
        }

        private void rewrite() {
            try {
                FileTime before = Files.getLastModifiedTime(file);
                try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
                    raf.seek(1000);
                    raf.write(new byte[] {9, 9, 9, 9});
                }
                if (restoreTime) {
                    Files.setLastModifiedTime(file, before);
                } else {
                    Files.setLastModifiedTime(file, FileTime.fromMillis(before.toMillis() + 2000));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
