package dev.uploader.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves the parts of one multipart upload, MaxThread at a time: keeps a listed part where {@link ResumeRule} allowed
 * it and its proof holds, has the store copy it where it can, and otherwise reads and sends it with Content-MD5.
 * Room for a part's bytes is reserved from the {@link MemoryBudget} on the scheduling thread, in part order, before
 * the part starts; a part that has to wait for room waits there.
 */
final class PartScheduler {
    private static final Logger LOG = LoggerFactory.getLogger(PartScheduler.class);

    private final ObjectStore store;
    private final SourceReads reads;
    private final RetryPolicy retry;
    private final ExecutorService partPool;
    private final BandwidthLimiter limiter;
    private final MemoryBudget memory;
    private final int maxThread;
    private final BooleanSupplier stopRequested;
    private final ResumeLedger ledger;

    PartScheduler(ObjectStore store, SourceReads reads, RetryPolicy retry, ExecutorService partPool, BandwidthLimiter limiter,
                  MemoryBudget memory, int maxThread, BooleanSupplier stopRequested, ResumeLedger ledger) {
        this.store = store;
        this.reads = reads;
        this.retry = retry;
        this.partPool = partPool;
        this.limiter = limiter;
        this.memory = memory;
        this.maxThread = maxThread;
        this.stopRequested = stopRequested;
        this.ledger = ledger;
    }

    /**
     * One upload's parts to move.
     *
     * @param reusable     listed parts that may be kept, with how each is proven
     * @param copy         where the store can copy the parts from itself, if it can
     * @param sequencer    the in-order whole-object check of the bytes read, or null
     * @param keepsRecord  every part the store accepts is added to the upload's resume record (remote sources)
     */
    record Upload(SourceEntry entry, String key, String uploadId, PartLayout layout, Map<Integer, ResumeDecision.ReusablePart> reusable,
                  Optional<CopySource> copy, PartSequencer sequencer, boolean keepsRecord, ProgressTracker.FileCounter counter) {
    }

    /**
     * What was moved: per part (index = number - 1) the MD5 of the source bytes it holds (null when the store copied
     * it and no byte passed through here) and its ETag.
     */
    record Moved(byte[][] md5s, String[] etags, int partsReused, long bytesReused, long bytesSent, boolean anyCopied) {
    }

    /**
     * @throws Stopped when the job was asked to stop before every part was moved
     * @throws TransferException the first failure of a part, once the parts in flight have ended
     */
    Moved move(Upload u) {
        int count = u.layout().partCount();
        byte[][] md5s = new byte[count][];
        String[] etags = new String[count];
        AtomicInteger reused = new AtomicInteger();
        AtomicLong reusedBytes = new AtomicLong();
        AtomicLong sentBytes = new AtomicLong();
        AtomicReference<RuntimeException> failure = new AtomicReference<>();
        boolean[] copied = new boolean[1];
        Semaphore slots = new Semaphore(maxThread);
        List<Future<?>> running = new ArrayList<>();
        BooleanSupplier stop = () -> stopRequested.getAsBoolean() || failure.get() != null;
        for (int part = 1; part <= count && failure.get() == null; part++) {
            if (stopRequested.getAsBoolean()) {
                fail(u, failure, new Stopped());
                break;
            }
            try {
                slots.acquire();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail(u, failure, new TransferException.Fatal("interrupted", e));
                break;
            }
            int number = part;
            long length = u.layout().length(number);
            ResumeDecision.ReusablePart kept = u.reusable().get(number);
            boolean readsBytes = u.copy().isEmpty() || (kept != null && kept.check() == ResumeDecision.Check.READ_AGAIN);
            boolean keptByRecord = kept != null && kept.check() == ResumeDecision.Check.RECORDED;
            PartMemory room = PartMemory.NONE;
            try {
                if (readsBytes && !keptByRecord) {
                    room = memory.reserve(reads.source().memoryFor(length), stop);
                }
                if (u.copy().isPresent() && !keptByRecord) {
                    copied[0] = true;
                }
                PartMemory held = room;
                running.add(partPool.submit(() -> {
                    try {
                        if (failure.get() != null) {
                            fail(u, failure, null);
                            return;
                        }
                        movePart(u, number, length, kept, held, md5s, etags, reused, reusedBytes, sentBytes);
                    } catch (RuntimeException | Error e) {
                        fail(u, failure, e instanceof RuntimeException r ? r : new IllegalStateException(e.getMessage(), e));
                    } finally {
                        held.close();
                        slots.release();
                    }
                }));
            } catch (RuntimeException e) {
                // no room ever (a part over the budget), stopped while waiting, or the pool refused the task
                room.close();
                slots.release();
                fail(u, failure, e);
                break;
            }
        }
        for (Future<?> f : running) {
            try {
                f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail(u, failure, new TransferException.Fatal("interrupted", e));
            } catch (ExecutionException e) {
                fail(u, failure, new IllegalStateException(e.getCause()));
            }
        }
        if (failure.get() != null) {
            throw failure.get();
        }
        return new Moved(md5s, etags, reused.get(), reusedBytes.get(), sentBytes.get(), copied[0]);
    }

    /**
     * Records the first failure (when given) and wakes every part waiting in the in-order content check: a part that
     * will never be fed must not leave the parts after it waiting.
     */
    private static void fail(Upload u, AtomicReference<RuntimeException> failure, RuntimeException e) {
        if (e != null) {
            failure.compareAndSet(null, e);
        }
        if (u.sequencer() != null) {
            u.sequencer().fail();
        }
    }

    private void movePart(Upload u, int number, long length, ResumeDecision.ReusablePart kept, PartMemory room, byte[][] md5s,
                          String[] etags, AtomicInteger reused, AtomicLong reusedBytes, AtomicLong sentBytes) {
        long offset = u.layout().offset(number);
        PartBody body = null;
        try {
            byte[] readMd5 = null;
            if (kept != null) {
                if (kept.check() == ResumeDecision.Check.RECORDED) {
                    keep(u, number, length, kept.listed().etag(), kept.md5(), md5s, etags, reused, reusedBytes);
                    return;
                }
                body = reads.source().range(u.entry(), offset, length, room);
                readMd5 = reads.md5(u.entry(), body);
                if (Md5.hex(readMd5).equalsIgnoreCase(kept.listed().etag())) {
                    keep(u, number, length, kept.listed().etag(), readMd5, md5s, etags, reused, reusedBytes);
                    return;
                }
                LOG.info("{}: part {} at the destination differs from the source; sending it again", u.key(), number);
            }
            if (u.copy().isPresent()) {
                String etag = retry.call("copy part " + number + " of " + u.key(),
                        () -> store.uploadPartCopy(u.key(), u.uploadId(), number, u.copy().get(), offset, length));
                etags[number - 1] = etag;
                if (u.keepsRecord()) {
                    ledger.partStored(u.uploadId(), number, new ResumeRecord.StoredPart(etag, null));
                }
                u.counter().add(length);
                u.counter().partDone();
                return;
            }
            if (body == null) {
                body = reads.source().range(u.entry(), offset, length, room);
            }
            send(u, number, length, body, readMd5, md5s, etags);
            sentBytes.addAndGet(length);
            u.counter().partDone();
        } finally {
            if (body != null) {
                body.release();
            }
        }
    }

    private static void keep(Upload u, int number, long length, String etag, byte[] md5, byte[][] md5s, String[] etags,
                             AtomicInteger reused, AtomicLong reusedBytes) {
        md5s[number - 1] = md5;
        etags[number - 1] = etag;
        reused.incrementAndGet();
        reusedBytes.addAndGet(length);
        u.counter().add(length);
        u.counter().partDone();
    }

    /**
     * Sends one part with its Content-MD5. The bytes are read (and fed to the in-order content check) once before the
     * first try, a failed read retried like a request; every later try hashes the bytes again, so a changed file is
     * never sent wrong.
     */
    private void send(Upload u, int number, long length, PartBody data, byte[] alreadyRead, byte[][] md5s, String[] etags) {
        byte[] firstMd5 = alreadyRead != null ? alreadyRead : retry.call("read part " + number + " of " + u.key(), () -> reads.md5(u.entry(), data));
        if (u.sequencer() != null) {
            try {
                u.sequencer().feed(number, data);
            } catch (java.io.IOException e) {
                throw new TransferException.SourceUnreadable("cannot read part " + number + " of " + u.key() + ": " + e.getMessage(), e);
            }
        }
        MeteredBody metered = new MeteredBody(data, u.counter(), limiter);
        AtomicInteger tries = new AtomicInteger();
        String etag = retry.call("upload part " + number + " of " + u.key(), () -> {
            byte[] md5 = tries.getAndIncrement() == 0 ? firstMd5 : reads.md5(u.entry(), data);
            try {
                String answered = store.uploadPart(u.key(), u.uploadId(), number, metered, length, md5);
                md5s[number - 1] = md5;
                return answered;
            } catch (RuntimeException e) {
                metered.rollback();
                throw e;
            }
        });
        etags[number - 1] = etag;
        if (u.keepsRecord()) {
            ledger.partStored(u.uploadId(), number, new ResumeRecord.StoredPart(etag, Md5.hex(md5s[number - 1])));
        }
    }
}
