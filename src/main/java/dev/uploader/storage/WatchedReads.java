package dev.uploader.storage;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The response bodies a store or source is reading, each under the idle rule of {@link WatchedRead}, and the one
 * daemon thread that ends those that break it (started with the first read, ended by {@link #close()}). Stop ends
 * them all with {@link #endAll}.
 */
public final class WatchedReads implements AutoCloseable {
    private static final int SLICE = 64 * 1024;

    private final Duration idle;
    private final String threadName;
    private final Set<WatchedRead> reading = ConcurrentHashMap.newKeySet();
    private Thread watchdog;
    private boolean closed;

    public WatchedReads(Duration idle, String threadName) {
        this.idle = idle;
        this.threadName = threadName;
    }

    /**
     * Reads up to {@code length} bytes of {@code in} into {@code into}, watched.
     *
     * @param abort    makes the blocked read fail at once (aborts that response)
     * @param deadline {@link System#nanoTime()} after which the read is ended whatever its progress
     * @return the bytes read: fewer than {@code length} only where the stream ended
     * @throws InterruptedIOException when the watchdog or a stop ended the read, with why
     */
    public int readFully(InputStream in, byte[] into, int length, Runnable abort, long deadline) throws IOException {
        WatchedRead watched = new WatchedRead(abort, deadline);
        reading.add(watched);
        startWatchdog();
        int read = 0;
        try {
            while (read < length) {
                int n = in.read(into, read, Math.min(length - read, SLICE));
                if (n < 0) {
                    break;
                }
                read += n;
                watched.moved(n);
            }
            return read;
        } catch (IOException | RuntimeException e) {
            if (watched.ended() != null) {
                InterruptedIOException ended = new InterruptedIOException(watched.ended());
                ended.initCause(e);
                throw ended;
            }
            throw e;
        } finally {
            reading.remove(watched);
        }
    }

    /** Ends every read now, saying why (a stop). */
    public void endAll(String why) {
        for (WatchedRead r : reading) {
            r.end(why);
        }
    }

    private synchronized void startWatchdog() {
        if (watchdog == null && !closed) {
            watchdog = new Thread(this::watch, threadName);
            watchdog.setDaemon(true);
            watchdog.start();
        }
    }

    private void watch() {
        // ticks fine enough for the idle timeout, coarse enough to cost nothing
        long tick = Math.max(50_000_000L, Math.min(250_000_000L, idle.toNanos() / 4));
        while (!isClosed()) {
            java.util.concurrent.locks.LockSupport.parkNanos(tick);
            long now = System.nanoTime();
            for (WatchedRead r : reading) {
                r.endIfStalled(now, idle);
            }
        }
    }

    private synchronized boolean isClosed() {
        return closed;
    }

    @Override
    public synchronized void close() {
        closed = true;
    }
}
