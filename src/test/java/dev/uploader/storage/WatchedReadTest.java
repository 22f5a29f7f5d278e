package dev.uploader.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The idle rule of a watched body: under 1 KiB in the idle time, or past the deadline, ends it through its abort. */
class WatchedReadTest {
    private static final Duration IDLE = Duration.ofSeconds(2);
    private static final long FAR = Long.MAX_VALUE / 4;

    @Test
    void endIfStalled_dripUnderOneKibInTheIdleTime_endedAndAborted() {
        AtomicInteger aborts = new AtomicInteger();
        WatchedRead read = new WatchedRead(aborts::incrementAndGet, System.nanoTime() + FAR);
        read.moved(1023); // a drip: bytes, but no progress

        assertTrue(read.endIfStalled(System.nanoTime() + IDLE.toNanos() + 1, IDLE));
        assertEquals(1, aborts.get());
        assertTrue(read.ended().contains("no progress for 2 s"), read.ended());
        assertFalse(read.endIfStalled(System.nanoTime() + IDLE.toNanos() * 2, IDLE), "ended once");
    }

    @Test
    void endIfStalled_oneKibMovedWithinTheIdleTime_goesOn() {
        AtomicInteger aborts = new AtomicInteger();
        WatchedRead read = new WatchedRead(aborts::incrementAndGet, System.nanoTime() + FAR);
        read.moved(1024);

        assertFalse(read.endIfStalled(System.nanoTime() + IDLE.toNanos() / 2, IDLE));
        assertEquals(0, aborts.get());
        assertNull(read.ended());
    }

    @Test
    void endIfStalled_pastItsDeadlineThoughMoving_ended() {
        AtomicInteger aborts = new AtomicInteger();
        long now = System.nanoTime();
        WatchedRead read = new WatchedRead(aborts::incrementAndGet, now + 1_000);
        read.moved(1 << 20);

        assertTrue(read.endIfStalled(now + 2_000, IDLE));
        assertEquals(1, aborts.get());
    }

    @Test
    void end_stop_saysWhyAndAborts() {
        AtomicInteger aborts = new AtomicInteger();
        WatchedRead read = new WatchedRead(aborts::incrementAndGet, System.nanoTime() + FAR);

        read.end("stopped: the job was asked to stop");

        assertEquals(1, aborts.get());
        assertEquals("stopped: the job was asked to stop", read.ended());
    }
}
