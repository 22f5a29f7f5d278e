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
    /** Up to this many files, HEAD each key instead of listing the whole prefix. */
    private static final int HEAD_INSTEAD_OF_LIST = 8;
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
        this.ledger = ledger;
        this.serverSideCopy = serverSideCopy;
        this.source = source;
        this.store = store;
        this.prefix = ObjectKeys.normalizePrefix(destinationPrefix);
        this.settings = settings;
        this.listener = listener;
        this.retry = retry;
    }

    /** Checks access, lists the source and the destination, and decides what happens to each file. */
    public JobPlan plan() {
        return beforeRun(this::planNow);
    }

    private JobPlan planNow() {
        RetryPolicy retry = beforeRunRetry();
        store.checkAccess(ObjectKeys.listingPrefix(prefix));
        List<SourceEntry> entries = new ArrayList<>();
        List<SourceProblem> problems = new ArrayList<>();
        retry.call("list " + source.describe(), () -> {
            // a listing that fails half way is started again from its beginning
            entries.clear();
            problems.clear();
            source.list(entries::add, problems::add);
            return null;
        });
        entries.sort(Comparator.comparing(SourceEntry::relativePath));
        Map<String, SourceEntry> byKey = new LinkedHashMap<>();
        for (SourceEntry e : entries) {
            byKey.put(ObjectKeys.join(prefix, e.relativePath()), e);
        }
        Map<String, RemoteObject> existing = new HashMap<>();
        Map<String, String> refused = new HashMap<>();
        if (byKey.size() <= HEAD_INSTEAD_OF_LIST) {
            for (String key : byKey.keySet()) {
                try {
                    retry.call("look up " + key, () -> store.head(key)).ifPresent(o -> existing.put(key, o));
                } catch (TransferException.Rejected | TransferException.Unsupported e) {
                    // the store refuses this key (a name it cannot take ...): this file fails, the others go on
                    refused.put(key, "the store refused the key: " + e.getMessage());
                }
            }
        } else {
            retry.call("list " + store.describe() + "/" + ObjectKeys.listingPrefix(prefix), () -> {
                existing.clear();
                store.listObjects(ObjectKeys.listingPrefix(prefix), o -> {
                    if (byKey.containsKey(o.key())) {
                        existing.put(o.key(), o);
                    }
                });
                return null;
            });
        }
        List<PlannedFile> planned = new ArrayList<>(byKey.size());
        byKey.forEach((key, entry) -> planned.add(refused.containsKey(key)
                ? new PlannedFile(entry, key, PlannedFile.Action.REFUSE, null, refused.get(key))
                : decide(key, entry, existing.get(key))));
        return new JobPlan(planned, problems);
    }

    private PlannedFile decide(String key, SourceEntry entry, RemoteObject there) {
        PartLayout layout;
        try {
            long memoryLimit = source.memoryFor(PartPlanner.MAX_PART_SIZE) > 0 ? settings.memoryBudget() : Long.MAX_VALUE;
            java.util.Optional<SourceLayout> own = retry.call("look up the part layout of " + entry.relativePath(), () -> source.partLayout(entry));
            layout = PartPlanner.layoutFor(entry.size(), settings.chunkSizeMiB(), own.map(SourceLayout::layout), memoryLimit);
        } catch (TransferException.Rejected e) {
            return new PlannedFile(entry, key, PlannedFile.Action.REFUSE, null, e.getMessage());
        }
        java.util.Optional<String> skip = SkipRule.skip(entry, there, source.isLocal(), parts -> fileEtag(entry, parts));
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
            LOG.info("{}: cannot read it to compare with the object ({}); it is sent", entry.relativePath(), e.toString());
            return null;
        }
    }

    /** Unfinished multipart uploads under the job's destination prefix (as a folder). */
    public List<PendingUpload> unfinishedUploads() {
        return beforeRun(this::unfinishedUploadsNow);
    }

    private List<PendingUpload> unfinishedUploadsNow() {
        String listing = ObjectKeys.listingPrefix(prefix);
        try {
            return beforeRunRetry().call("list unfinished uploads under " + store.describe() + "/" + listing,
                    () -> store.listMultipartUploads(listing)).stream()
                    .filter(u -> u.key().startsWith(listing))
                    .toList();
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
                LOG.info("aborted unfinished upload {} of {}", u.uploadId(), u.key());
            } catch (TransferException.UploadGone gone) {
                LOG.info("unfinished upload {} of {} was already gone", u.uploadId(), u.key());
            }
        }
        return aborted;
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

    public JobResult run(JobPlan plan) {
        active.incrementAndGet();
        try {
            return runPlan(plan);
        } finally {
            active.decrementAndGet();
        }
    }

    private JobResult runPlan(JobPlan plan) {
        long started = System.nanoTime();
        List<FileOutcome> outcomes = new ArrayList<>();
        List<PlannedFile> uploads = plan.with(PlannedFile.Action.UPLOAD);
        AtomicReference<String> fatal = new AtomicReference<>();
        ExecutorService filePool = Executors.newFixedThreadPool(settings.maxParallelFile(), named("file"));
        ExecutorService partPool = Executors.newFixedThreadPool(settings.maxParallelFile() * settings.maxThread(), named("part"));
        long[] wire = {0};
        java.util.Queue<JobResult.LeftUpload> left = new java.util.concurrent.ConcurrentLinkedQueue<>();
        try (ProgressTracker progress = new ProgressTracker(listener)) {
            progress.start(uploads.size(), plan.bytesToUpload());
            for (SourceProblem p : plan.problems()) {
                FileOutcome failed = FileOutcome.failed(null, p.path(), 0, p.reason());
                outcomes.add(failed);
                progress.fileFinished(failed, null);
            }
            for (PlannedFile f : plan.files()) {
                if (f.action() == PlannedFile.Action.UPLOAD) {
                    continue;
                }
                FileOutcome outcome = f.action() == PlannedFile.Action.SKIP
                        ? FileOutcome.skipped(f.key(), f.entry().relativePath(), f.entry().size(), f.reason())
                        : FileOutcome.failed(f.key(), f.entry().relativePath(), f.entry().size(), f.reason());
                outcomes.add(outcome);
                LOG.info("{}: {}", f.key(), f.reason());
                progress.fileFinished(outcome, null);
            }
            BandwidthLimiter limiter = new BandwidthLimiter(settings.bandwidthLimit());
            UploadOptions options = new UploadOptions(settings.storageClass(), null);
            MemoryBudget memory = new MemoryBudget(settings.memoryBudget());
            RetryPolicy runRetry = retry.stoppable(() -> stopRequested.get() || fatal.get() != null, progress::retrying);
            if (resumeUnsupported.get()) {
                progress.notice(NO_RESUME);
            }
            FileUploader uploader = new FileUploader(store, source, settings, runRetry, partPool, progress, limiter, memory, options,
                    () -> stopRequested.get() || fatal.get() != null, ledger, new AtomicBoolean(serverSideCopy), resumeUnsupported, left);
            List<Future<FileOutcome>> futures = new ArrayList<>();
            for (PlannedFile f : uploads) {
                futures.add(filePool.submit(() -> {
                    if (fatal.get() != null || stopRequested.get()) {
                        String why = fatal.get() != null ? "not started: the job stopped (" + fatal.get() + ")" : "not started: stopped by the user";
                        return FileOutcome.failed(f.key(), f.entry().relativePath(), f.entry().size(), why);
                    }
                    try {
                        return uploader.upload(f);
                    } catch (TransferException.Fatal e) {
                        fatal.compareAndSet(null, e.getMessage());
                        return FileOutcome.failed(f.key(), f.entry().relativePath(), f.entry().size(), e.getMessage());
                    } catch (OutOfMemoryError e) {
                        String why = outOfMemory();
                        fatal.compareAndSet(null, why);
                        LOG.error("{}: {}", f.key(), why, e);
                        return FileOutcome.failed(f.key(), f.entry().relativePath(), f.entry().size(), why);
                    } catch (RuntimeException e) {
                        if (e.getCause() instanceof OutOfMemoryError) {
                            fatal.compareAndSet(null, outOfMemory());
                            LOG.error("{}: {}", f.key(), outOfMemory(), e);
                            return FileOutcome.failed(f.key(), f.entry().relativePath(), f.entry().size(), outOfMemory());
                        }
                        LOG.error("{}: unexpected failure", f.key(), e);
                        return FileOutcome.failed(f.key(), f.entry().relativePath(), f.entry().size(), "unexpected failure ("
                                + (e.getMessage() == null ? "no message" : e.getMessage()) + "); the log file has the details");
                    }
                }));
            }
            for (Future<FileOutcome> future : futures) {
                try {
                    outcomes.add(future.get());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    stop();
                    fatal.compareAndSet(null, "interrupted");
                } catch (ExecutionException e) {
                    fatal.compareAndSet(null, "unexpected failure (" + e.getCause().getMessage() + "); the log file has the details");
                    LOG.error("unexpected failure", e.getCause());
                }
            }
            wire[0] = progress.bytesOnTheWire();
        } finally {
            filePool.shutdownNow();
            partPool.shutdownNow();
        }
        return new JobResult(outcomes, Duration.ofNanos(System.nanoTime() - started), fatal.get(), stopRequested.get(), wire[0],
                new ArrayList<>(left));
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
