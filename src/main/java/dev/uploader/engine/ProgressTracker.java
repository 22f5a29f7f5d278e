package dev.uploader.engine;

import java.time.Duration;
import java.util.ArrayList;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counters that workers bump without locks, and one dispatcher thread that turns them into snapshots and
 * delivers events to the listener. Workers only ever enqueue.
 */
final class ProgressTracker implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ProgressTracker.class);
    private static final long TICK_MILLIS = 200;
    private static final long RATE_WINDOW_NANOS = TimeUnit.SECONDS.toNanos(5);

    private final ProgressListener listener;
    private final BlockingQueue<Runnable> events = new LinkedBlockingQueue<>();
    private final LongAdder bytesDone = new LongAdder();
    private final LongAdder partsDone = new LongAdder();
    private final AtomicInteger filesDone = new AtomicInteger();
    private final Map<String, FileCounter> inFlight = new ConcurrentHashMap<>();
    private final Deque<long[]> rateSamples = new ArrayDeque<>();
    private final long start = System.nanoTime();
    private final Thread dispatcher;
    private volatile boolean closing;
    private int filesTotal;
    private long bytesTotal;

    ProgressTracker(ProgressListener listener) {
        this.listener = listener;
        this.dispatcher = new Thread(this::dispatch, "progress-dispatcher");
        this.dispatcher.setDaemon(true);
    }

    void start(int files, long bytes) {
        this.filesTotal = files;
        this.bytesTotal = bytes;
        events.add(() -> listener.jobStarted(files, bytes));
        dispatcher.start();
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
            try {
                long waitMillis = Math.max(0, TimeUnit.NANOSECONDS.toMillis(nextTick - System.nanoTime()));
                Runnable event = events.poll(waitMillis, TimeUnit.MILLISECONDS);
                if (event != null) {
                    deliver(event);
                    continue;
                }
                deliver(() -> listener.progress(snapshot()));
                nextTick = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(TICK_MILLIS);
                if (closing && events.isEmpty()) {
                    return;
                }
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void deliver(Runnable event) {
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
        return new ProgressSnapshot(done, bytesTotal, filesDone.get(), filesTotal, partsDone.sum(), rate,
                Duration.ofNanos(now - start), files);
    }

    /** Delivers what is queued and a last snapshot, then stops the dispatcher. */
    @Override
    public void close() {
        closing = true;
        if (dispatcher.isAlive()) {
            try {
                dispatcher.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
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

        long done() {
            return done.get();
        }
    }
}
