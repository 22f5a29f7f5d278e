package dev.uploader.storage.oss;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
        return new OssSource(OssSource.client(oss.endpoint(), "id", "secret", 2, java.time.Duration.ofSeconds(30), null), "range", "p", null);
    }

    /** Through a relay that spoils every second request with {@code fault}, idle timeout 2 s. */
    private static OssSource through(dev.uploader.testing.FaultyRelay relay) {
        return new OssSource(OssSource.client(relay.endpoint(), "id", "secret", 2, java.time.Duration.ofSeconds(2), null), "range", "p", null,
                java.time.Duration.ofSeconds(2));
    }

    private static dev.uploader.testing.FaultyRelay relay(dev.uploader.testing.FaultyRelay.Fault fault) throws Exception {
        return new dev.uploader.testing.FaultyRelay(oss.endpoint(), 2, java.util.EnumSet.of(fault));
    }

    @Test
    void list_store503_retryableNotFatal() throws Exception {
        try (var relay = relay(dev.uploader.testing.FaultyRelay.Fault.SLOW_DOWN_503); OssSource source = through(relay)) {
            only(source); // the first request passes

            TransferException e = assertThrows(TransferException.class, () -> source.list(x -> { }, x -> { }));

            assertEquals(TransferException.Retryable.class, e.getClass(), e.getMessage());
        }
    }

    @Test
    void fetch_storeNeverAnswers_retryableWithinSeconds() throws Exception {
        try (var relay = relay(dev.uploader.testing.FaultyRelay.Fault.STALL_ANSWER); OssSource source = through(relay)) {
            SourceEntry entry = only(source);
            long start = System.nanoTime();

            TransferException e = assertThrows(TransferException.class, () -> source.fetch(entry, 0, 100));

            assertEquals(TransferException.Retryable.class, e.getClass(), e.getMessage());
            assertTrue(java.time.Duration.ofNanos(System.nanoTime() - start).toSeconds() < 10, "given up within seconds");
        }
    }

    @Test
    void fetch_answerDripped_endedWithinItsDeadline() throws Exception {
        try (var relay = relay(dev.uploader.testing.FaultyRelay.Fault.DRIP_ANSWER); OssSource source = through(relay)) {
            SourceEntry entry = only(source);
            long start = System.nanoTime();

            TransferException e = assertThrows(TransferException.class, () -> source.fetch(entry, 0, 100));

            assertEquals(TransferException.Retryable.class, e.getClass(), e.getMessage());
            assertTrue(java.time.Duration.ofNanos(System.nanoTime() - start).toSeconds() < 12, "a drip is not waited for to its end");
        }
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
