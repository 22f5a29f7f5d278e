package dev.uploader.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {
    private static final Duration BASE = Duration.ofMillis(100);
    private static final Duration MAX = Duration.ofMillis(1000);

    /** Records every wait instead of sleeping. */
    private static final class RecordingSleeper implements Sleeper {
        final List<Duration> waits = new ArrayList<>();

        @Override
        public void sleep(Duration duration) {
            waits.add(duration);
        }
    }

    private final RecordingSleeper sleeper = new RecordingSleeper();
    private final AtomicInteger attempts = new AtomicInteger();

    private RetryPolicy policy(int maxRetries) {
        return new RetryPolicy(maxRetries, BASE, MAX, sleeper);
    }

    /** Upper bound of the wait before retry n: base x 2^(n-1), capped. */
    private static long ceiling(int retryNumber) {
        return Math.min(BASE.toMillis() << Math.min(retryNumber - 1, 20), MAX.toMillis());
    }

    @Test
    void call_firstAttemptSucceeds_oneAttemptNoWait() {
        String result = policy(5).call("get", () -> {
            attempts.incrementAndGet();
            return "ok";
        });

        assertEquals("ok", result);
        assertEquals(1, attempts.get());
        assertTrue(sleeper.waits.isEmpty());
    }

    @Test
    void call_retryableTwiceThenSuccess_threeAttemptsTwoWaits() {
        String result = policy(5).call("put part 1", () -> {
            if (attempts.incrementAndGet() < 3) {
                throw new TransferException.Retryable("503 SlowDown", null);
            }
            return "etag";
        });

        assertEquals("etag", result);
        assertEquals(3, attempts.get());
        assertEquals(2, sleeper.waits.size());
    }

    @Test
    void call_alwaysRetryable_maxRetriesPlusOneAttemptsThenRetryableNamingCount() {
        TransferException.Retryable last = new TransferException.Retryable("timeout", null);
        List<TransferException.Retryable> thrown = new ArrayList<>();

        TransferException.Retryable e = assertThrows(TransferException.Retryable.class, () -> policy(3).call("put part 7", () -> {
            attempts.incrementAndGet();
            TransferException.Retryable r = new TransferException.Retryable("timeout", null);
            thrown.add(r);
            throw r;
        }));

        assertEquals(4, attempts.get());
        assertEquals(3, sleeper.waits.size());
        assertTrue(e.getMessage().contains("put part 7"), e.getMessage());
        assertTrue(e.getMessage().contains("after 4 attempts"), e.getMessage());
        assertTrue(e.getMessage().contains("timeout"), e.getMessage());
        assertSame(thrown.get(thrown.size() - 1), e.getCause());
        assertEquals(last.getMessage(), e.getCause().getMessage());
    }

    @Test
    void call_maxRetriesZero_oneAttemptNoWait() {
        assertThrows(TransferException.Retryable.class, () -> policy(0).call("x", () -> {
            attempts.incrementAndGet();
            throw new TransferException.Retryable("reset", null);
        }));

        assertEquals(1, attempts.get());
        assertTrue(sleeper.waits.isEmpty());
    }

    private void assertThrownAtOnce(TransferException error) {
        TransferException e = assertThrows(TransferException.class, () -> policy(10).call("x", () -> {
            attempts.incrementAndGet();
            throw error;
        }));

        assertSame(error, e);
        assertEquals(1, attempts.get());
        assertTrue(sleeper.waits.isEmpty());
    }

    @Test
    void call_fatal_thrownAtOnceWithoutRetry() {
        assertThrownAtOnce(new TransferException.Fatal("access denied", null));
    }

    @Test
    void call_rejected_thrownAtOnceWithoutRetry() {
        assertThrownAtOnce(new TransferException.Rejected("key too long", null));
    }

    @Test
    void call_uploadGone_thrownAtOnceWithoutRetry() {
        assertThrownAtOnce(new TransferException.UploadGone("NoSuchUpload", null));
    }

    @Test
    void call_sourceChanged_thrownAtOnceWithoutRetry() {
        assertThrownAtOnce(new TransferException.SourceChanged("file changed"));
    }

    @Test
    void call_otherRuntimeException_thrownAtOnceWithoutRetry() {
        IllegalStateException boom = new IllegalStateException("boom");

        IllegalStateException e = assertThrows(IllegalStateException.class, () -> policy(10).call("x", () -> {
            attempts.incrementAndGet();
            throw boom;
        }));

        assertSame(boom, e);
        assertEquals(1, attempts.get());
        assertTrue(sleeper.waits.isEmpty());
    }

    @Test
    void call_checkedException_wrappedAsSourceUnreadableWithoutRetry() {
        IOException io = new IOException("disk gone");

        TransferException.SourceUnreadable e = assertThrows(TransferException.SourceUnreadable.class,
                () -> policy(10).call("read part 2", () -> {
                    attempts.incrementAndGet();
                    throw io;
                }));

        assertSame(io, e.getCause());
        assertTrue(e.getMessage().contains("read part 2"), e.getMessage());
        assertTrue(e.getMessage().contains("disk gone"), e.getMessage());
        assertEquals(1, attempts.get());
    }

    @Test
    void call_retryableThenFatal_fatalStopsRetrying() {
        TransferException.Fatal fatal = new TransferException.Fatal("no such bucket", null);

        TransferException.Fatal e = assertThrows(TransferException.Fatal.class, () -> policy(10).call("x", () -> {
            if (attempts.incrementAndGet() == 1) {
                throw new TransferException.Retryable("500", null);
            }
            throw fatal;
        }));

        assertSame(fatal, e);
        assertEquals(2, attempts.get());
        assertEquals(1, sleeper.waits.size());
    }

    @Test
    void call_interruptedWhileWaiting_fatalAndInterruptFlagKept() {
        RetryPolicy policy = new RetryPolicy(5, BASE, MAX, d -> {
            throw new InterruptedException();
        });
        try {
            TransferException.Fatal e = assertThrows(TransferException.Fatal.class, () -> policy.call("put part 3", () -> {
                attempts.incrementAndGet();
                throw new TransferException.Retryable("reset", null);
            }));

            assertTrue(e.getMessage().contains("put part 3"), e.getMessage());
            assertInstanceOf(InterruptedException.class, e.getCause());
            assertTrue(Thread.currentThread().isInterrupted());
            assertEquals(1, attempts.get());
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void call_recordedWaits_growExponentiallyWithinJitterBoundsAndCapped() {
        assertThrows(TransferException.Retryable.class, () -> policy(8).call("x", () -> {
            throw new TransferException.Retryable("503", null);
        }));

        assertEquals(8, sleeper.waits.size());
        for (int i = 0; i < sleeper.waits.size(); i++) {
            long ms = sleeper.waits.get(i).toMillis();
            long ceiling = ceiling(i + 1);
            assertTrue(ms >= ceiling / 2 && ms <= ceiling, "wait " + (i + 1) + " = " + ms + " ms, expected " + ceiling / 2 + ".." + ceiling);
        }
        // ceilings 100, 200, 400, 800, then capped at 1000
        assertEquals(List.of(100L, 200L, 400L, 800L, 1000L, 1000L, 1000L, 1000L),
                List.of(ceiling(1), ceiling(2), ceiling(3), ceiling(4), ceiling(5), ceiling(6), ceiling(7), ceiling(8)));
    }

    @Test
    void delayBefore_eachRetryNumber_betweenHalfAndFullExponentialDelay() {
        RetryPolicy policy = policy(100);
        for (int n = 1; n <= 6; n++) {
            for (int sample = 0; sample < 200; sample++) {
                long ms = policy.delayBefore(n).toMillis();
                assertTrue(ms >= ceiling(n) / 2 && ms <= ceiling(n), "retry " + n + ": " + ms + " ms");
            }
        }
    }

    @Test
    void delayBefore_laterRetries_neverShorterThanEarlierOnesCeilingHalf() {
        RetryPolicy policy = policy(100);

        // the lower bound of retry n+1 is the upper bound of retry n until the cap: 50..100, 100..200, 200..400
        long minOfThird = Long.MAX_VALUE;
        long maxOfFirst = 0;
        for (int sample = 0; sample < 200; sample++) {
            maxOfFirst = Math.max(maxOfFirst, policy.delayBefore(1).toMillis());
            minOfThird = Math.min(minOfThird, policy.delayBefore(3).toMillis());
        }
        assertTrue(minOfThird > maxOfFirst, minOfThird + " <= " + maxOfFirst);
    }

    @Test
    void delayBefore_manySamples_jittered() {
        RetryPolicy policy = policy(100);
        Set<Long> seen = new HashSet<>();
        for (int sample = 0; sample < 200; sample++) {
            seen.add(policy.delayBefore(4).toMillis());
        }

        assertTrue(seen.size() > 10, "only " + seen.size() + " distinct delays: " + seen);
    }

    @Test
    void delayBefore_veryLateRetry_cappedAtMaxDelay() {
        RetryPolicy policy = policy(100);
        for (int n : new int[] {5, 20, 21, 63, 64, 100, 1000}) {
            long ms = policy.delayBefore(n).toMillis();
            assertTrue(ms >= 500 && ms <= 1000, "retry " + n + ": " + ms + " ms");
        }
    }

    @Test
    void delayBefore_standardPolicyLateRetry_noOverflowAndCappedAtTwentySeconds() {
        RetryPolicy standard = RetryPolicy.standard(100);
        for (int n : new int[] {1, 7, 30, 100}) {
            Duration d = standard.delayBefore(n);
            assertFalse(d.isNegative(), "retry " + n + ": " + d);
            assertTrue(d.toMillis() <= 20_000, "retry " + n + ": " + d);
        }
        assertEquals(100, standard.maxRetries());
    }

    @Test
    void call_storeAsksToWaitLongerThanTheBackoff_waitsAsAsked() {
        policy(3).call("put part 2", () -> {
            if (attempts.incrementAndGet() == 1) {
                throw new TransferException.Retryable("503 SlowDown", null, Duration.ofSeconds(7));
            }
            return "etag";
        });

        assertEquals(List.of(Duration.ofSeconds(7)), sleeper.waits);
    }

    @Test
    void call_storeAsksForAnHour_waitsAMinuteAtMost() {
        policy(3).call("put part 3", () -> {
            if (attempts.incrementAndGet() == 1) {
                throw new TransferException.Retryable("503 SlowDown", null, Duration.ofHours(1));
            }
            return "etag";
        });

        assertEquals(List.of(RetryPolicy.MAX_RETRY_AFTER), sleeper.waits);
    }

    @Test
    void call_stoppableAndStopRequested_noFurtherTryAndEveryRetryTold() {
        java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
        List<String> told = new ArrayList<>();
        RetryPolicy stoppable = policy(10).stoppable(stop::get, (what, why) -> told.add(what + ": " + why));

        assertThrows(Stopped.class, () -> stoppable.call("put part 4", () -> {
            if (attempts.incrementAndGet() == 2) {
                stop.set(true);
            }
            throw new TransferException.Retryable("reset", null);
        }));

        assertEquals(2, attempts.get(), "the stop ends the retries");
        assertEquals(List.of("put part 4: reset"), told);
    }
}
