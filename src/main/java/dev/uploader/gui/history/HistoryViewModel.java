package dev.uploader.gui.history;

import dev.uploader.i18n.Texts;
import dev.uploader.history.RunDetails;
import dev.uploader.history.RunHistory;
import dev.uploader.history.RunRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The history pane: the runs of this user's jobs, newest first, and what the selected one did file by file. Reading
 * goes to the background executor; properties and lists change on the ui executor only.
 */
public final class HistoryViewModel {
    /** Every run kept, newest first. */
    public final ObservableList<RunRecord> runs = FXCollections.observableArrayList();
    /** The run whose details are shown, or null. */
    public final ObjectProperty<RunRecord> selected = new SimpleObjectProperty<>();
    /** The selected run's files, as its report names them; empty while it has no readable report. */
    public final ObservableList<RunDetails.Row> rows = FXCollections.observableArrayList();
    /** The selected run's failed files, each with its reason. */
    public final ObservableList<RunDetails.Row> failures = FXCollections.observableArrayList();
    public final ObjectProperty<Path> reportFile = new SimpleObjectProperty<>();
    public final ObjectProperty<Path> logFile = new SimpleObjectProperty<>();
    /** What the pane says: counts, or why something could not be read. */
    public final StringProperty message = new SimpleStringProperty("");
    /** While the history or a run's report is being read. */
    public final BooleanProperty busy = new SimpleBooleanProperty(false);
    /** The window's language; English until the window sets its own. */
    private volatile Texts texts = Texts.window(java.util.Locale.ENGLISH);

    /** The language its messages are said in. */
    public void setTexts(Texts texts) {
        this.texts = texts;
    }

    private final ReadOnlyBooleanWrapper canRetry = new ReadOnlyBooleanWrapper(false);

    private final RunHistory history;
    private final Function<Path, RunDetails> reports;
    private final Consumer<RetryRequest> retry;
    private final Executor background;
    private final Executor ui;
    /** Only the newest selection's details are shown: a slow read of an older one is dropped. */
    private final AtomicLong selection = new AtomicLong();

    /**
     * @param retry called, on the thread that calls {@link #retryFailures} (the ui thread), with a run's failures to send
     *              again; the window queues the job
     */
    public HistoryViewModel(RunHistory history, Consumer<RetryRequest> retry, Executor background, Executor ui) {
        this(history, RunDetails::read, retry, background, ui);
    }

    HistoryViewModel(RunHistory history, Function<Path, RunDetails> reports, Consumer<RetryRequest> retry, Executor background, Executor ui) {
        this.history = Objects.requireNonNull(history, "history");
        this.reports = Objects.requireNonNull(reports, "reports");
        this.retry = Objects.requireNonNull(retry, "retry");
        this.background = Objects.requireNonNull(background, "background");
        this.ui = Objects.requireNonNull(ui, "ui");
        selected.addListener((o, before, now) -> canRetry.set(now != null && now.canRetryFailures()));
    }

    /** Whether the selected run has failures that {@link #retryFailures} can send again. */
    public ReadOnlyBooleanProperty canRetryProperty() {
        return canRetry.getReadOnlyProperty();
    }

    /** Reads the history again; the selection is kept when its run is still there. */
    public void refresh() {
        busy.set(true);
        background.execute(() -> {
            List<RunRecord> found;
            try {
                found = history.list();
            } catch (RuntimeException e) {
                String why = words(e);
                ui.execute(() -> {
                    busy.set(false);
                    message.set(texts.text("history.cannotRead", why));
                });
                return;
            }
            ui.execute(() -> {
                busy.set(false);
                RunRecord was = selected.get();
                runs.setAll(found);
                message.set(found.isEmpty() ? texts.text("history.none") : texts.text("history.count", found.size()));
                if (was != null && found.stream().noneMatch(r -> r.id().equals(was.id()))) {
                    select(null);
                }
            });
        });
    }

    /** Shows a run's details: its report read in the background; null clears them. */
    public void select(RunRecord run) {
        long mine = selection.incrementAndGet();
        selected.set(run);
        rows.clear();
        failures.clear();
        reportFile.set(run == null ? null : run.report());
        logFile.set(run == null || run.log() == null || !Files.exists(run.log()) ? null : run.log());
        if (run == null) {
            return;
        }
        if (run.report() == null) {
            message.set(texts.text("history.noReport", run.outcomeWords()));
            return;
        }
        busy.set(true);
        background.execute(() -> {
            RunDetails details;
            try {
                details = reports.apply(run.report());
            } catch (RuntimeException e) {
                String why = words(e);
                ui.execute(() -> {
                    if (selection.get() == mine) {
                        busy.set(false);
                        reportFile.set(null);
                        message.set(why);
                    }
                });
                return;
            }
            List<RunDetails.Row> failed = details.failures();
            ui.execute(() -> {
                if (selection.get() != mine) {
                    return;
                }
                busy.set(false);
                rows.setAll(details.rows());
                failures.setAll(failed);
                message.set(details.fatalError() == null ? texts.text("history.details", details.rows().size(), failed.size())
                        : texts.text("history.detailsStopped", details.rows().size(), failed.size(), details.fatalError()));
            });
        });
    }

    /**
     * Asks for the run's failed files to be sent again, with the config it ran with: the callback given to the
     * constructor gets the request. Says why not when the run has no failures list or no config file.
     */
    public void retryFailures(RunRecord run) {
        if (run == null) {
            message.set(texts.text("history.chooseRun"));
            return;
        }
        if (run.totals().failed() == 0) {
            message.set(texts.text("history.nothingFailed"));
            return;
        }
        if (run.failuresList() == null || !Files.isRegularFile(run.failuresList())) {
            message.set(texts.text("history.noFailuresList", run.failuresList() == null ? "" : run.failuresList()));
            return;
        }
        if (run.config() == null || !Files.isRegularFile(run.config())) {
            message.set(texts.text("history.noConfig", run.config() == null ? "" : run.config()));
            return;
        }
        retry.accept(new RetryRequest(run, run.config(), run.failuresList()));
        message.set(texts.text("history.retrying", run.totals().failed()));
    }

    private static String words(RuntimeException e) {
        return e.getMessage() == null || e.getMessage().isBlank() ? "a failure without a description" : e.getMessage();
    }
}
