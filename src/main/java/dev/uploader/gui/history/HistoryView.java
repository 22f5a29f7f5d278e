package dev.uploader.gui.history;

import dev.uploader.format.Sizes;
import dev.uploader.history.RunDetails;
import dev.uploader.history.RunRecord;
import java.text.MessageFormat;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ResourceBundle;
import java.util.function.Function;
import javafx.beans.binding.Bindings;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.ToolBar;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/** The History tab: past runs of this machine (the app's and the command line's), and the chosen run's files and failures. */
public final class HistoryView {
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneId.systemDefault());

    private final HistoryViewModel model;
    private final ResourceBundle texts;

    public HistoryView(HistoryViewModel model, ResourceBundle texts) {
        this.model = model;
        this.texts = texts;
    }

    private TableView<RunRecord> runs;

    /** Chooses a run, as a click on its row does. */
    public void select(RunRecord run) {
        runs.getSelectionModel().select(run);
    }

    public Node build() {
        runs = new TableView<>(model.runs);
        runs.setId("historyRuns");
        runs.setAccessibleText(texts.getString("history.runs"));
        runs.setPlaceholder(new Label(texts.getString("history.empty")));
        runs.getColumns().add(column("history.column.ended", r -> WHEN.format(r.ended()), 150));
        runs.getColumns().add(column("history.column.origin", r -> texts.getString("history.origin." + r.origin().name()), 90));
        runs.getColumns().add(column("history.column.transfer", r -> r.source() + " -> " + r.destination(), 360));
        runs.getColumns().add(column("history.column.outcome", r -> texts.getString("history.outcome." + r.outcome().name()), 110));
        runs.getColumns().add(column("history.column.files", r -> MessageFormat.format(texts.getString("history.files"), r.totals().uploaded(),
                r.totals().skipped(), r.totals().failed()), 200));
        runs.getColumns().add(column("history.column.sent", r -> Sizes.bytes(r.totals().bytesSent()), 90));
        runs.getSelectionModel().selectedItemProperty().addListener((o, before, now) -> {
            if (now != null) {
                model.select(now);
            }
        });

        TableView<RunDetails.Row> rows = new TableView<>(model.rows);
        rows.setId("historyRows");
        rows.setAccessibleText(texts.getString("history.rows"));
        rows.setPlaceholder(new Label(texts.getString("history.noRun")));
        rows.getColumns().add(column("history.column.key", r -> r.key() != null ? r.key() : r.source(), 340));
        rows.getColumns().add(column("history.column.size", r -> r.size() < 0 ? "" : Sizes.bytes(r.size()), 90));
        rows.getColumns().add(column("history.column.status", r -> texts.getString("history.status." + r.status().name()), 90));
        rows.getColumns().add(column("history.column.proof", r -> r.detail() != null && r.verifiedWords() == null ? r.detail()
                : r.verifiedWords() == null ? "" : proofWords(r.verifiedWords(), texts), 420));

        Button refresh = new Button(texts.getString("history.refresh"));
        refresh.setOnAction(e -> model.refresh());
        Button retry = new Button(texts.getString("history.retry"));
        retry.setId("historyRetry");
        retry.setAccessibleText(texts.getString("history.retry.accessible"));
        retry.disableProperty().bind(model.canRetryProperty().not());
        retry.setOnAction(e -> {
            RunRecord run = runs.getSelectionModel().getSelectedItem();
            if (run != null) {
                model.retryFailures(run);
            }
        });
        Label message = new Label();
        message.setId("historyMessage");
        message.textProperty().bind(model.message);
        message.setWrapText(true);
        TextField report = path();
        report.textProperty().bind(Bindings.createStringBinding(() -> model.reportFile.get() == null ? "" : model.reportFile.get().toString(),
                model.reportFile));
        TextField log = path();
        log.textProperty().bind(Bindings.createStringBinding(() -> model.logFile.get() == null ? "" : model.logFile.get().toString(),
                model.logFile));
        VBox details = new VBox(6, new ToolBar(refresh, retry), message, labeled("history.report", report), labeled("history.log", log), rows);
        details.setPadding(new Insets(6));
        VBox.setVgrow(rows, Priority.ALWAYS);
        SplitPane split = new SplitPane(runs, details);
        split.setOrientation(javafx.geometry.Orientation.VERTICAL);
        split.setDividerPositions(0.4);
        model.refresh();
        return new BorderPane(split);
    }

    private TextField path() {
        TextField f = new TextField();
        f.setEditable(false);
        return f;
    }

    private Node labeled(String key, TextField field) {
        Label label = new Label(texts.getString(key));
        label.setLabelFor(field);
        field.setAccessibleText(texts.getString(key));
        javafx.scene.layout.HBox box = new javafx.scene.layout.HBox(6, label, field);
        javafx.scene.layout.HBox.setHgrow(field, Priority.ALWAYS);
        return box;
    }

    private <T> TableColumn<T, String> column(String key, Function<T, String> value, double width) {
        return dev.uploader.gui.TextColumns.of(texts, key, value, width);
    }

    /**
     * What a report says was proven, in the window's language: the report keeps the engine's words (English, so that a
     * report reads the same everywhere); a proof is known by them. Other words (a reason) stay as they are.
     */
    public static String proofWords(String words, ResourceBundle texts) {
        for (dev.uploader.engine.Proof proof : dev.uploader.engine.Proof.values()) {
            if (proof.words().equals(words)) {
                return texts.getString("proven." + proof.name());
            }
        }
        return words;
    }
}
