package dev.uploader.storage.oss;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.uploader.engine.SourceEntry;
import dev.uploader.engine.TransferException;
import dev.uploader.testing.OssEmulator;
import dev.uploader.testing.S3TestServer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/** The OSS source with Alibaba's SDK against S3Proxy (through the OSS emulating hop for list XML and CRC64). */
class OssSourceTest {
    static S3TestServer backend;
    static OssEmulator oss;
    static byte[] data = new byte[100];

    @BeforeAll
    static void start() throws Exception {
        backend = S3TestServer.inMemoryWithoutAuthentication();
        oss = new OssEmulator(backend.endpoint());
        backend.createBucket("range");
        new Random(1).nextBytes(data);
        try (S3Client s3 = backend.client()) {
            s3.putObject(b -> b.bucket("range").key("p/hundred.bin"), RequestBody.fromBytes(data));
        }
    }

    @AfterAll
    static void stop() throws Exception {
        oss.close();
        backend.close();
    }

    private OssSource source() {
        return new OssSource(OssSource.client(oss.endpoint(), "id", "secret", 2), "range", "p", null);
    }

    private SourceEntry only(OssSource source) {
        List<SourceEntry> entries = new ArrayList<>();
        source.list(entries::add, p -> { });
        assertEquals(1, entries.size());
        return entries.get(0);
    }

    @Test
    void fetch_rangePastTheEnd_clampedToTheLastByteNotTheWholeObject() {
        try (OssSource source = source()) {
            SourceEntry entry = only(source);

            byte[] tail = source.fetch(entry, 90, 100);

            assertArrayEquals(Arrays.copyOfRange(data, 90, 100), tail);
        }
    }

    @Test
    void fetch_objectReplacedAfterListing_sourceChangedNotMixedBytes() {
        try (OssSource source = source()) {
            SourceEntry entry = only(source);
            try (S3Client s3 = backend.client()) {
                s3.putObject(b -> b.bucket("range").key("p/hundred.bin"), RequestBody.fromBytes(new byte[100]));
            }
            try {
                assertThrows(TransferException.SourceChanged.class, () -> source.fetch(entry, 0, 50));
            } finally {
                try (S3Client s3 = backend.client()) {
                    s3.putObject(b -> b.bucket("range").key("p/hundred.bin"), RequestBody.fromBytes(data));
                }
            }
        }
    }

    @Test
    void contentCheck_afterRefresh_comparesCrc64OfTheBytesRead() {
        try (OssSource source = source()) {
            SourceEntry entry = source.refresh(only(source));
            var check = source.contentCheck(entry, dev.uploader.engine.PartLayout.of(100, 100)).orElseThrow();
            check.update(data, 0, data.length);
            assertEquals(null, check.mismatch());
        }
    }
}
