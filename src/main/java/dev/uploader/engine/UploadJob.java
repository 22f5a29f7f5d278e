package dev.uploader.engine;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One transfer job: plan it (list both sides and decide per file), optionally clean unfinished uploads,
 * then run it with MaxParallelFile files and MaxThread parts per file in flight.
 * Front ends configure it, listen to it and read its {@link JobResult}; they hold no transfer logic.
 */
public final class UploadJob {
    private static final Logger LOG = LoggerFactory.getLogger(UploadJob.class);
    static final String NO_RESUME = "the store cannot list unfinished uploads (501 NotImplemented): this job runs without resume;"
            + " an interrupted file is sent again from its start";

    private final Source source;
    private final ObjectStore store;
    private final String prefix;
    private final JobSettings settings;
    private final ProgressListener listener;
    private final RetryPolicy retry;
    private final AtomicBoolean stopRequested = new AtomicBoolean();
    private final AtomicBoolean resumeUnsupported = new AtomicBoolean();
    /** Stages of this job under way (plan, listing unfinished uploads, clean, run): Stop ends their requests. */
    private final java.util.concurrent.atomic.AtomicInteger active = new java.util.concurrent.atomic.AtomicInteger();
    private final ResumeLedger ledger;
    private final boolean serverSideCopy;
    private final Selection selection;
    private final Shared shared;
    /** The unfinished uploads listed once for the job, by key; null until {@link #unfinishedUploads()} lists them. */
    private volatile java.util.Map<String, List<PendingUpload>> pendingByKey;

    public UploadJob(Source source, ObjectStore store, String destinationPrefix, JobSettings settings,
                     ProgressListener listener, RetryPolicy retry) {
        this(source, store, destinationPrefix, settings, listener, retry, ResumeLedger.NONE, false);
    }

    /**
     * @param ledger         resume records of remote sources
     * @param serverSideCopy try copying inside the destination store when the source offers it
     */
    public UploadJob(Source source, ObjectStore store, String destinationPrefix, JobSettings settings,
                     ProgressListener listener, RetryPolicy retry, ResumeLedger ledger, boolean serverSideCopy) {
        this(source, store, destinationPrefix, settings, listener, retry, ledger, serverSideCopy, Selection.ALL);
    }

    /** @param selection which source entries move and whether content or time tells what is already there */
    public UploadJob(Source source, ObjectStore store, String destinationPrefix, JobSettings settings,
                     ProgressListener listener, RetryPolicy retry, ResumeLedger ledger, boolean serverSideCopy, Selection selection) {
        this(source, store, destinationPrefix, settings, listener, retry, ledger, serverSideCopy, selection, Shared.NONE);
    }

    /**
     * What a job shares with the jobs beside it in one process (a cluster worker runs several at once): the lease that
     * allows its writes, and the bandwidth limit and memory budget that hold for all of them together.
     *
     * @param limiter null for one of the job's own ({@link JobSettings#bandwidthLimit()})
     * @param memory  null for one of the job's own ({@link JobSettings#memoryBudget()})
     */
    public record Shared(Lease lease, BandwidthLimiter limiter, MemoryBudget memory) {
        public static final Shared NONE = new Shared(Lease.ALWAYS, null, null);
    }

    /** @param shared the lease, bandwidth limit and memory budget this job shares with others */
    public UploadJob(Source source, ObjectStore store, String destinationPrefix, JobSettings settings,
                     ProgressListener listener, RetryPolicy retry, ResumeLedger ledger, boolean serverSideCopy, Selection selection,
                     Shared shared) {
        this.shared = shared;
        this.selection = selection;
        this.ledger = ledger;
        this.serverSideCopy = serverSideCopy;
        this.source = source;
        this.store = store;
        this.prefix = ObjectKeys.normalizePrefix(destinationPrefix);
        this.settings = settings;
        this.listener = listener;
        this.retry = retry;
    }

    /**
     * One cheap request that fails with {@link TransferException.Fatal} in words when keys, bucket or endpoint are
     * wrong; asked once per job (the plan and the run ask it too).
     */
    public void checkAccess() {
        if (!accessChecked) {
            beforeRun(() -> {
                store.checkAccess(ObjectKeys.listingPrefix(prefix));
                return null;
            });
            accessChecked = true;
        }
    }

    private volatile boolean accessChecked;

    /** Which entries this job moves and how it tells what is already there. */
    public Selection selection() {
        return selection;
    }

    /**
     * A job of its own with this job's store, destination prefix, settings, retry policy, resume records and selection,
     * over the source {@code view} makes of this job's source, heard by this job's listener: a watched folder runs its
     * first run, each batch of settled files and each rescan as one. Nothing else is shared (stop, access check,
     * unfinished uploads listed).
     */
    public UploadJob over(java.util.function.UnaryOperator<Source> view) {
        return over(view, listener);
    }

    /** As {@link #over(java.util.function.UnaryOperator)}, heard by {@code heardBy}. */
    public UploadJob over(java.util.function.UnaryOperator<Source> view, ProgressListener heardBy) {
        return new UploadJob(view.apply(source), store, prefix, settings, heardBy, retry, ledger, serverSideCopy, selection);
    }

    /** What a job moves and how it tells what is already there. */
    public record Selection(dev.uploader.engine.select.SourceFilter filter, boolean byContent) {
        public static final Selection ALL = new Selection(dev.uploader.engine.select.SourceFilter.ALL, false);
    }

    /** Where the streaming plan's decisions go: one call per source entry, as soon as it is decided. */
    public interface PlanSink {
        void planned(PlannedFile file);

        void problem(SourceProblem problem);

        /** At the end: the source entries the filters left out, and the folders they excluded whole (not walked). */
        default void leftOut(long entries, long folders) {
        }
    }

    /**
     * Checks access, then lists the source and the destination and decides what happens to each file, handing each
     * decision to {@code sink} at once (a dry run prints them as they come). Nothing is written.
     */
    public void plan(PlanSink sink) {
        beforeRun(() -> {
            RetryPolicy retry = beforeRunRetry();
            checkAccess();
            ListingMerge merge = merge(retry, stopRequested::get);
            merge.run(p -> sink.planned(decide(p, retry, null)), sink::problem);
            sink.leftOut(merge.excluded(), merge.excludedFolders());
            return null;
        });
    }

    private ListingMerge merge(RetryPolicy retry, java.util.function.BooleanSupplier stop) {
        return new ListingMerge(source, store, prefix, retry, selection.filter(), stop);
    }

    /**
     * The one decision per file: refuse, skip (the skip rule) or upload in a layout (the part-size rule).
     *
     * @param tally counts what was compared by size only; null in a dry run
     */
    private PlannedFile decide(ListingMerge.Pairing pairing, RetryPolicy retry, JobTally tally) {
        SourceEntry entry = pairing.entry();
        String key = pairing.key();
        if (pairing.refused() != null) {
            return new PlannedFile(entry, key, PlannedFile.Action.REFUSE, null, pairing.refused());
        }
        RemoteObject there = pairing.there();
        PartLayout layout;
        try {
            long memoryLimit = source.memoryFor(PartPlanner.MAX_PART_SIZE) > 0 ? settings.memoryBudget() : Long.MAX_VALUE;
            java.util.Optional<SourceLayout> own = retry.call("look up the part layout of " + entry.relativePath(), () -> source.partLayout(entry));
            layout = PartPlanner.layoutFor(entry.size(), settings.chunkSizeMiB(), own.map(SourceLayout::layout), memoryLimit,
                    settings.fixedPartSize());
        } catch (TransferException.Rejected e) {
            return new PlannedFile(entry, key, PlannedFile.Action.REFUSE, null, e.getMessage());
        }
        java.util.Optional<String> skip;
        if (selection.byContent()) {
            // a file that cannot be read to compare fails in words: never skipped on its size for want of its MD5
            java.util.Optional<SkipRule.Skip> byContent = SkipRule.byContent(entry, there, source.isLocal(), parts -> readEtag(entry, parts));
            if (byContent.isPresent() && byContent.get().sizeOnly() && tally != null) {
                tally.comparedBySizeOnly();
            }
            skip = byContent.map(SkipRule.Skip::why);
        } else {
            skip = SkipRule.skip(entry, there, source.isLocal(), parts -> fileEtag(entry, parts));
        }
        if (skip.isPresent()) {
            return new PlannedFile(entry, key, PlannedFile.Action.SKIP, null, skip.get());
        }
        if (settings.ignoreSmallFiles() && layout.singleRequest()) {
            return new PlannedFile(entry, key, PlannedFile.Action.SKIP, null, "smaller than the part size (IgnoreSmallFile)");
        }
        return new PlannedFile(entry, key, PlannedFile.Action.UPLOAD, layout, null);
    }

    /**
     * The ETag a local file would have as an object of {@code parts} parts (0: one PUT) in this job's part size, read
     * now; null when that layout cannot give that many parts or the file cannot be read.
     */
    private String fileEtag(SourceEntry entry, int parts) {
        try {
            return readEtag(entry, parts);
        } catch (TransferException.SourceUnreadable e) {
            LOG.info("{}: cannot read it to compare with the object ({}); it is sent", entry.relativePath(), e.getMessage());
            return null;
        }
    }

    /**
     * As {@link #fileEtag}, but a file that cannot be read is an error.
     *
     * @throws TransferException.SourceUnreadable when the file cannot be read
     */
    private String readEtag(SourceEntry entry, int parts) {
        try {
            if (parts == 0) {
                return Md5.hex(source.range(entry, 0, entry.size(), PartMemory.NONE).md5());
            }
            PartLayout layout = PartPlanner.layoutFor(entry.size(), settings.chunkSizeMiB());
            if (layout.partCount() != parts) {
                return null;
            }
            java.util.List<byte[]> md5s = new ArrayList<>(parts);
            for (int n = 1; n <= parts; n++) {
                md5s.add(source.range(entry, layout.offset(n), layout.length(n), PartMemory.NONE).md5());
            }
            return Md5.multipartEtag(md5s);
        } catch (java.io.IOException | RuntimeException e) {
            if (e instanceof TransferException.SourceUnreadable unreadable) {
                throw unreadable;
            }
            throw new TransferException.SourceUnreadable("cannot read " + entry.relativePath() + " to compare it with the object: "
                    + (e.getMessage() == null ? "unreadable" : e.getMessage()), e);
        }
    }

    /** Unfinished multipart uploads under the job's destination prefix (as a folder). */
    public List<PendingUpload> unfinishedUploads() {
        return beforeRun(this::unfinishedUploadsNow);
    }

    private List<PendingUpload> unfinishedUploadsNow() {
        String listing = ObjectKeys.listingPrefix(prefix);
        try {
            List<PendingUpload> found = beforeRunRetry().call("list unfinished uploads under " + store.describe() + "/" + listing,
                    () -> store.listMultipartUploads(listing)).stream()
                    .filter(u -> u.key().startsWith(listing))
                    .toList();
            java.util.Map<String, List<PendingUpload>> byKey = new HashMap<>();
            for (PendingUpload u : found) {
                byKey.computeIfAbsent(u.key(), k -> new ArrayList<>()).add(u);
            }
            pendingByKey = byKey;
            return found;
        } catch (TransferException.Unsupported e) {
            resumeUnsupported.set(true);
            LOG.warn("{}", e.getMessage());
            return List.of();
        }
    }

    /**
     * Whether the store cannot list unfinished uploads (some S3-compatible stores answer 501): the job then runs
     * without resume, and says so once.
     */
    public boolean resumeUnsupported() {
        return resumeUnsupported.get();
    }

    /** Count, stored bytes and age of unfinished uploads; parts are listed for at most 200 of them. */
    public UnfinishedSummary summarize(List<PendingUpload> uploads) {
        return beforeRun(() -> summarizeNow(uploads));
    }

    private UnfinishedSummary summarizeNow(List<PendingUpload> uploads) {
        RetryPolicy retry = beforeRunRetry();
        long bytes = 0;
        int measured = 0;
        for (PendingUpload u : uploads) {
            if (measured == 200) {
                break;
            }
            try {
                bytes += retry.call("list parts of " + u.key(), () -> store.listParts(u.key(), u.uploadId())).stream()
                        .mapToLong(RemotePart::size).sum();
            } catch (TransferException.UploadGone gone) {
                // finished or aborted meanwhile
            }
            measured++;
        }
        Instant oldest = uploads.stream().map(PendingUpload::initiated).filter(java.util.Objects::nonNull)
                .min(Comparator.naturalOrder()).orElse(null);
        return new UnfinishedSummary(uploads, bytes, measured, oldest);
    }

    /** Aborts the given uploads; returns how many were aborted. */
    public int clean(List<PendingUpload> uploads) {
        return beforeRun(() -> cleanNow(uploads));
    }

    private int cleanNow(List<PendingUpload> uploads) {
        RetryPolicy retry = beforeRunRetry();
        int aborted = 0;
        for (PendingUpload u : uploads) {
            try {
                retry.call("abort upload of " + u.key(), () -> {
                    store.abortMultipartUpload(u.key(), u.uploadId());
                    return null;
                });
                aborted++;
                forget(u);
                LOG.info("aborted unfinished upload {} of {}", u.uploadId(), u.key());
            } catch (TransferException.UploadGone gone) {
                LOG.info("unfinished upload {} of {} was already gone", u.uploadId(), u.key());
            }
        }
        return aborted;
    }

    /** An upload aborted by CLEAN is not looked at again by the resume rule. */
    private void forget(PendingUpload u) {
        java.util.Map<String, List<PendingUpload>> index = pendingByKey;
        if (index != null) {
            List<PendingUpload> same = index.get(u.key());
            if (same != null) {
                same.removeIf(p -> p.uploadId().equals(u.uploadId()));
            }
        }
    }

    /**
     * Asks the job to stop: nothing new starts, parts in flight may finish for {@link #STOP_GRACE}, then whatever is
     * still in flight is ended, so that the job stops within seconds whatever the network does. Unfinished files
     * stay resumable.
     */
    public void stop() {
        if (stopRequested.compareAndSet(false, true)) {
            Thread enforcer = new Thread(() -> {
                try {
                    Thread.sleep(STOP_GRACE.toMillis());
                    // again and again until the job is over: a request started after one cancel (a retry's next try, an
                    // abort, a connection still being made) is ended by the next
                    for (boolean said = false; active.get() > 0; said = true) {
                        if (!said) {
                            LOG.info("requests still in flight {} s after the stop: ending them", STOP_GRACE.toSeconds());
                        }
                        store.cancelInFlight();
                        source.cancelInFlight();
                        Thread.sleep(STOP_CANCEL_EVERY.toMillis());
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "stop-enforcer");
            enforcer.setDaemon(true);
            enforcer.start();
        }
    }

    /** Whether {@link #stop()} was called. */
    public boolean stopRequested() {
        return stopRequested.get();
    }

    private static final Duration STOP_CANCEL_EVERY = Duration.ofMillis(500);

    /** The retry policy of the stages before the run: a stop ends their waits too. */
    private RetryPolicy beforeRunRetry() {
        return retry.stoppable(stopRequested::get, (what, why) -> { });
    }

    /** A stage before the run, counted as under way for Stop; a stop during it is said in words. */
    private <T> T beforeRun(java.util.function.Supplier<T> stage) {
        active.incrementAndGet();
        try {
            if (stopRequested.get()) {
                throw new Stopped();
            }
            return stage.get();
        } catch (Stopped | TransferException e) {
            if (stopRequested.get()) {
                throw new TransferException.Fatal("stopped before the upload began: nothing was sent", e);
            }
            throw e;
        } finally {
            active.decrementAndGet();
        }
    }

    /** How long the parts in flight may take to finish after a stop before they are ended. */
    static final Duration STOP_GRACE = Duration.ofSeconds(3);

    /**
     * Checks access, then plans and uploads at once: the listings are merged as they arrive and each decision goes to
     * the file workers as soon as it is made, so the first transfer starts within seconds whatever the size of the job,
     * and memory does not grow with the number of objects (decisions wait for a worker in a bounded queue).
     *
     * @throws TransferException.Fatal when the job cannot start (keys, bucket, endpoint, source folder), before
     *                                 anything is sent
     */
    public JobResult run() {
        active.incrementAndGet();
        try {
            checkAccess();
            return runStreaming();
        } finally {
            active.decrementAndGet();
        }
    }

    private JobResult runStreaming() {
        long started = System.nanoTime();
        JobTally tally = new JobTally(JobTally.KEEP);
        AtomicReference<String> fatal = new AtomicReference<>();
        ExecutorService filePool = Executors.newFixedThreadPool(settings.maxParallelFile(), named("file"));
        ExecutorService partPool = Executors.newFixedThreadPool(settings.maxParallelFile() * settings.maxThread(), named("part"));
        // decisions handed over and not yet finished, at most: bounds the memory of a plan racing ahead of the uploads
        java.util.concurrent.Semaphore waiting = new java.util.concurrent.Semaphore(settings.maxParallelFile() * 4 + 64);
        long wire;
        java.util.Queue<JobResult.LeftUpload> left = new java.util.concurrent.ConcurrentLinkedQueue<>();
        Lease lease = shared.lease();
        java.util.function.BooleanSupplier ending = () -> stopRequested.get() || fatal.get() != null || !lease.held();
        try (ProgressTracker progress = new ProgressTracker(listener)) {
            progress.start(0, 0);
            BandwidthLimiter limiter = shared.limiter() != null ? shared.limiter() : new BandwidthLimiter(settings.bandwidthLimit());
            UploadOptions options = new UploadOptions(settings.storageClass(), null);
            MemoryBudget memory = shared.memory() != null ? shared.memory() : new MemoryBudget(settings.memoryBudget());
            ObjectStore writes = lease == Lease.ALWAYS ? store : new LeasedStore(store, lease);
            ResumeLedger records = lease == Lease.ALWAYS ? ledger : new LeasedLedger(ledger, lease);
            RetryPolicy runRetry = retry.stoppable(ending, progress::retrying);
            if (resumeUnsupported.get()) {
                progress.notice(NO_RESUME);
            }
            FileUploader uploader = new FileUploader(writes, source, settings, runRetry, partPool, progress, limiter, memory, options,
                    ending, records, new AtomicBoolean(serverSideCopy), resumeUnsupported, left, pendingByKey);
            java.util.concurrent.atomic.AtomicLong handed = new java.util.concurrent.atomic.AtomicLong();
            ListingMerge merge = merge(runRetry, ending);
            try {
                merge.run(pairing -> {
                    try {
                        waiting.acquire();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        stop();
                        throw new Stopped();
                    }
                    handed.incrementAndGet();
                    progress.listed(1, 0);
                    try {
                        filePool.execute(() -> {
                            try {
                                FileOutcome outcome = process(pairing, uploader, runRetry, tally, progress, fatal);
                                tally.add(outcome);
                            } finally {
                                waiting.release();
                            }
                        });
                    } catch (java.util.concurrent.RejectedExecutionException e) {
                        waiting.release();
                        throw new Stopped();
                    }
                }, problem -> {
                    FileOutcome failed = FileOutcome.failed(null, problem.path(), 0, problem.reason());
                    tally.add(failed);
                    progress.listed(1, 0);
                    progress.fileFinished(failed, null);
                });
            } catch (Stopped e) {
                // the job stops: what was handed over ends as the workers see the stop
            } catch (TransferException e) {
                if (handed.get() == 0 && tally.totals().objects() == 0 && e instanceof TransferException.Fatal) {
                    throw e; // nothing started: the job could not run at all (a missing source folder ...)
                }
                fatal.compareAndSet(null, (e instanceof TransferException.Fatal ? "" : "listing failed: ") + e.getMessage());
                LOG.error("the listing failed: {}", e.getMessage(), e);
            } catch (RuntimeException e) {
                // the destination's listing thread died, or another failure no store mapped: said, the job ends
                fatal.compareAndSet(null, "listing failed: " + (e.getMessage() == null ? "no message" : e.getMessage())
                        + "; the log file has the details");
                LOG.error("the listing failed", e);
            } finally {
                progress.listingDone();
                if (merge.excluded() + merge.excludedFolders() > 0) {
                    LOG.info("left out by the filters: {} source entries and {} folders not walked", merge.excluded(), merge.excludedFolders());
                }
                tally.excluded(merge.excluded(), merge.excludedFolders());
            }
            filePool.shutdown();
            try {
                while (!filePool.awaitTermination(1, java.util.concurrent.TimeUnit.SECONDS)) {
                    // workers end by themselves; Stop makes them end within seconds
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                stop();
                fatal.compareAndSet(null, "interrupted");
            }
            wire = progress.bytesOnTheWire();
        } finally {
            filePool.shutdownNow();
            partPool.shutdownNow();
        }
        return new JobResult(tally.kept(), tally.totals(), Duration.ofNanos(System.nanoTime() - started), fatal.get(), stopRequested.get(),
                wire, new ArrayList<>(left));
    }

    /** One file on a worker: decided (the skip rule may read it), then skipped, refused or uploaded. */
    private FileOutcome process(ListingMerge.Pairing pairing, FileUploader uploader, RetryPolicy runRetry, JobTally tally,
                                ProgressTracker progress, AtomicReference<String> fatal) {
        SourceEntry entry = pairing.entry();
        String key = pairing.key();
        if (fatal.get() != null || stopRequested.get()) {
            String why = fatal.get() != null ? "not started: the job stopped (" + fatal.get() + ")" : "not started: stopped by the user";
            FileOutcome outcome = FileOutcome.failed(key, entry.relativePath(), entry.size(), why);
            progress.fileFinished(outcome, null);
            return outcome;
        }
        boolean[] uploading = {false};
        try {
            PlannedFile f = decide(pairing, runRetry, tally);
            if (f.action() != PlannedFile.Action.UPLOAD) {
                FileOutcome outcome = f.action() == PlannedFile.Action.SKIP
                        ? FileOutcome.skipped(f.key(), entry.relativePath(), entry.size(), f.reason())
                        : FileOutcome.failed(f.key(), entry.relativePath(), entry.size(), f.reason());
                LOG.info("{}: {}", f.key(), f.reason());
                progress.fileFinished(outcome, null);
                return outcome;
            }
            progress.listed(0, entry.size());
            uploading[0] = true;
            return uploader.upload(f);
        } catch (Stopped e) {
            FileOutcome outcome = FileOutcome.failed(key, entry.relativePath(), entry.size(), "not finished: stopped by the user");
            progress.fileFinished(outcome, null);
            return outcome;
        } catch (TransferException.Fatal e) {
            fatal.compareAndSet(null, e.getMessage());
            FileOutcome outcome = FileOutcome.failed(key, entry.relativePath(), entry.size(), e.getMessage());
            // the uploader announces the failures of its own; one of the decision is announced here
            return uploading[0] ? outcome : finished(outcome, progress);
        } catch (TransferException e) {
            // a decision that could not be made (its lookups failed for good): this file fails, the others go on
            FileOutcome outcome = FileOutcome.failed(key, entry.relativePath(), entry.size(), e.getMessage());
            progress.fileFinished(outcome, null);
            return outcome;
        } catch (OutOfMemoryError e) {
            String why = outOfMemory();
            fatal.compareAndSet(null, why);
            LOG.error("{}: {}", key, why, e);
            return finished(FileOutcome.failed(key, entry.relativePath(), entry.size(), why), progress);
        } catch (RuntimeException e) {
            if (e.getCause() instanceof OutOfMemoryError) {
                fatal.compareAndSet(null, outOfMemory());
                LOG.error("{}: {}", key, outOfMemory(), e);
                return finished(FileOutcome.failed(key, entry.relativePath(), entry.size(), outOfMemory()), progress);
            }
            LOG.error("{}: unexpected failure", key, e);
            return finished(FileOutcome.failed(key, entry.relativePath(), entry.size(), "unexpected failure ("
                    + (e.getMessage() == null ? "no message" : e.getMessage()) + "); the log file has the details"), progress);
        }
    }

    /** An outcome the uploader did not announce: the listeners (the report among them) hear of it too. */
    private static FileOutcome finished(FileOutcome outcome, ProgressTracker progress) {
        progress.fileFinished(outcome, null);
        return outcome;
    }

    /** What to say when the heap ran out although the parts stay within the memory budget. */
    private String outOfMemory() {
        return "out of memory: the Java heap of " + (Runtime.getRuntime().maxMemory() >> 20) + " MiB could not hold the job besides"
                + " its part buffers (MemoryBudget " + (settings.memoryBudget() >> 20) + " MiB); lower MemoryBudget (--memory-budget),"
                + " MaxThread or MaxParallelFile, or give Java more heap (-Xmx)";
    }

    private static ThreadFactory named(String kind) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, kind + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
