package dev.uploader.gui.destination;

import dev.uploader.i18n.Texts;
import dev.uploader.engine.ObjectKeys;
import dev.uploader.engine.PendingUpload;
import dev.uploader.engine.RemoteObject;
import dev.uploader.history.RunDetails;
import dev.uploader.history.RunRecord;
import dev.uploader.storage.S3ClientFactory;
import dev.uploader.storage.StoreBrowser;
import dev.uploader.storage.UnfinishedUploads;
import dev.uploader.storage.s3.LevelPage;
import dev.uploader.storage.s3.S3Bucket;
import dev.uploader.storage.s3.S3Location;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The destination pane: what is at a bucket and prefix one level deep (folders, then objects with size and time), a
 * page at a time ({@link #loadMore()} for the next), which objects a run verified, and the unfinished uploads under
 * the prefix with their age and size, to resume or clean. Store requests go to the background executor; properties
 * and lists change on the ui executor only.
 */
public final class DestinationViewModel {
    public static final int DEFAULT_PAGE = 1000;
    /** Parts are listed for at most this many unfinished uploads (one request each). */
    static final int MEASURED_UPLOADS = 200;

    /**
     * One line of the level.
     *
     * @param name      what to show: the folder's or object's name below the current prefix (a folder's ends in '/')
     * @param key       the whole key, or for a folder its prefix (ending in '/')
     * @param size      bytes; 0 for a folder
     * @param modified  when the object was written; null for a folder
     * @param verified  what the marked run showed about this object, in words; null when it showed nothing
     */
    public record Entry(String name, String key, boolean folder, long size, Instant modified, String verified) {
        Entry verifiedAs(String words) {
            return new Entry(name, key, folder, size, modified, words);
        }
    }

    /**
     * An unfinished upload under the prefix.
     *
     * @param age    since it was started, null when the store did not say
     * @param bytes  stored in its parts so far, -1 when not measured
     */
    public record Unfinished(PendingUpload upload, Duration age, long bytes, int parts) {
    }

    public final ObservableList<Entry> entries = FXCollections.observableArrayList();
    /** Whether the level has more entries than shown ({@link #loadMore()}). */
    public final BooleanProperty more = new SimpleBooleanProperty(false);
    /** The place shown, {@code s3://bucket/prefix/}, empty before {@link #open}. */
    public final StringProperty where = new SimpleStringProperty("");
    public final StringProperty message = new SimpleStringProperty("");
    public final BooleanProperty busy = new SimpleBooleanProperty(false);
    /** The run whose verified objects are marked, or null. */
    public final ObjectProperty<RunRecord> markedRun = new SimpleObjectProperty<>();
    public final ObservableList<Unfinished> unfinished = FXCollections.observableArrayList();
    public final StringProperty unfinishedMessage = new SimpleStringProperty("");
    /** The window's language; English until the window sets its own. */
    private volatile Texts texts = Texts.window(java.util.Locale.ENGLISH);

    /** The language its messages are said in. */
    public void setTexts(Texts texts) {
        this.texts = texts;
    }


    private final StoreBrowser browser;
    private final S3ClientFactory clients;
    private final Function<Path, RunDetails> reports;
    private final Consumer<ResumeRequest> resume;
    private final Executor background;
    private final Executor ui;
    private final Clock clock;
    private final int pageSize;
    /** Answers for an earlier place (or an earlier mark) arriving late are dropped. */
    private final AtomicLong place = new AtomicLong();
    private final AtomicLong mark = new AtomicLong();

    private S3Location location;
    private String bucket;
    private String prefix = "";
    private String nextToken;
    private Map<String, String> verified = Map.of();

    /**
     * @param resume called on the thread that calls {@link #resume} (the ui thread); the window queues a job that
     *               finishes those uploads
     */
    public DestinationViewModel(S3ClientFactory clients, Consumer<ResumeRequest> resume, Executor background, Executor ui) {
        this(clients, RunDetails::read, resume, background, ui, Clock.systemUTC(), DEFAULT_PAGE);
    }

    DestinationViewModel(S3ClientFactory clients, Function<Path, RunDetails> reports, Consumer<ResumeRequest> resume, Executor background,
                         Executor ui, Clock clock, int pageSize) {
        this.clients = Objects.requireNonNull(clients, "clients");
        this.browser = new StoreBrowser(clients);
        this.reports = Objects.requireNonNull(reports, "reports");
        this.resume = Objects.requireNonNull(resume, "resume");
        this.background = Objects.requireNonNull(background, "background");
        this.ui = Objects.requireNonNull(ui, "ui");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (pageSize < 1) {
            throw new IllegalArgumentException("a page holds at least one entry, not " + pageSize);
        }
        this.pageSize = pageSize;
    }

    /** Shows the level right under {@code prefix} of the bucket (its top for an empty prefix) and its unfinished uploads. */
    public void open(S3Location location, String bucket, String prefix) {
        this.location = Objects.requireNonNull(location, "location");
        this.bucket = Objects.requireNonNull(bucket, "bucket").trim();
        this.prefix = ObjectKeys.listingPrefix(ObjectKeys.normalizePrefix(prefix == null ? "" : prefix));
        refresh();
    }

    /** Goes into a folder of the level. */
    public void openFolder(Entry folder) {
        if (folder != null && folder.folder() && location != null) {
            open(location, bucket, folder.key());
        }
    }

    /** Goes one level up; at the bucket's top it stays. */
    public void up() {
        if (location == null || prefix.isEmpty()) {
            return;
        }
        String parent = prefix.substring(0, prefix.length() - 1);
        int slash = parent.lastIndexOf('/');
        open(location, bucket, slash < 0 ? "" : parent.substring(0, slash + 1));
    }

    /** Lists the level again from its first page, and the unfinished uploads. */
    public void refresh() {
        if (location == null || bucket.isEmpty()) {
            message.set(texts.text("destination.chooseBucket"));
            return;
        }
        long mine = place.incrementAndGet();
        entries.clear();
        more.set(false);
        nextToken = null;
        where.set("s3://" + bucket + "/" + prefix);
        page(mine, null);
        refreshUnfinished();
    }

    /** Shows the next page of the level after the ones shown. */
    public void loadMore() {
        if (nextToken == null || busy.get()) {
            return;
        }
        page(place.get(), nextToken);
    }

    private void page(long mine, String token) {
        busy.set(true);
        message.set(texts.text("destination.listing", where.get()));
        S3Location at = location;
        String inBucket = bucket;
        String under = prefix;
        background.execute(() -> {
            LevelPage page;
            try {
                page = browser.level(at, inBucket, under, token, pageSize);
            } catch (RuntimeException e) {
                String why = words(e);
                ui.execute(() -> {
                    if (place.get() == mine) {
                        busy.set(false);
                        message.set(why);
                    }
                });
                return;
            }
            ui.execute(() -> {
                if (place.get() != mine) {
                    return;
                }
                busy.set(false);
                List<Entry> shown = new ArrayList<>(page.folders().size() + page.objects().size());
                for (String folder : page.folders()) {
                    shown.add(new Entry(folder.substring(under.length()), folder, true, 0, null, null));
                }
                for (RemoteObject o : page.objects()) {
                    if (o.key().equals(under)) {
                        continue; // the "folder" object some tools write at the prefix itself
                    }
                    shown.add(new Entry(o.key().substring(under.length()), o.key(), false, o.size(), o.lastModified(),
                            markOf(verified, o.key(), o.lastModified())));
                }
                entries.addAll(shown);
                nextToken = page.nextToken();
                more.set(page.hasMore());
                message.set(texts.text(entries.size() == 1 && !page.hasMore() ? "destination.entry" : "destination.entries", entries.size() + (page.hasMore() ? "+" : ""), where.get()));
            });
        });
    }

    /**
     * Marks the objects the run showed to be right (uploaded and verified, or skipped as already there), with what was
     * shown, from its report; null clears the marks. The caller gives a run of this destination.
     */
    public void markVerified(RunRecord run) {
        long mine = mark.incrementAndGet();
        markedRun.set(run);
        if (run == null || run.report() == null) {
            applyMarks(Map.of());
            if (run != null) {
                message.set(texts.text("destination.noReport"));
            }
            return;
        }
        background.execute(() -> {
            Map<String, String> keys;
            try {
                keys = reports.apply(run.report()).verifiedKeys();
            } catch (RuntimeException e) {
                String why = words(e);
                ui.execute(() -> {
                    if (mark.get() == mine) {
                        applyMarks(Map.of());
                        message.set(why);
                    }
                });
                return;
            }
            ui.execute(() -> {
                if (mark.get() == mine) {
                    applyMarks(keys);
                }
            });
        });
    }

    /**
     * What the marked run proved of this object, or null: an object changed after that run ended (a store's times are
     * whole seconds, hence the second of slack) is not the one the run verified.
     */
    private String markOf(Map<String, String> keys, String key, Instant modified) {
        String words = keys.get(key);
        RunRecord run = markedRun.get();
        if (words == null || run == null || modified == null || run.ended() == null) {
            return words;
        }
        return modified.isAfter(run.ended().plusSeconds(1)) ? null : words;
    }

    private void applyMarks(Map<String, String> keys) {
        verified = keys;
        for (int i = 0; i < entries.size(); i++) {
            Entry e = entries.get(i);
            if (!e.folder()) {
                String words = markOf(keys, e.key(), e.modified());
                if (!Objects.equals(words, e.verified())) {
                    entries.set(i, e.verifiedAs(words));
                }
            }
        }
    }

    /** Lists the unfinished uploads under the prefix again, with age and size. */
    public void refreshUnfinished() {
        refreshUnfinished("");
    }

    /** @param before what the message says first (how a clean went), or empty */
    private void refreshUnfinished(String before) {
        if (location == null) {
            return;
        }
        long mine = place.get();
        S3Location at = location;
        String inBucket = bucket;
        String under = prefix;
        unfinishedMessage.set(texts.text("destination.listingUnfinished"));
        background.execute(() -> {
            List<Unfinished> found = new ArrayList<>();
            String failure = null;
            try (S3Bucket store = clients.openStore(at, inBucket, 2)) {
                UnfinishedUploads uploads = new UnfinishedUploads(store);
                Instant now = clock.instant();
                for (UnfinishedUploads.Measured m : uploads.measure(uploads.under(under), MEASURED_UPLOADS)) {
                    Instant started = m.upload().initiated();
                    found.add(new Unfinished(m.upload(), started == null ? null : Duration.between(started, now), m.bytes(), m.parts()));
                }
            } catch (RuntimeException e) {
                failure = words(e);
            }
            String problem = failure;
            ui.execute(() -> {
                if (place.get() != mine) {
                    return;
                }
                if (problem != null) {
                    unfinishedMessage.set(before + problem);
                    return;
                }
                unfinished.setAll(found);
                unfinishedMessage.set(before + (found.isEmpty() ? texts.text("destination.noneUnfinished") : texts.text("destination.unfinishedCount", found.size())));
            });
        });
    }

    /** Asks for the chosen unfinished uploads to be finished: the callback given to the constructor gets them. */
    public void resume(List<Unfinished> chosen) {
        if (chosen == null || chosen.isEmpty() || location == null) {
            unfinishedMessage.set(texts.text("destination.selectResume"));
            return;
        }
        resume.accept(new ResumeRequest(location, bucket, prefix, chosen.stream().map(Unfinished::upload).toList()));
    }

    /** Aborts the chosen unfinished uploads (their parts are deleted), then lists them again. */
    public void clean(List<Unfinished> chosen) {
        if (chosen == null || chosen.isEmpty() || location == null) {
            unfinishedMessage.set(texts.text("destination.selectClean"));
            return;
        }
        List<PendingUpload> targets = chosen.stream().map(Unfinished::upload).toList();
        S3Location at = location;
        String inBucket = bucket;
        background.execute(() -> {
            UnfinishedUploads.Cleaned cleaned;
            try (S3Bucket store = clients.openStore(at, inBucket, 2)) {
                cleaned = new UnfinishedUploads(store).clean(targets);
            } catch (RuntimeException e) {
                cleaned = new UnfinishedUploads.Cleaned(0, targets.size(), words(e));
            }
            UnfinishedUploads.Cleaned done = cleaned;
            ui.execute(() -> refreshUnfinished((done.failure() == null ? texts.text("destination.cleaned", done.aborted(), done.asked())
                    : texts.text("destination.cleanedFailure", done.aborted(), done.asked(), done.failure())) + " "));
        });
    }

    private static String words(RuntimeException e) {
        return e.getMessage() == null || e.getMessage().isBlank() ? "a failure without a description" : e.getMessage();
    }
}
