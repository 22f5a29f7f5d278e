package dev.uploader.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.uploader.storage.S3ClientFactory;
import dev.uploader.testing.CliRun;
import dev.uploader.testing.InMemoryServerTest;
import dev.uploader.testing.TestConfig;
import dev.uploader.testing.TestFiles;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.UploadPartRequest;

/**
 * The real server rejects a part whose bytes do not match its Content-MD5 (400 BadDigest). A corrupted
 * link cannot be produced on loopback, so an interceptor spoils the Content-MD5 header of the first
 * UploadPart and the first PutObject before they are signed: the server's BadDigest answer is real.
 */
class BadDigestRetryTest extends InMemoryServerTest {
    @Test
    void upload_firstPartAndFirstPutRejectedWithBadDigest_sentAgainAndObjectsIdentical() throws Exception {
        server.createBucket("digest");
        Path src = home.resolve("digest-src");
        Path big = TestFiles.write(src.resolve("big.bin"), 12 * TestFiles.MIB, 3);
        Path small = TestFiles.write(src.resolve("small.txt"), 4000, 4);
        Path config = new TestConfig(server.endpoint(), "digest", "d", src).advanced("MaxThread", "1").write(home.resolve("digest.ini"));
        SpoilFirstDigest spoiler = new SpoilFirstDigest();

        CliRun run = CliRun.run(home, new S3ClientFactory(List.of(spoiler)), "", "--nogui", "--config", config.toString());

        assertEquals(0, run.exitCode, run.toString());
        assertEquals(1, spoiler.spoiledParts.get());
        assertEquals(1, spoiler.spoiledPuts.get());
        assertEquals(3 + 1, server.partsReceived(), "3 parts, one of them twice");
        assertEquals(1 + 1, server.putsReceived("d/small.txt"), "one PutObject, twice");
        try (S3Client s3 = server.client()) {
            assertEquals(TestFiles.md5(big), TestFiles.objectMd5(s3, "digest", "d/big.bin"));
            assertEquals(TestFiles.md5(small), TestFiles.objectMd5(s3, "digest", "d/small.txt"));
        }
        assertTrue(run.out.contains("uploaded: 2 file(s)"), run.out);
    }

    static final class SpoilFirstDigest implements ExecutionInterceptor {
        final AtomicInteger spoiledParts = new AtomicInteger();
        final AtomicInteger spoiledPuts = new AtomicInteger();

        @Override
        public SdkHttpRequest modifyHttpRequest(Context.ModifyHttpRequest context, ExecutionAttributes attributes) {
            boolean spoil = context.request() instanceof UploadPartRequest && spoiledParts.compareAndSet(0, 1)
                    || context.request() instanceof PutObjectRequest && spoiledPuts.compareAndSet(0, 1);
            if (!spoil) {
                return context.httpRequest();
            }
            return context.httpRequest().toBuilder().putHeader("Content-MD5", "AAAAAAAAAAAAAAAAAAAAAA==").build();
        }
    }
}
