package dev.uploader.gui.queue;

import dev.uploader.engine.UploadJob;
import dev.uploader.engine.watch.FolderWatch;
import java.nio.file.Path;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * One transfer of the queue as the window shows it: its state, progress, rate, ETA, speed chart, log and result.
 * Properties change on the UI thread only; the fields a run uses to be stopped are set by the run's thread.
 */
public final class Transfer {
    static final int LOG_LINES = 500;

    private final TransferSpec spec;
    /** An OSS secret typed into the window for this session only: never written to the queue's file. */
    private final String sessionSecret;
    public final ObjectProperty<TransferState> state = new SimpleObjectProperty<>(TransferState.QUEUED);
    public final DoubleProperty progress = new SimpleDoubleProperty(0);
    /** "1.2 GiB of 4.0 GiB, 12 of 40 files". */
    public final StringProperty done = new SimpleStringProperty("");
    public final StringProperty rate = new SimpleStringProperty("");
    public final StringProperty eta = new SimpleStringProperty("");
    /** The last thing that happened, in words: the result once it ended. */
    public final StringProperty status = new SimpleStringProperty("");
    /** The summary of the last run, as the command line prints it. */
    public final StringProperty summary = new SimpleStringProperty("");
    public final ObjectProperty<Path> report = new SimpleObjectProperty<>();
    public final ObservableList<RatePoint> chart = FXCollections.observableArrayList();
    public final ObservableList<String> log = FXCollections.observableArrayList();
    final RateHistory rates = new RateHistory();

    /**
     * The next run goes on from an earlier one (restored after a restart, resumed, re-run): its status says "resuming".
     * Every queued run resumes the unfinished uploads it finds, whatever this says (parts are reused only where proven).
     */
    volatile boolean resume;
    volatile UploadJob running;
    volatile FolderWatch watching;
    /** The state a stop asked for: PAUSED, CANCELLED, or QUEUED when the app closes. */
    volatile TransferState afterStop;
    /** When its last run started; null before it ever ran. */
    volatile java.time.Instant startedAt;

    Transfer(TransferSpec spec, String sessionSecret) {
        this.spec = spec;
        this.sessionSecret = sessionSecret;
    }

    /** For bindings that follow the selected transfer's state. */
    public ObjectProperty<TransferState> stateProperty() {
        return state;
    }

    /** When its last run started; null before it ever ran. */
    public java.time.Instant startedAt() {
        return startedAt;
    }

    public TransferSpec spec() {
        return spec;
    }

    public String title() {
        return spec.title();
    }

    String sessionSecret() {
        return sessionSecret;
    }

    /** Asks the run to stop: parts in flight finish (or get their few seconds), nothing new starts. */
    void stopRun(TransferState then) {
        afterStop = then;
        UploadJob job = running;
        if (job != null) {
            job.stop();
        }
        FolderWatch folder = watching;
        if (folder != null) {
            folder.stop();
        }
    }

    void said(String line) {
        log.add(line);
        if (log.size() > LOG_LINES) {
            log.remove(0, log.size() - LOG_LINES);
        }
    }

    @Override
    public String toString() {
        return spec.title() + " (" + state.get() + ")";
    }
}
