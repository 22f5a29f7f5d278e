package dev.uploader.gui.destination;

import dev.uploader.format.Sizes;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.ResourceBundle;
import java.util.function.Function;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.SelectionMode;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.ToolBar;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/**
 * The Destination tab: what is at the destination prefix (folders, sizes, dates), which objects the last run there
 * verified, and the unfinished uploads under it with their age and size, to resume or clean.
 */
public final class DestinationView {
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneId.systemDefault());

    private final DestinationViewModel model;
    private final ResourceBundle texts;
    private final Runnable openFromForm;

    /** @param openFromForm opens the destination the New transfer tab names (and marks the last run there) */
    public DestinationView(DestinationViewModel model, ResourceBundle texts, Runnable openFromForm) {
        this.model = model;
        this.texts = texts;
        this.openFromForm = openFromForm;
    }

    public Node build() {
        TableView<DestinationViewModel.Entry> entries = new TableView<>(model.entries);
        entries.setId("destinationEntries");
        entries.setAccessibleText(texts.getString("destination.table"));
        entries.setPlaceholder(new Label(texts.getString("destination.empty")));
        entries.getColumns().add(column("destination.column.name", e -> e.folder() && !e.name().endsWith("/") ? e.name() + "/" : e.name(), 380));
        entries.getColumns().add(column("destination.column.size", e -> e.folder() ? "" : Sizes.bytes(e.size()), 100));
        entries.getColumns().add(column("destination.column.modified", e -> e.modified() == null ? "" : WHEN.format(e.modified()), 140));
        entries.getColumns().add(column("destination.column.verified", e -> e.verified() == null ? "" : "\u2714 " + dev.uploader.gui.history.HistoryView.proofWords(e.verified(), texts), 380));
        entries.setRowFactory(t -> {
            TableRow<DestinationViewModel.Entry> row = new TableRow<>();
            row.setOnMouseClicked(e -> {
                if (e.getClickCount() == 2 && row.getItem() != null && row.getItem().folder()) {
                    model.openFolder(row.getItem());
                }
            });
            return row;
        });

        Button open = new Button(texts.getString("destination.open"));
        open.setId("destinationOpen");
        open.setOnAction(e -> openFromForm.run());
        Button up = new Button(texts.getString("destination.up"));
        up.setOnAction(e -> model.up());
        Button refresh = new Button(texts.getString("destination.refresh"));
        refresh.setOnAction(e -> model.refresh());
        Button more = new Button(texts.getString("destination.more"));
        more.disableProperty().bind(model.more.not());
        more.setOnAction(e -> model.loadMore());
        Label where = new Label();
        where.setId("destinationWhere");
        where.textProperty().bind(model.where);
        Label message = new Label();
        message.textProperty().bind(model.message);
        message.setWrapText(true);

        TableView<DestinationViewModel.Unfinished> unfinished = new TableView<>(model.unfinished);
        unfinished.setId("destinationUnfinished");
        unfinished.setAccessibleText(texts.getString("destination.unfinished"));
        unfinished.getSelectionModel().setSelectionMode(SelectionMode.MULTIPLE);
        unfinished.setPlaceholder(new Label(texts.getString("destination.noUnfinished")));
        unfinished.getColumns().add(column("destination.column.key", u -> u.upload().key(), 380));
        unfinished.getColumns().add(column("destination.column.age", u -> u.age() == null ? "" : Sizes.duration(u.age()), 100));
        unfinished.getColumns().add(column("destination.column.size", u -> u.bytes() < 0 ? "" : Sizes.bytes(u.bytes()), 100));
        unfinished.getColumns().add(column("destination.column.parts", u -> u.parts() < 0 ? "" : Integer.toString(u.parts()), 70));
        Button resume = new Button(texts.getString("destination.resume"));
        resume.disableProperty().bind(unfinished.getSelectionModel().selectedItemProperty().isNull());
        resume.setOnAction(e -> model.resume(List.copyOf(unfinished.getSelectionModel().getSelectedItems())));
        Button clean = new Button(texts.getString("destination.clean"));
        clean.disableProperty().bind(unfinished.getSelectionModel().selectedItemProperty().isNull());
        clean.setOnAction(e -> model.clean(List.copyOf(unfinished.getSelectionModel().getSelectedItems())));
        Label unfinishedMessage = new Label();
        unfinishedMessage.textProperty().bind(model.unfinishedMessage);
        unfinishedMessage.setWrapText(true);

        VBox top = new VBox(6, new ToolBar(open, up, refresh, more, where), message, entries);
        VBox.setVgrow(entries, Priority.ALWAYS);
        VBox bottom = new VBox(6, new Label(texts.getString("destination.unfinished")), new ToolBar(resume, clean), unfinishedMessage, unfinished);
        VBox.setVgrow(unfinished, Priority.ALWAYS);
        top.setPadding(new Insets(6));
        bottom.setPadding(new Insets(6));
        SplitPane split = new SplitPane(top, bottom);
        split.setOrientation(javafx.geometry.Orientation.VERTICAL);
        split.setDividerPositions(0.65);
        return new BorderPane(split);
    }

    private <T> TableColumn<T, String> column(String key, Function<T, String> value, double width) {
        return dev.uploader.gui.TextColumns.of(texts, key, value, width);
    }
}
