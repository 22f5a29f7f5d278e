package dev.uploader.gui.queue;

import java.util.ArrayList;
import java.util.List;
import java.util.ResourceBundle;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.ListChangeListener;
import javafx.fxml.FXML;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.Spinner;
import javafx.scene.control.SpinnerValueFactory;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;

/**
 * The Transfers tab: the queue's transfersTable (state, progress, rate, ETA), its buttons, and the selected transfer's speed
 * chart, transferSummary and transferLog. Binds and forwards; the queue does the work.
 */
public final class TransfersView {
    private final TransferQueue queue;
    private final Runnable addFromForm;
    private final ResourceBundle texts;

    @FXML private Button transferAddButton;
    @FXML private Button transferPauseButton;
    @FXML private Button transferResumeButton;
    @FXML private Button transferCancelButton;
    @FXML private Button transferRerunButton;
    @FXML private Button transferRemoveButton;
    @FXML private Button transferUpButton;
    @FXML private Button transferDownButton;
    @FXML private Spinner<Integer> transferSideBySide;
    @FXML private TableView<Transfer> transfersTable;
    @FXML private TableColumn<Transfer, String> transferTitleColumn;
    @FXML private TableColumn<Transfer, TransferState> transferStateColumn;
    @FXML private TableColumn<Transfer, Number> transferProgressColumn;
    @FXML private TableColumn<Transfer, String> transferDoneColumn;
    @FXML private TableColumn<Transfer, String> transferRateColumn;
    @FXML private TableColumn<Transfer, String> transferEtaColumn;
    @FXML private LineChart<Number, Number> transferRateChart;
    @FXML private LineChart<Number, Number> transferFlightChart;
    @FXML private Label transferStatus;
    @FXML private TextArea transferSummary;
    @FXML private Label transferReport;
    @FXML private ListView<String> transferLog;
    @FXML private Label transferError;

    /** Undoes what this view added to the queue's properties. */
    private Runnable detach = () -> {
    };
    private final XYChart.Series<Number, Number> rateSeries = new XYChart.Series<>();
    private final XYChart.Series<Number, Number> flightSeries = new XYChart.Series<>();
    /** New points are added to the chart's series; anything else draws it again. */
    private final ListChangeListener<RatePoint> chartFollows = c -> {
        boolean onlyAdded = true;
        List<RatePoint> added = new ArrayList<>();
        while (c.next()) {
            if (c.wasAdded() && !c.wasRemoved() && c.getFrom() == c.getList().size() - c.getAddedSize()) {
                added.addAll(c.getAddedSubList());
            } else {
                onlyAdded = false;
            }
        }
        if (onlyAdded) {
            for (RatePoint p : added) {
                rateSeries.getData().add(new XYChart.Data<>(p.seconds(), p.bytesPerSecond() / (1024 * 1024)));
                flightSeries.getData().add(new XYChart.Data<>(p.seconds(), p.filesInFlight()));
            }
        } else {
            redraw(c.getList());
        }
    };

    /** @param addFromForm adds the job of the form to the queue (the window's New transfer tab) */
    public TransfersView(TransferQueue queue, Runnable addFromForm, ResourceBundle texts) {
        this.queue = queue;
        this.addFromForm = addFromForm;
        this.texts = texts;
    }

    @FXML
    private void initialize() {
        transfersTable.setItems(queue.transfers);
        transfersTable.setPlaceholder(new Label(texts.getString("transfers.empty")));
        transferTitleColumn.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue().title()));
        transferStateColumn.setCellValueFactory(c -> c.getValue().state);
        transferStateColumn.setCellFactory(c -> new TableCell<>() {
            @Override
            protected void updateItem(TransferState value, boolean empty) {
                super.updateItem(value, empty);
                setText(empty || value == null ? null : stateWords(value));
            }
        });
        transferProgressColumn.setCellValueFactory(c -> c.getValue().progress);
        transferProgressColumn.setCellFactory(c -> new TableCell<>() {
            private final ProgressBar bar = new ProgressBar();

            @Override
            protected void updateItem(Number value, boolean empty) {
                super.updateItem(value, empty);
                if (empty || value == null) {
                    setGraphic(null);
                } else {
                    bar.setProgress(value.doubleValue());
                    bar.setMaxWidth(Double.MAX_VALUE);
                    bar.setAccessibleText(Math.round(value.doubleValue() * 100) + " %");
                    setGraphic(bar);
                }
            }
        });
        transferDoneColumn.setCellValueFactory(c -> c.getValue().done);
        transferRateColumn.setCellValueFactory(c -> c.getValue().rate);
        transferEtaColumn.setCellValueFactory(c -> c.getValue().eta);

        icon(transferAddButton, "+");
        icon(transferPauseButton, "\u2016");
        icon(transferResumeButton, "\u25B6");
        icon(transferCancelButton, "\u25A0");
        icon(transferRerunButton, "\u21BB");
        icon(transferRemoveButton, "\u2716");
        icon(transferUpButton, "\u25B2");
        icon(transferDownButton, "\u25BC");
        transferSideBySide.setValueFactory(new SpinnerValueFactory.IntegerSpinnerValueFactory(1, TransferQueue.MOST_SIDE_BY_SIDE, queue.sideBySide.get()));
        transferSideBySide.valueProperty().addListener((o, before, now) -> queue.sideBySide.set(now));
        javafx.beans.value.ChangeListener<Number> follow = (o, before, now) -> transferSideBySide.getValueFactory().setValue(now.intValue());
        queue.sideBySide.addListener(follow);
        detach = () -> queue.sideBySide.removeListener(follow);

        var selected = transfersTable.getSelectionModel().selectedItemProperty();
        transferPauseButton.disableProperty().bind(when(selected, s -> s == TransferState.QUEUED || s == TransferState.PLANNING || s == TransferState.RUNNING));
        transferResumeButton.disableProperty().bind(when(selected, s -> s == TransferState.PAUSED));
        transferCancelButton.disableProperty().bind(when(selected, s -> s == TransferState.QUEUED || s == TransferState.PAUSED
                || s == TransferState.PLANNING || s == TransferState.RUNNING || s == TransferState.PAUSING));
        transferRerunButton.disableProperty().bind(when(selected, TransferState::ended));
        transferRemoveButton.disableProperty().bind(when(selected, s -> !s.active()));
        transferUpButton.disableProperty().bind(when(selected, s -> s == TransferState.QUEUED || s == TransferState.PAUSED));
        transferDownButton.disableProperty().bind(when(selected, s -> s == TransferState.QUEUED || s == TransferState.PAUSED));

        rateSeries.setName(texts.getString("transfers.chart.rate"));
        flightSeries.setName(texts.getString("transfers.chart.inFlight"));
        transferRateChart.getData().add(rateSeries);
        transferFlightChart.getData().add(flightSeries);
        transferError.textProperty().bind(queue.error);
        selected.addListener((o, before, now) -> show(before, now));
        transferLog.setPlaceholder(new Label(texts.getString("transfers.noSelection")));
    }

    /** A symbol before the button's words: seen at a glance, the same in both languages. */
    private static void icon(Button button, String symbol) {
        Label glyph = new Label(symbol);
        glyph.getStyleClass().add("button-icon");
        button.setGraphic(glyph);
    }

    /** Disabled unless a transfer is selected and its state passes {@code allowed}; follows the state as it changes. */
    private BooleanBinding when(javafx.beans.value.ObservableValue<Transfer> selected, java.util.function.Predicate<TransferState> allowed) {
        return Bindings.createBooleanBinding(() -> {
            Transfer t = selected.getValue();
            return t == null || !allowed.test(t.state.get());
        }, selected, Bindings.select(selected, "state"));
    }

    /** The selected transfer's chart, transferSummary and transferLog. */
    private void show(Transfer before, Transfer now) {
        if (before != null) {
            before.chart.removeListener(chartFollows);
        }
        transferStatus.textProperty().unbind();
        transferSummary.textProperty().unbind();
        transferReport.textProperty().unbind();
        if (now == null) {
            transferStatus.setText("");
            transferSummary.setText("");
            transferReport.setText("");
            transferLog.setItems(javafx.collections.FXCollections.observableArrayList());
            redraw(List.of());
            return;
        }
        transferStatus.textProperty().bind(now.status);
        transferSummary.textProperty().bind(now.summary);
        transferReport.textProperty().bind(Bindings.createStringBinding(() -> now.report.get() == null ? ""
                : texts.getString("transfers.report") + " " + now.report.get(), now.report));
        transferLog.setItems(now.log);
        now.chart.addListener(chartFollows);
        redraw(now.chart);
    }

    private void redraw(List<? extends RatePoint> points) {
        List<XYChart.Data<Number, Number>> rates = new ArrayList<>(points.size());
        List<XYChart.Data<Number, Number>> flights = new ArrayList<>(points.size());
        for (RatePoint p : points) {
            rates.add(new XYChart.Data<>(p.seconds(), p.bytesPerSecond() / (1024 * 1024)));
            flights.add(new XYChart.Data<>(p.seconds(), p.filesInFlight()));
        }
        rateSeries.getData().setAll(rates);
        flightSeries.getData().setAll(flights);
    }

    /** A state in the window's language. */
    public String stateWords(TransferState state) {
        return texts.getString("state." + state.name());
    }

    /** This view is replaced (the window is built again in another language): it stops following the transfers. */
    public void dispose() {
        show(transfersTable.getSelectionModel().getSelectedItem(), null);
        detach.run();
    }

    /** Selects a transfer (a new one, to show it). */
    public void select(Transfer t) {
        transfersTable.getSelectionModel().select(t);
    }

    /** The transfer selected, or null. */
    public Transfer selected() {
        return transfersTable.getSelectionModel().getSelectedItem();
    }

    @FXML
    private void add() {
        addFromForm.run();
    }

    @FXML
    private void pause() {
        if (selected() != null) {
            queue.pause(selected());
        }
    }

    @FXML
    private void resume() {
        if (selected() != null) {
            queue.resume(selected());
        }
    }

    @FXML
    private void cancel() {
        if (selected() != null) {
            queue.cancel(selected());
        }
    }

    @FXML
    private void rerun() {
        if (selected() != null) {
            queue.rerun(selected());
        }
    }

    @FXML
    private void remove() {
        if (selected() != null) {
            queue.remove(selected());
        }
    }

    @FXML
    private void up() {
        Transfer t = selected();
        if (t != null) {
            queue.move(t, -1);
            transfersTable.getSelectionModel().select(t);
        }
    }

    @FXML
    private void down() {
        Transfer t = selected();
        if (t != null) {
            queue.move(t, 1);
            transfersTable.getSelectionModel().select(t);
        }
    }
}
