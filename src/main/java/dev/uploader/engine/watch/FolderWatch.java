package dev.uploader.engine.watch;

import static java.nio.file.StandardWatchEventKinds.ENTRY_CREATE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_DELETE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_MODIFY;
import static java.nio.file.StandardWatchEventKinds.OVERFLOW;

import dev.uploader.engine.FileOutcome;
import dev.uploader.engine.JobResult;
import dev.uploader.engine.ListedSource;
import dev.uploader.engine.ProgressListener;
import dev.uploader.engine.ProgressSnapshot;
import dev.uploader.engine.SourceEntry;
import dev.uploader.engine.TransferException;
import dev.uploader.engine.UploadJob;
import dev.uploader.engine.select.SourceFilter;
import dev.uploader.engine.watch.SettleRule.State;
import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystemException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A watched folder ({@code --watch}, "Keep watching the folder"): after a first run over the whole folder, keeps
 * uploading files as they are written and closed, until {@link #stop()}.
 *
 * <ul>
 *   <li><b>When</b>: a file is sent once it has settled ({@link SettleRule}); files still changing are looked at again
 *       a little later, never sent half.</li>
 *   <li><b>How it hears of changes</b>: the file system's watch service, registered on every folder (new folders as
 *       they appear, and the files already in them are looked at), plus a rescan of the whole folder every
 *       {@link Settings#rescanEvery()} and at once when events were lost (an overflow), because network file systems
 *       (NFS, SMB) send no events for changes made by other machines.</li>
 *   <li><b>What runs</b>: every batch of settled files is a job of its own through the engine, as {@code --files-from}
 *       runs one ({@link ListedSource}): the same checks, skip rule, resume, retries and bandwidth limit as any job. A
 *       rescan (and the first run) is the normal streaming plan over the whole folder, which skips what is already at
 *       the destination; files changed within the settle time are held back for the pending set.</li>
 *   <li><b>Failures</b> are said, and the watch goes on: a file that failed is sent again by the next rescan.</li>
 * </ul>
 *
 * <p>{@link #firstRun()} and {@link #watch()} run on the caller's thread, one job at a time; {@link #stop()} may be
 * called from any thread (a signal, the Stop button) and ends the job under way within seconds.
 */
public final class FolderWatch implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(FolderWatch.class);

    public static final Duration DEFAULT_RESCAN = Duration.ofSeconds(60);

    /**
     * @param settle      how long a file must stay unchanged before it is sent
     * @param rescanEvery how often the whole folder is looked at through the plan
     * @param ignored     files never sent by the watch (its own log and report, which change with every batch)
     */
    public record Settings(Duration settle, Duration rescanEvery, Set<Path> ignored) {
        public Settings {
            ignored = Set.copyOf(ignored.stream().map(p -> p.toAbsolutePath().normalize()).toList());
        }
    }

    private final Path root;
    private final String singleFile;
    private final UploadJob base;
    private final SettleRule rule;
    private final Settings settings;
    private final ProgressListener jobListener;
    private final WatchListener listener;
    private final SourceFilter filter;
    private final PendingFiles pending;
    private final WatchTally tally = new WatchTally();
    private final Map<WatchKey, Path> keys = new ConcurrentHashMap<>();
    private volatile WatchService service;
    private volatile boolean stopped;
    /** The job under way; guarded by this. */
    private UploadJob current;
    /** A job was ended by the stop before its end. */
    private volatile boolean cut;
    private boolean limitSaid;

    /**
     * @param root        the folder (SrcDir)
     * @param singleFile  the one file below it to watch (SrcFileIndex), or null for every file
     * @param base        the job whose store, prefix, settings, resume records and filters every job of the watch uses
     * @param jobListener hears the jobs after the first run (the batches and rescans); the first run's is {@code base}'s
     * @param listener    hears one call per batch and rescan
     */
    public FolderWatch(Path root, String singleFile, UploadJob base, Settings settings, ProgressListener jobListener, WatchListener listener) {
        this.root = root.toAbsolutePath().normalize();
        this.singleFile = singleFile;
        this.base = base;
        this.settings = settings;
        this.rule = new SettleRule(settings.settle());
        this.jobListener = jobListener;
        this.listener = listener;
        this.filter = base.selection().filter();
        this.pending = new PendingFiles(rule, this::stat);
    }

    /**
     * Registers the folder and every folder below it with the file system's watch service; from here on nothing written
     * is missed, so this comes before the first run.
     *
     * @throws TransferException.Fatal when the folder is missing or cannot be watched at all
     */
    public void open() {
        if (!Files.isDirectory(root)) {
            throw new TransferException.Fatal("source folder " + root + " does not exist or is not a folder", null);
        }
        try {
            service = root.getFileSystem().newWatchService();
        } catch (IOException | UnsupportedOperationException e) {
            throw new TransferException.Fatal("cannot watch " + root + ": " + e.getMessage(), e);
        }
        if (singleFile != null) {
            Path parent = root.resolve(singleFile).getParent();
            register(parent == null ? root : parent);
        } else {
            registerTree(root, false);
        }
        LOG.info("watching {}: {} folder(s) registered; settle {} ms, rescan every {} s", root, keys.size(), settings.settle().toMillis(),
                settings.rescanEvery().toSeconds());
    }

    /**
     * The whole folder through the plan, as any job (what is missing or changed at the destination is sent), except the
     * files changed within the settle time, which wait in the pending set until they settle.
     *
     * @throws TransferException.Fatal when the job cannot run at all (keys, bucket, endpoint, folder)
     */
    public JobResult firstRun() {
        UploadJob job = base.over(this::settledView);
        JobResult result = run(job, true);
        tally.add(result, false);
        tally.outcomes(result.files());
        return result;
    }

    /** How many files are pending: changed, and not settled yet. */
    public int pendingFiles() {
        return pending.size();
    }

    /** Watches until {@link #stop()}: batches of settled files as they settle, a rescan now and then. */
    public void watch() {
        WatchService events = service;
        if (events == null) {
            throw new IllegalStateException("open() first");
        }
        long tick = Math.max(TimeUnit.MILLISECONDS.toNanos(50), Math.min(TimeUnit.SECONDS.toNanos(1), settings.settle().toNanos() / 4));
        long nextRescan = System.nanoTime() + settings.rescanEvery().toNanos();
        while (!stopped) {
            long untilRescan = nextRescan - System.nanoTime();
            long wait = Math.max(TimeUnit.MILLISECONDS.toNanos(1), pending.size() > 0 ? Math.min(tick, untilRescan) : untilRescan);
            boolean overflow = false;
            try {
                WatchKey key = events.poll(wait, TimeUnit.NANOSECONDS);
                while (key != null) {
                    overflow |= take(key);
                    key = events.poll();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                stop();
                break;
            } catch (ClosedWatchServiceException e) {
                break;
            }
            if (stopped) {
                break;
            }
            if (overflow) {
                LOG.warn("events were lost (too many at once): registering the folders again and rescanning {}", root);
                listener.notice("events were lost (too many changes at once): looking at the whole folder again");
                if (singleFile == null) {
                    registerTree(root, false);
                }
                nextRescan = System.nanoTime();
            }
            Map<String, State> settled = pending.settled(System.nanoTime());
            if (!settled.isEmpty()) {
                batch(settled);
            }
            if (!stopped && System.nanoTime() - nextRescan >= 0) {
                rescan();
                nextRescan = System.nanoTime() + settings.rescanEvery().toNanos();
            }
        }
        LOG.info("the watch of {} ended; {} file(s) were still pending", root, pending.size());
    }

    /**
     * The whole run so far, the first run included, as one result: uploads and bytes of every job, skips of the first
     * run and the batches, and the files whose last outcome is a failure and that are still there.
     * {@link JobResult#stoppedByUser()} is true when the stop ended a job before its end or left files pending.
     */
    public JobResult result() {
        tally.forgetGone(name -> stat(name) == null);
        return tally.result(cut || pending.size() > 0);
    }

    /** Ends the watch: the job under way stops as any job does (unfinished uploads stay resumable), no other starts. */
    public void stop() {
        UploadJob job;
        synchronized (this) {
            stopped = true;
            job = current;
        }
        if (job != null) {
            job.stop();
        }
        closeService();
    }

    public boolean stopped() {
        return stopped;
    }

    @Override
    public void close() {
        stopped = true;
        closeService();
    }

    private void closeService() {
        WatchService s = service;
        if (s != null) {
            try {
                s.close();
            } catch (IOException e) {
                LOG.debug("closing the watch service: {}", e.toString());
            }
        }
    }

    // ---- the jobs

    private SettledView settledView(dev.uploader.engine.Source source) {
        return new SettledView(source, pending, settings.settle().toMillis(), System::currentTimeMillis, System::nanoTime,
                name -> ignored(name) || singleFile != null && !singleFile.equals(name));
    }

    /** Runs one job of the watch, stoppable by {@link #stop()}; {@code index}: list the unfinished uploads once first. */
    private JobResult run(UploadJob job, boolean index) {
        synchronized (this) {
            current = job;
            if (stopped) {
                job.stop();
            }
        }
        try {
            if (index) {
                job.unfinishedUploads();
            }
            JobResult result = job.run();
            if (result.stoppedByUser()) {
                cut = true;
            }
            return result;
        } finally {
            synchronized (this) {
                current = null;
            }
        }
    }

    /** The settled files the filters let through, as one job over their names. */
    private void batch(Map<String, State> settled) {
        Map<String, State> names = new LinkedHashMap<>();
        settled.forEach((name, state) -> {
            if (filter.accepts(new SourceEntry(name, state.size(), state.modifiedMillis()))) {
                names.put(name, state);
            } else {
                LOG.debug("{}: settled, left out by the filters", name);
            }
        });
        if (names.isEmpty()) {
            return;
        }
        LOG.info("{} settled file(s): {}", names.size(), names.size() <= 20 ? names.keySet() : names.size() + " names");
        Tracking tracking = new Tracking(jobListener, names);
        UploadJob job = base.over(s -> new ListedSource(s, names.keySet(), "the watched folder"), tracking);
        listener.ran(finish(WatchRun.Kind.SETTLED, names.size(), job, tracking, false, null));
    }

    /** The whole folder through the plan: what events missed, and what failed before. */
    private void rescan() {
        if (singleFile == null && !keys.containsValue(root) && Files.isDirectory(root)) {
            LOG.info("{} is not watched (it was gone): registering it again", root);
            registerTree(root, true);
        }
        Tracking tracking = new Tracking(jobListener, Map.of());
        List<SettledView> view = new ArrayList<>(1);
        UploadJob job = base.over(s -> {
            SettledView v = settledView(s);
            view.add(v);
            return v;
        }, tracking);
        WatchRun run = finish(WatchRun.Kind.RESCAN, 0, job, tracking, true, view);
        if (run.eventful()) {
            listener.ran(run);
        } else {
            LOG.info("rescan of {}: nothing to send ({} already there)", root, run.result().totals().skipped());
        }
    }

    private WatchRun finish(WatchRun.Kind kind, int files, UploadJob job, Tracking tracking, boolean index, List<SettledView> view) {
        try {
            JobResult result = run(job, index);
            tracking.done(result.stoppedByUser());
            tally.add(result, kind == WatchRun.Kind.RESCAN);
            if (result.fatalError() != null) {
                LOG.warn("{} ended early: {}", kind == WatchRun.Kind.RESCAN ? "a rescan" : "a batch", result.fatalError());
            }
            return new WatchRun(kind, files, result, view == null || view.isEmpty() ? pending.size() : view.get(0).held(), null);
        } catch (TransferException e) {
            if (stopped) {
                return new WatchRun(kind, files, null, pending.size(), "stopped before it began");
            }
            // the store or the folder cannot be reached now: said; the next rescan tries again
            LOG.warn("{} could not run: {}", kind == WatchRun.Kind.RESCAN ? "a rescan" : "a batch", e.getMessage(), e);
            tally.couldNotRun(e.getMessage());
            return new WatchRun(kind, files, null, pending.size(), e.getMessage());
        } catch (RuntimeException e) {
            LOG.error("{} failed unexpectedly", kind == WatchRun.Kind.RESCAN ? "a rescan" : "a batch", e);
            String why = "unexpected failure (" + (e.getMessage() == null ? "no message" : e.getMessage()) + "); the log file has the details";
            tally.couldNotRun(why);
            return new WatchRun(kind, files, null, pending.size(), why);
        }
    }

    /**
     * Forwards a job's events and keeps what the watch needs of its outcomes: successes at once (a file sent in a batch
     * is remembered with the state it settled in), failures at the end of the job unless the stop ended it (a file
     * the stop cut short did not fail).
     */
    private final class Tracking extends dev.uploader.engine.ForwardingListener {
        private final Map<String, State> batch;
        private final List<FileOutcome> failures = new ArrayList<>();

        Tracking(ProgressListener inner, Map<String, State> batch) {
            super(inner);
            this.batch = batch;
        }

        @Override
        public void fileFinished(FileOutcome outcome) {
            inner.fileFinished(outcome);
            if (outcome.status() == FileOutcome.Status.FAILED) {
                synchronized (failures) {
                    failures.add(outcome);
                }
            } else {
                tally.outcomes(List.of(outcome));
                State settledAs = outcome.sourcePath() == null ? null : batch.get(outcome.sourcePath());
                if (settledAs != null) {
                    pending.sent(outcome.sourcePath(), settledAs);
                }
            }
        }

        void done(boolean stoppedByUser) {
            synchronized (failures) {
                if (!stoppedByUser) {
                    tally.outcomes(failures);
                }
                failures.clear();
            }
        }
    }

    // ---- the file system

    private boolean take(WatchKey key) {
        Path dir = keys.get(key);
        boolean overflow = false;
        for (WatchEvent<?> event : key.pollEvents()) {
            if (event.kind() == OVERFLOW) {
                overflow = true;
                continue;
            }
            if (dir == null || !(event.context() instanceof Path child)) {
                continue;
            }
            Path path = dir.resolve(child);
            String name = relative(path);
            if (name.isEmpty()) {
                continue;
            }
            if (event.kind() == ENTRY_CREATE && singleFile == null && Files.isDirectory(path)) {
                // a new folder: watched from now on, and what was written into it before that is looked at
                if (filter.mayEnter(name)) {
                    registerTree(path, true);
                }
                continue;
            }
            if (wanted(name)) {
                pending.look(name, System.nanoTime());
            }
        }
        if (!key.reset()) {
            keys.remove(key);
            if (root.equals(dir)) {
                LOG.warn("{} is gone or can no longer be watched", root);
                listener.notice(root + " is gone or can no longer be watched; the rescan every " + settings.rescanEvery().toSeconds()
                        + " s looks for it again");
            }
        }
        return overflow;
    }

    /** Whether a file's changes concern the watch: not its own files, not what an exclude leaves out, only the one file of SrcFileIndex. */
    private boolean wanted(String name) {
        if (singleFile != null) {
            return singleFile.equals(name);
        }
        return !ignored(name) && filter.mayConcern(name);
    }

    private boolean ignored(String name) {
        return !settings.ignored().isEmpty() && settings.ignored().contains(root.resolve(name).normalize());
    }

    /** Registers a folder and the folders below it (links followed, as the walk of the source follows them). */
    private void registerTree(Path start, boolean lookAtFiles) {
        try {
            Files.walkFileTree(start, EnumSet.of(FileVisitOption.FOLLOW_LINKS), Integer.MAX_VALUE, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                    if (stopped) {
                        return FileVisitResult.TERMINATE;
                    }
                    String name = relative(dir);
                    if (!name.isEmpty() && !filter.mayEnter(name)) {
                        return FileVisitResult.SKIP_SUBTREE;
                    }
                    register(dir);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    if (lookAtFiles && attrs.isRegularFile()) {
                        String name = relative(file);
                        if (wanted(name)) {
                            pending.look(name, System.nanoTime());
                        }
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    // a loop, a broken link, no permission: the job's listing says so in words
                    LOG.debug("not watched: {}: {}", file, e.toString());
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            LOG.warn("cannot register the folders below {}: {}", start, e.toString());
        }
    }

    private void register(Path dir) {
        WatchService s = service;
        if (s == null) {
            return;
        }
        try {
            keys.put(dir.register(s, ENTRY_CREATE, ENTRY_MODIFY, ENTRY_DELETE), dir);
        } catch (ClosedWatchServiceException e) {
            // stopped meanwhile
        } catch (IOException e) {
            String reason = e instanceof FileSystemException fs && fs.getReason() != null ? fs.getReason() : e.getMessage();
            LOG.warn("cannot watch {}: {}", dir, reason);
            if (!limitSaid) {
                limitSaid = true;
                listener.notice("cannot watch " + dir + " (" + reason + "): changes there are found by the rescan every "
                        + settings.rescanEvery().toSeconds() + " s" + (reason != null && reason.contains("inotify")
                        ? "; raise the limit with sysctl fs.inotify.max_user_watches" : ""));
            }
        }
    }

    /** The file as it is now, or null when it is gone or not a regular file (links followed). */
    private State stat(String name) {
        try {
            BasicFileAttributes a = Files.readAttributes(root.resolve(name), BasicFileAttributes.class);
            return a.isRegularFile() ? new State(a.size(), a.lastModifiedTime().toMillis()) : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** The path below the folder with '/' between names, as the source names its entries; "" for the folder itself. */
    private String relative(Path path) {
        Path rel = root.relativize(path.toAbsolutePath().normalize());
        StringBuilder out = new StringBuilder();
        for (Path part : rel) {
            if (!part.toString().isEmpty()) {
                if (out.length() > 0) {
                    out.append('/');
                }
                out.append(part);
            }
        }
        return out.toString();
    }
}
