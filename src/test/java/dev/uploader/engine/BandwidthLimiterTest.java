package dev.uploader.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class BandwidthLimiterTest {
    private static final int KIB = 1024;
    private static final int MIB = 1024 * 1024;

    @Test
    void acquire_threeMiBAtTwoMiBPerSecondIn64KiBPieces_takesAboutOneAndAHalfSeconds() throws InterruptedException {
        BandwidthLimiter limiter = new BandwidthLimiter(2L * MIB);

        long start = System.nanoTime();
        for (int sent = 0; sent < 3 * MIB; sent += 64 * KIB) {
            limiter.acquire(64 * KIB);
        }
        double seconds = (System.nanoTime() - start) / 1e9;

        assertTrue(seconds >= 1.2 && seconds <= 1.8, "took " + seconds + " s");
    }

    @Test
    void acquire_twoThreadsSharingFourMiBPerSecond_limitHoldsForBoth() throws Exception {
        BandwidthLimiter limiter = new BandwidthLimiter(4L * MIB);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<Thread> threads = new ArrayList<>();

        long start = System.nanoTime();
        for (int t = 0; t < 2; t++) {
            Thread thread = new Thread(() -> {
                try {
                    for (int sent = 0; sent < MIB; sent += 64 * KIB) {
                        limiter.acquire(64 * KIB);
                    }
                } catch (Throwable e) {
                    failure.set(e);
                }
            });
            threads.add(thread);
            thread.start();
        }
        for (Thread thread : threads) {
            thread.join(5_000);
        }
        double seconds = (System.nanoTime() - start) / 1e9;

        assertEquals(null, failure.get());
        // 2 MiB in all at 4 MiB/s: 0.5 s
        assertTrue(seconds >= 0.35 && seconds <= 0.9, "took " + seconds + " s");
    }

    @Test
    void acquire_unlimited_returnsAtOnce() throws InterruptedException {
        BandwidthLimiter limiter = BandwidthLimiter.unlimited();

        long start = System.nanoTime();
        for (int i = 0; i < 1000; i++) {
            limiter.acquire(MIB);
        }

        assertTrue((System.nanoTime() - start) / 1e9 < 0.2);
        assertFalse(limiter.limited());
        assertEquals(0, limiter.bytesPerSecond());
        assertEquals("unlimited", limiter.toString());
    }

    @Test
    void constructor_zeroOrNegativeRate_unlimited() {
        assertFalse(new BandwidthLimiter(0).limited());
        assertFalse(new BandwidthLimiter(-5).limited());
        assertEquals(0, new BandwidthLimiter(-5).bytesPerSecond());
    }

    @Test
    void constructor_positiveRate_limitedWithRate() {
        BandwidthLimiter limiter = new BandwidthLimiter(500 * KIB);

        assertTrue(limiter.limited());
        assertEquals(500 * KIB, limiter.bytesPerSecond());
        assertEquals(500 * KIB + " B/s", limiter.toString());
    }

    @Test
    void acquire_zeroBytesOnSlowLimiter_returnsAtOnce() throws InterruptedException {
        BandwidthLimiter limiter = new BandwidthLimiter(1);

        long start = System.nanoTime();
        limiter.acquire(0);
        limiter.acquire(-1);

        assertTrue((System.nanoTime() - start) / 1e9 < 0.2);
    }

    @Test
    void acquire_interruptedWhileWaiting_throwsInterruptedException() {
        BandwidthLimiter limiter = new BandwidthLimiter(KIB);
        Thread.currentThread().interrupt();
        try {
            long start = System.nanoTime();
            assertThrows(InterruptedException.class, () -> limiter.acquire(64 * KIB));
            assertTrue((System.nanoTime() - start) / 1e9 < 1, "waited instead of stopping");
        } finally {
            Thread.interrupted();
        }
    }
}
