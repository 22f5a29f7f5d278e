package dev.uploader.gui.queue;

import dev.uploader.config.ConfigException;
import dev.uploader.config.IniValues;
import dev.uploader.config.JobConfig;
import dev.uploader.config.JobType;
import dev.uploader.config.WatchSettle;
import dev.uploader.engine.FileOutcome;
import dev.uploader.engine.JobResult;
import dev.uploader.engine.PendingUpload;
import dev.uploader.engine.ProgressListener;
import dev.uploader.engine.ProgressSnapshot;
import dev.uploader.engine.TransferException;
import dev.uploader.engine.UploadJob;
import dev.uploader.engine.watch.FolderWatch;
import dev.uploader.engine.watch.WatchListener;
import dev.uploader.engine.watch.WatchRun;
import dev.uploader.format.Sizes;
import dev.uploader.gui.MainViewModel;
import dev.uploader.i18n.Texts;
import dev.uploader.report.JsonLinesReport;
import dev.uploader.run.JobRunner;
import dev.uploader.run.RunEvents;
import dev.uploader.run.RunOutcome;
import dev.uploader.run.RunRequest;
import dev.uploader.run.UnfinishedChoice;
import dev.uploader.storage.JobStores;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Function;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The desktop app's transfers: added jobs wait their turn and run one after another or side by side
 * ({@link #sideBySide}), each through the one {@link JobRunner}; pause, resume, cancel, re-run, remove, reorder. The
 * queue is written to its file at each change, so that unfinished transfers come back when the app starts again and
 * resume from the store (their unfinished uploads resumed without asking: parts are reused only where proven).
 * Work runs on {@code background}; every property changes on {@code ui}; the public methods are called on {@code ui}.
 */
public final class TransferQueue {
    private static final Logger LOG = LoggerFactory.getLogger(TransferQueue.class);
    /** Most transfers that run at once. */
    public static final int MOST_SIDE_BY_SIDE = 8;
    /** The least time between two progress updates of one transfer on the UI thread. */
    static final long SHOW_EVERY_NANOS = 450_000_000L;

    public final ObservableList<Transfer> transfers = FXCollections.observableArrayList();
    /** How many transfers run at once: 1 runs them one after another. */
    public final IntegerProperty sideBySide = new SimpleIntegerProperty(1);
    /** A problem of the queue itself (its file), in words; empty when there is none. */
    public final StringProperty error = new SimpleStringProperty("");

    private final QueueFile file;
    private final Path reportDir;
    private final Map<String, String> env;
    private final JobRunner runner;
    private final Function<String, String> ossKeys;
    private final Executor background;
    private final Executor ui;
    private volatile Consumer<Transfer> onEnded = t -> {
    };
    private volatile boolean closing;
    /** The window's language; English until the window sets its own. */
    private volatile Texts texts = Texts.window(java.util.Locale.ENGLISH);

    /**
     * @param ossKeys where OSS keys come from when a transfer's values have none (the credential dialog's file)
     */
    public TransferQueue(QueueFile file, Path reportDir, Map<String, String> env, JobRunner runner, Function<String, String> ossKeys,
                         Executor background, Executor ui) {
        this.file = file;
        this.reportDir = reportDir;
        this.env = Map.copyOf(env);
        this.runner = runner;
        this.ossKeys = ossKeys;
        this.background = background;
        this.ui = ui;
        sideBySide.addListener((o, before, now) -> schedule());
    }

    /** The language the transfers' states and results are said in. */
    public void setTexts(Texts texts) {
        this.texts = texts;
    }

    /** Called with each transfer whose run ended (done, failed, paused, cancelled), on the UI thread. */
    public void setOnEnded(Consumer<Transfer> onEnded) {
        this.onEnded = onEnded;
    }

    /** Brings back the queue of the last session; transfers that were waiting or running go on from the store. */
    public void restore() {
        List<QueueFile.Entry> kept;
        try {
            kept = file.read();
            if (file.damaged() > 0) {
                error.set(texts.text("queue.damaged", file.damaged(), keptCopy()));
            }
        } catch (IOException e) {
            error.set(texts.text("queue.cannotRead", file.file(), e.getMessage()) + " " + texts.text("queue.keptAs", keptCopy()));
            return;
        }
        for (QueueFile.Entry e : kept) {
            Transfer t = new Transfer(e.spec(), null);
            t.report.set(e.report());
            t.status.set(e.status());
            boolean unfinished = e.state().active() || e.state() == TransferState.QUEUED;
            t.state.set(unfinished ? TransferState.QUEUED : e.state());
            if (unfinished || e.state() == TransferState.PAUSED) {
                t.resume = true;
                t.status.set(texts.text(e.state() == TransferState.PAUSED ? "queue.pausedBack" : "queue.unfinishedBack"));
            }
            transfers.add(t);
        }
        schedule();
    }

    /** The queue file kept aside before the queue writes over it, or the reason it could not be. */
    private String keptCopy() {
        try {
            return file.keepDamaged().toString();
        } catch (IOException e) {
            LOG.warn("cannot keep a copy of the damaged queue {}: {}", file.file(), e.toString());
            return file.file().toString();
        }
    }

    /** Adds a transfer at the end of the queue; it starts when a slot is free. */
    public Transfer add(TransferSpec spec) {
        return add(spec, null);
    }

    /** @param sessionSecret an OSS secret typed into the window: used by this session's runs, never written down */
    public Transfer add(TransferSpec spec, String sessionSecret) {
        Transfer t = new Transfer(spec, sessionSecret);
        t.status.set(texts.text("queue.waiting"));
        transfers.add(t);
        save();
        schedule();
        return t;
    }

    /** A new transfer's spec: an id, its title and the time now. */
    public static TransferSpec spec(String title, Path configFile, Map<String, String> values, Path namesFile, boolean watch) {
        return new TransferSpec(UUID.randomUUID().toString(), title, configFile, values, namesFile, watch, Instant.now());
    }

    /** Moves a waiting transfer one place up (-1) or down (+1) among the waiting ones; others stay where they are. */
    public void move(Transfer t, int by) {
        int from = transfers.indexOf(t);
        if (from < 0 || !t.state.get().waiting() && t.state.get() != TransferState.PAUSED) {
            return;
        }
        int to = from + Integer.signum(by);
        if (to < 0 || to >= transfers.size()) {
            return;
        }
        transfers.remove(from);
        transfers.add(to, t);
        save();
    }

    /** Parts in flight finish, nothing new starts; {@link #resume} goes on from the store. A waiting one is held. */
    public void pause(Transfer t) {
        TransferState s = t.state.get();
        if (s == TransferState.QUEUED) {
            t.state.set(TransferState.PAUSED);
            t.status.set(texts.text("queue.held"));
            save();
        } else if (s == TransferState.PLANNING || s == TransferState.RUNNING) {
            t.state.set(TransferState.PAUSING);
            t.status.set(texts.text("queue.pausing"));
            t.stopRun(TransferState.PAUSED);
        }
    }

    /** A paused transfer goes back into the queue; its next run resumes its unfinished uploads from the store. */
    public void resume(Transfer t) {
        if (t.state.get() == TransferState.PAUSED) {
            t.resume = true;
            t.state.set(TransferState.QUEUED);
            t.status.set(texts.text("queue.waitingResume"));
            save();
            schedule();
        }
    }

    /** Stops a transfer for good; its unfinished uploads stay at the store (Re-run resumes them). */
    public void cancel(Transfer t) {
        TransferState s = t.state.get();
        if (s == TransferState.QUEUED || s == TransferState.PAUSED) {
            t.state.set(TransferState.CANCELLED);
            t.status.set(texts.text("queue.cancelled"));
            save();
        } else if (s == TransferState.PLANNING || s == TransferState.RUNNING || s == TransferState.PAUSING) {
            t.state.set(TransferState.CANCELLING);
            t.status.set(texts.text("queue.cancelling"));
            t.stopRun(TransferState.CANCELLED);
        }
    }

    /** Runs an ended transfer again (what is at the destination already is skipped, unfinished uploads resumed). */
    public void rerun(Transfer t) {
        if (t.state.get().ended()) {
            t.resume = true;
            t.state.set(TransferState.QUEUED);
            t.status.set(texts.text("queue.waiting"));
            save();
            schedule();
        }
    }

    /** Removes a transfer that does not run. */
    public void remove(Transfer t) {
        if (!t.state.get().active()) {
            transfers.remove(t);
            save();
        }
    }

    /**
     * The app closes: running transfers stop (parts in flight get their few seconds) and stay in the queue as
     * unfinished, so that they resume when the app starts again. Waits up to {@code wait} for them to end.
     */
    public void close(Duration wait) {
        closing = true;
        List<Transfer> active = transfers.stream().filter(t -> t.state.get().active()).toList();
        // only those the person did not pause or cancel come back as waiting; the others keep what was asked of them
        List<Transfer> unfinished = active.stream().filter(t -> t.afterStop == null).toList();
        unfinished.forEach(t -> t.stopRun(TransferState.QUEUED));
        long until = System.nanoTime() + wait.toNanos();
        while (System.nanoTime() < until && active.stream().anyMatch(t -> t.running != null || t.watching != null)) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        write(new Snapshot(sequence.incrementAndGet(), entries(unfinished)));
    }

    /** The entries to keep; transfers in {@code unfinished} are kept as waiting whatever their state shows now. */
    private List<QueueFile.Entry> entries(List<Transfer> unfinished) {
        List<QueueFile.Entry> entries = new ArrayList<>();
        for (Transfer t : transfers) {
            TransferState s = t.state.get();
            TransferState kept = unfinished.contains(t) || s.active() && t.afterStop == null ? TransferState.QUEUED
                    : s == TransferState.PAUSING ? TransferState.PAUSED : s == TransferState.CANCELLING ? TransferState.CANCELLED : s;
            entries.add(new QueueFile.Entry(t.spec(), kept, t.status.get(), t.report.get()));
        }
        return entries;
    }

    /** Writes the queue as it is now, off the UI thread; writes queued behind each other collapse into the newest. */
    private void save() {
        Snapshot now = new Snapshot(sequence.incrementAndGet(), entries(List.of()));
        pendingWrite.set(now);
        background.execute(() -> {
            Snapshot next = pendingWrite.getAndSet(null);
            if (next != null) {
                write(next);
            }
        });
    }

    /** The queue's entries at one moment; a later one is never overwritten by an earlier one. */
    private record Snapshot(long sequence, List<QueueFile.Entry> entries) {
    }

    private final java.util.concurrent.atomic.AtomicLong sequence = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.atomic.AtomicReference<Snapshot> pendingWrite = new java.util.concurrent.atomic.AtomicReference<>();
    private long written;

    private synchronized void write(Snapshot snapshot) {
        if (snapshot.sequence() <= written) {
            return;
        }
        written = snapshot.sequence();
        try {
            file.write(snapshot.entries());
        } catch (IOException e) {
            LOG.warn("cannot write the queue {}: {}", file.file(), e.toString());
            String words = texts.text("queue.cannotWrite", file.file(), e.getMessage());
            ui.execute(() -> error.set(words));
        }
    }

    /** Starts waiting transfers, in the queue's order, while fewer than {@link #sideBySide} run. */
    private void schedule() {
        if (closing) {
            return;
        }
        int slots = Math.max(1, Math.min(MOST_SIDE_BY_SIDE, sideBySide.get()));
        long running = transfers.stream().filter(t -> t.state.get().active()).count();
        for (Transfer t : List.copyOf(transfers)) {
            if (running >= slots) {
                return;
            }
            if (t.state.get() == TransferState.QUEUED) {
                start(t);
                running++;
            }
        }
    }

    private void start(Transfer t) {
        t.afterStop = null;
        t.startedAt = Instant.now();
        t.state.set(TransferState.PLANNING);
        t.status.set(texts.text(t.resume ? "vm.resuming" : "vm.checking"));
        t.progress.set(0);
        t.done.set("");
        t.rate.set("");
        t.eta.set("");
        t.summary.set("");
        t.chart.clear();
        t.rates.clear();
        save();
        background.execute(() -> run(t));
    }

    /** One run of a transfer, on a background thread. */
    private void run(Transfer t) {
        TransferEvents events = new TransferEvents(t);
        JsonLinesReport report = null;
        String ended;
        TransferState state;
        String summary = "";
        try {
            JobConfig job = job(t);
            report = openReport();
            Path reportFile = report == null ? null : report.file();
            ui.execute(() -> t.report.set(reportFile));
            FolderWatch.Settings watch = t.spec().watch() && job.jobType() == JobType.LOCAL_TO_S3 ? watchSettings(t, report) : null;
            JobStores.NameList names = names(t);
            RunOutcome outcome = runner.run(RunRequest.of(job, names, report, watch, dev.uploader.history.RunRecord.Origin.APP), events);
            JobResult result = outcome.result();
            summary = MainViewModel.summaryText(result, texts);
            TransferState asked = t.afterStop;
            if (asked != null && result.stoppedByUser()) {
                state = asked;
                ended = texts.text(asked == TransferState.PAUSED ? "queue.paused" : asked == TransferState.CANCELLED ? "queue.cancelled"
                        : "queue.closed");
            } else if (result.fatalError() != null) {
                state = TransferState.FAILED;
                ended = texts.text("queue.couldNotRun", result.fatalError());
            } else if (result.success()) {
                state = TransferState.DONE;
                ended = texts.text("queue.done", result.totals().uploaded(), result.totals().skipped(), Sizes.bytes(result.bytesSent()),
                        Sizes.duration(result.elapsed()));
            } else {
                state = TransferState.FAILED;
                ended = texts.text("queue.failed", result.count(FileOutcome.Status.FAILED));
            }
        } catch (TransferException | ConfigException e) {
            TransferState asked = t.afterStop;
            if (asked != null) {
                state = asked;
                ended = texts.text("vm.stoppedBefore");
            } else {
                state = TransferState.FAILED;
                ended = texts.text("queue.couldNotRun", MainViewModel.words(e));
            }
        } catch (RuntimeException e) {
            LOG.error("transfer {}: unexpected failure", t.title(), e);
            state = TransferState.FAILED;
            ended = texts.text("vm.unexpected", MainViewModel.words(e));
        } finally {
            t.running = null;
            t.watching = null;
            if (report != null) {
                report.close();
                if (!events.began) {
                    // a run that never began leaves no report: nothing ran that it could tell about
                    deleteQuietly(report.file());
                    deleteQuietly(report.failuresFile());
                    ui.execute(() -> t.report.set(null));
                }
            }
        }
        TransferState finalState = state;
        String finalWords = ended;
        String finalSummary = summary;
        ui.execute(() -> {
            events.flush();
            events.showLast();
            t.rate.set("");
            if (finalState == TransferState.DONE) {
                t.progress.set(1);
                t.eta.set("");
            }
            t.resume = finalState != TransferState.DONE;
            t.state.set(finalState);
            t.status.set(finalWords);
            t.summary.set(finalSummary);
            t.said(finalWords);
            if (!closing) {
                save();
                schedule();
            }
            onEnded.accept(t);
        });
    }

    private JobConfig job(Transfer t) {
        String secret = t.sessionSecret();
        Map<String, String> values = t.spec().values();
        // a typed secret goes with the key id typed next to it, never with the saved file's id
        if (secret != null && !values.getOrDefault("ALIOSS_TO_S3.ali_access_key_id", "").isBlank()) {
            values = new java.util.LinkedHashMap<>(values);
            values.put(TransferSpec.OSS_SECRET, secret);
        }
        return TransferSpec.jobOf(t.spec().configFile(), values, env, ossKeys);
    }

    private JobStores.NameList names(Transfer t) {
        Path list = t.spec().namesFile();
        if (list == null) {
            return null;
        }
        try {
            return new JobStores.NameList(list.toString(), Files.readAllLines(list, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new ConfigException("cannot read the names list " + list + ": " + MainViewModel.words(e));
        }
    }

    private FolderWatch.Settings watchSettings(Transfer t, JsonLinesReport report) {
        Path config = t.spec().configFile();
        IniValues ini = config != null && Files.isRegularFile(config) ? IniValues.read(config) : IniValues.empty(config);
        Set<Path> ignored = report == null ? Set.of() : Set.of(report.file(), report.failuresFile());
        return new FolderWatch.Settings(Duration.ofSeconds(WatchSettle.seconds(ini, null)), FolderWatch.DEFAULT_RESCAN, ignored);
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.warn("cannot delete the unused report {}: {}", file, e.toString());
        }
    }

    /** This run's report in the report folder; a run goes on without one when it cannot be written (said in the app's log). */
    private JsonLinesReport openReport() {
        try {
            return JsonLinesReport.open(JsonLinesReport.claimRunFile(reportDir));
        } catch (ConfigException e) {
            LOG.warn("no report for this run: {}", e.getMessage());
            return null;
        }
    }

    /**
     * What a transfer's run says and shows: coalesced onto the UI thread, a row update about twice a second at most
     * and the log lines in batches (a job of 100,000 failures is not 100,000 tasks for the UI thread).
     */
    private final class TransferEvents implements RunEvents {
        private final Transfer t;
        private final java.util.Queue<String> lines = new java.util.concurrent.ConcurrentLinkedQueue<>();
        private final AtomicBoolean linesQueued = new AtomicBoolean();
        /** The upload began: the report tells about it. */
        private volatile boolean began;

        TransferEvents(Transfer t) {
            this.t = t;
        }

        /** Moves the waiting lines into the transfer's log. UI thread. */
        void flush() {
            linesQueued.set(false);
            for (String line = lines.poll(); line != null; line = lines.poll()) {
                t.said(line);
            }
        }

        /** The last snapshot, shown: the throttle may have held it back. UI thread. */
        void showLast() {
            if (latest != null) {
                show(t, latest);
            }
        }

            private volatile ProgressSnapshot latest;
            private volatile long lastShown = System.nanoTime() - SHOW_EVERY_NANOS;
            private final AtomicBoolean queued = new AtomicBoolean();
            private final ProgressListener listener = new ProgressListener() {
                @Override
                public void fileFinished(FileOutcome outcome) {
                    if (outcome.status() == FileOutcome.Status.FAILED) {
                        String name = outcome.key() != null ? outcome.key() : outcome.sourcePath();
                        said(texts.text("log.failed", name, outcome.detail()));
                    }
                }

                @Override
                public void notice(String message) {
                    said(message);
                }

                @Override
                public void progress(ProgressSnapshot snapshot) {
                    latest = snapshot;
                    long now = System.nanoTime();
                    // a row of the queue changes at most twice a second: more is not read, and each change is painted
                    if (now - lastShown < SHOW_EVERY_NANOS) {
                        return;
                    }
                    if (queued.compareAndSet(false, true)) {
                        lastShown = now;
                        ui.execute(() -> {
                            queued.set(false);
                            show(t, latest);
                        });
                    }
                }
            };

            @Override
            public ProgressListener progress() {
                return listener;
            }

            @Override
            public Texts texts() {
                return Texts.messages(texts.locale());
            }

            @Override
            public void said(String line) {
                lines.add(line);
                if (linesQueued.compareAndSet(false, true)) {
                    ui.execute(this::flush);
                }
            }

            @Override
            public void opened(UploadJob upload) {
                t.running = upload;
                if (t.afterStop != null) {
                    upload.stop(); // stopped while the stores opened
                }
            }

            @Override
            public UnfinishedChoice unfinished(String destination, UploadJob upload, List<PendingUpload> pending) {
                return UnfinishedChoice.RESUME; // parts are reused only where they provably hold the source's bytes
            }

            @Override
            public void uploading(UploadJob upload, String source, String destination) {
                began = true;
                ui.execute(() -> {
                    if (t.state.get() == TransferState.PLANNING) {
                        t.state.set(TransferState.RUNNING);
                        t.status.set(texts.text("vm.uploading"));
                    }
                });
            }

            @Override
            public WatchListener watchEvents() {
                return new WatchListener() {
                    @Override
                    public void ran(WatchRun run) {
                        said(texts.text("log.watch", run.describe()));
                    }

                    @Override
                    public void notice(String message) {
                        said(texts.text("log.watch", message));
                    }
                };
            }

            @Override
            public void watchOpened(FolderWatch folder) {
                t.watching = folder;
                if (t.afterStop != null) {
                    folder.stop();
                }
            }

            @Override
            public void firstRunEnded(JobResult first, FolderWatch folder, String source, String destination) {
                if (first.fatalError() == null && !folder.stopped()) {
                    ui.execute(() -> t.status.set(texts.text("queue.watching")));
                }
            }
    }

    /** A progress snapshot on the transfer's properties and chart. UI thread. */
    private void show(Transfer t, ProgressSnapshot s) {
        t.progress.set(s.bytesTotal() == 0 ? (s.listing() ? 0 : 1) : (double) s.bytesDone() / s.bytesTotal());
        t.done.set(texts.text("queue.progress", Sizes.bytes(s.bytesDone()), Sizes.bytes(s.bytesTotal()) + (s.listing() ? "+" : ""),
                s.filesDone(), s.filesTotal()));
        t.rate.set(Sizes.rate(s.bytesPerSecond()));
        t.eta.set(s.eta().map(Sizes::duration).orElse("?"));
        RatePoint point = new RatePoint(s.elapsed().toMillis() / 1000.0, s.bytesPerSecond(), s.inFlight().size());
        switch (t.rates.add(point)) {
            case ADDED -> t.chart.add(point); // the chart draws one more point, not all of them again
            case THINNED -> t.chart.setAll(t.rates.points());
            default -> {
            }
        }
    }
}
