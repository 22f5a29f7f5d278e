package dev.uploader.engine;

import java.time.Duration;
import java.util.ArrayList;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counters that workers bump without locks, and one dispatcher thread that turns them into snapshots and
 * delivers events to the listener. Workers only ever enqueue, without waking anyone: the dispatcher delivers
 * what has queued up once per tick (a wake-up per event cost a context switch per file with many small files),
 * and at once when the job closes it.
 */
final class ProgressTracker implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ProgressTracker.class);
    private static final long TICK_MILLIS = 200;
    private static final long RATE_WINDOW_NANOS = TimeUnit.SECONDS.toNanos(5);
    private static final long RETRY_WINDOW_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final ProgressListener listener;
    private final Queue<Runnable> events = new ConcurrentLinkedQueue<>();
    private final LongAdder bytesDone = new LongAdder();
    private final LongAdder partsDone = new LongAdder();
    private final LongAdder onTheWire = new LongAdder();
    private final AtomicInteger filesDone = new AtomicInteger();
    /** Events delivered so far: the close waits while this moves. */
    private final AtomicLong delivered = new AtomicLong();
    private final Map<String, FileCounter> inFlight = new ConcurrentHashMap<>();
    private final Deque<long[]> rateSamples = new ArrayDeque<>();
    private final Deque<Long> retries = new ArrayDeque<>();
    private String lastRetry;
    private final long start = System.nanoTime();
    private final Thread dispatcher;
    private final long tickNanos;
    private volatile boolean closing;
    private final AtomicInteger filesTotal = new AtomicInteger();
    private final AtomicLong bytesTotal = new AtomicLong();
    private volatile boolean listing = true;

    ProgressTracker(ProgressListener listener) {
        this(listener, TICK_MILLIS);
    }

    /** @param tickMillis how often a snapshot is delivered while nothing else happens */
    ProgressTracker(ProgressListener listener, long tickMillis) {
        this.listener = listener;
        this.tickNanos = TimeUnit.MILLISECONDS.toNanos(tickMillis);
        this.dispatcher = new Thread(this::dispatch, "progress-dispatcher");
        this.dispatcher.setDaemon(true);
    }

    /** Starts the dispatcher; the totals grow with {@link #listed} as the listing goes on. */
    void start(int files, long bytes) {
        filesTotal.set(files);
        bytesTotal.set(bytes);
        events.add(() -> listener.jobStarted(files, bytes));
        dispatcher.start();
    }

    /** More of the job is known: entries listed, bytes to upload decided. */
    void listed(int files, long bytes) {
        filesTotal.addAndGet(files);
        bytesTotal.addAndGet(bytes);
    }

    /** The listing is over: the totals are final. */
    void listingDone() {
        listing = false;
    }

    /** A request being retried: counted for the progress line, which says so while it lasts. */
    void retrying(String what, String why) {
        long now = System.nanoTime();
        synchronized (retries) {
            retries.addLast(now);
            lastRetry = what + ": " + why;
        }
    }

    void notice(String message) {
        events.add(() -> listener.notice(message));
    }

    FileCounter fileStarted(String key, long size) {
        FileCounter counter = new FileCounter(key, size);
        inFlight.put(key, counter);
        events.add(() -> listener.fileStarted(key, size));
        return counter;
    }

    void fileFinished(FileOutcome outcome, FileCounter counter) {
        if (counter != null) {
            inFlight.remove(counter.key);
            // a failed file gives its bytes back so that the overall figure stays truthful
            if (outcome.status() != FileOutcome.Status.UPLOADED) {
                bytesDone.add(-counter.done.get());
            }
        }
        filesDone.incrementAndGet();
        events.add(() -> listener.fileFinished(outcome));
    }

    private void dispatch() {
        long nextTick = System.nanoTime();
        while (true) {
            // read before draining: whatever was queued before close() is then delivered before the last snapshot
            boolean last = closing;
            for (Runnable event = events.poll(); event != null; event = events.poll()) {
                deliver(event);
            }
            long now = System.nanoTime();
            if (last || now - nextTick >= 0) {
                deliver(() -> listener.progress(snapshot()));
                if (last) {
                    return;
                }
                nextTick = now + tickNanos;
            }
            LockSupport.parkNanos(this, Math.max(1, nextTick - System.nanoTime()));
            if (Thread.interrupted()) {
                return;
            }
        }
    }

    private void deliver(Runnable event) {
        delivered.incrementAndGet();
        try {
            event.run();
        } catch (RuntimeException e) {
            LOG.warn("progress listener failed", e);
        }
    }

    ProgressSnapshot snapshot() {
        long now = System.nanoTime();
        long done = bytesDone.sum();
        double rate;
        synchronized (rateSamples) {
            rateSamples.addLast(new long[] {now, done});
            while (rateSamples.size() > 2 && now - rateSamples.peekFirst()[0] > RATE_WINDOW_NANOS) {
                rateSamples.removeFirst();
            }
            long[] first = rateSamples.peekFirst();
            double seconds = (now - first[0]) / 1e9;
            rate = seconds > 0.05 ? Math.max(0, (done - first[1]) / seconds) : 0;
        }
        List<FileProgress> files = new ArrayList<>();
        for (FileCounter c : inFlight.values()) {
            files.add(new FileProgress(c.key, c.size, c.done.get()));
        }
        files.sort(Comparator.comparing(FileProgress::key));
        int recent;
        String latest;
        synchronized (retries) {
            while (!retries.isEmpty() && now - retries.peekFirst() > RETRY_WINDOW_NANOS) {
                retries.removeFirst();
            }
            recent = retries.size();
            latest = recent == 0 ? null : lastRetry;
        }
        return new ProgressSnapshot(done, bytesTotal.get(), filesDone.get(), filesTotal.get(), partsDone.sum(), rate,
                Duration.ofNanos(now - start), files, recent, latest, listing, onTheWire.sum());
    }

    /** Every byte that went to the store so far, requests that failed included. */
    long bytesOnTheWire() {
        return onTheWire.sum();
    }

    /** Delivers what is queued and a last snapshot, then stops the dispatcher. */
    @Override
    public void close() {
        closing = true;
        LockSupport.unpark(dispatcher); // a permit if it is not parked yet: its next park returns at once
        try {
            // every event queued before the close is delivered (the report is written from them), however many: waited
            // for while the dispatcher gets through them, given up only when a listener has not returned for 30 s
            long seen = delivered.get();
            long lastMove = System.nanoTime();
            while (dispatcher.isAlive()) {
                dispatcher.join(1_000);
                long now = delivered.get();
                if (now != seen) {
                    seen = now;
                    lastMove = System.nanoTime();
                } else if (System.nanoTime() - lastMove > TimeUnit.SECONDS.toNanos(30)) {
                    LOG.warn("a progress listener has not returned for 30 s; the job ends without waiting for it");
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The bytes of one file: added as they are sent or reused, taken back when a request is re-sent. */
    final class FileCounter {
        private final String key;
        private final long size;
        private final AtomicLong done = new AtomicLong();

        private FileCounter(String key, long size) {
            this.key = key;
            this.size = size;
        }

        void add(long bytes) {
            done.addAndGet(bytes);
            bytesDone.add(bytes);
        }

        void partDone() {
            partsDone.increment();
        }

        /** Bytes that went to the store, whatever became of their request: never taken back. */
        void sent(long bytes) {
            onTheWire.add(bytes);
        }

        long done() {
            return done.get();
        }
    }
}
