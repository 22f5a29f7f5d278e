package dev.uploader.gui;

import dev.uploader.config.JobType;
import dev.uploader.format.Sizes;
import java.io.File;
import java.nio.file.Path;
import java.util.List;
import javafx.application.Platform;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.StringProperty;
import javafx.collections.ObservableList;
import javafx.fxml.FXML;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.stage.DirectoryChooser;
import javafx.stage.FileChooser;
import javafx.stage.Window;

/** Binds main.fxml to the {@link MainViewModel} and forwards clicks; no logic of its own. */
public final class MainView {
    private final MainViewModel model;
    private final Runnable openCredentials;
    private final Runnable openUnfinished;

    @FXML private ComboBox<JobType> jobType;
    @FXML private Label configLabel;
    @FXML private GridPane localPane;
    @FXML private GridPane s3Pane;
    @FXML private GridPane ossPane;
    @FXML private TextField srcDir;
    @FXML private TextField srcFileIndex;
    @FXML private ComboBox<String> srcProfile;
    @FXML private ComboBox<String> srcEndpoint;
    @FXML private ComboBox<String> srcBucket;
    @FXML private ComboBox<String> sourcePrefix;
    @FXML private TextField aliBucket;
    @FXML private TextField aliEndpoint;
    @FXML private TextField ossPrefix;
    @FXML private TextField aliKeyId;
    @FXML private TextField aliKeySecret;
    @FXML private ComboBox<String> desProfile;
    @FXML private ComboBox<String> desEndpoint;
    @FXML private ComboBox<String> desBucket;
    @FXML private ComboBox<String> desPrefix;
    @FXML private TextField maxParallelFile;
    @FXML private TextField maxThread;
    @FXML private TextField chunkSize;
    @FXML private ComboBox<String> storageClass;
    @FXML private TextField maxRetry;
    @FXML private CheckBox verifyMd5;
    @FXML private TextField include;
    @FXML private TextField exclude;
    @FXML private TextField minSize;
    @FXML private TextField maxSize;
    @FXML private TextField newerThan;
    @FXML private TextField olderThan;
    @FXML private CheckBox checksum;
    @FXML private CheckBox keepWatching;
    @FXML private Button saveReportButton;
    @FXML private Button retryButton;
    @FXML private Button startButton;
    @FXML private Button pauseButton;
    @FXML private Button stopButton;
    @FXML private Label status;
    @FXML private Label error;
    @FXML private ProgressBar progressBar;
    @FXML private Label progressText;
    @FXML private TableView<FileRow> filesTable;
    @FXML private TableColumn<FileRow, String> fileColumn;
    @FXML private TableColumn<FileRow, String> sizeColumn;
    @FXML private TableColumn<FileRow, Double> fileProgressColumn;
    @FXML private TableColumn<FileRow, String> stateColumn;
    @FXML private ListView<String> log;
    @FXML private TextArea summary;

    private final java.util.ResourceBundle texts;
    private final WindowCommands commands;
    @FXML private javafx.scene.control.TabPane tabs;
    @FXML private javafx.scene.control.Tab jobTab;
    @FXML private javafx.scene.control.Tab transfersTab;
    @FXML private javafx.scene.control.Tab historyTab;
    @FXML private javafx.scene.control.Tab destinationTab;
    @FXML private javafx.scene.control.RadioMenuItem themeSystem;
    @FXML private javafx.scene.control.RadioMenuItem themeLight;
    @FXML private javafx.scene.control.RadioMenuItem themeDark;
    @FXML private javafx.scene.control.RadioMenuItem languageSystem;
    @FXML private javafx.scene.control.RadioMenuItem languageEnglish;
    @FXML private javafx.scene.control.RadioMenuItem languageChinese;

    public MainView(MainViewModel model, java.util.ResourceBundle texts, WindowCommands commands, Runnable openCredentials, Runnable openUnfinished) {
        this.model = model;
        this.texts = texts;
        this.commands = commands;
        this.openCredentials = openCredentials;
        this.openUnfinished = openUnfinished;
    }

    @FXML
    private void initialize() {
        jobType.getItems().setAll(JobType.values());
        jobType.valueProperty().bindBidirectional(model.jobType);
        configLabel.setText(java.text.MessageFormat.format(texts.getString("main.settingsFile"), model.configFile()));
        WindowPreferences prefs = commands.preferences();
        (switch (prefs.theme()) {
            case LIGHT -> themeLight;
            case DARK -> themeDark;
            default -> themeSystem;
        }).setSelected(true);
        (switch (prefs.language()) {
            case "en" -> languageEnglish;
            case "zh-CN" -> languageChinese;
            default -> languageSystem;
        }).setSelected(true);
        localPane.visibleProperty().bind(model.jobType.isEqualTo(JobType.LOCAL_TO_S3));
        s3Pane.visibleProperty().bind(model.jobType.isEqualTo(JobType.S3_TO_S3));
        ossPane.visibleProperty().bind(model.jobType.isEqualTo(JobType.ALIOSS_TO_S3));
        // only the shown pane takes room
        localPane.managedProperty().bind(localPane.visibleProperty());
        s3Pane.managedProperty().bind(s3Pane.visibleProperty());
        ossPane.managedProperty().bind(ossPane.visibleProperty());

        srcDir.textProperty().bindBidirectional(model.srcDir);
        srcFileIndex.textProperty().bindBidirectional(model.srcFileIndex);
        editable(srcProfile, model.srcProfile, model.profiles);
        editable(srcEndpoint, model.srcEndpoint, null);
        srcEndpoint.getItems().setAll(List.of("AWS", "https://storage.googleapis.com"));
        editable(srcBucket, model.srcBucket, model.srcBuckets);
        editable(sourcePrefix, model.sourcePrefix, model.srcPrefixes);
        aliBucket.textProperty().bindBidirectional(model.aliBucket);
        aliEndpoint.textProperty().bindBidirectional(model.aliEndpoint);
        ossPrefix.textProperty().bindBidirectional(model.sourcePrefix);
        aliKeyId.textProperty().bindBidirectional(model.aliKeyId);
        aliKeySecret.textProperty().bindBidirectional(model.aliKeySecret);

        editable(desProfile, model.desProfile, model.profiles);
        editable(desEndpoint, model.desEndpoint, null);
        desEndpoint.getItems().setAll(List.of("AWS", "https://storage.googleapis.com", "http://127.0.0.1:9000"));
        editable(desBucket, model.desBucket, model.desBuckets);
        editable(desPrefix, model.desPrefix, model.desPrefixes);

        maxParallelFile.textProperty().bindBidirectional(model.maxParallelFile);
        maxThread.textProperty().bindBidirectional(model.maxThread);
        chunkSize.textProperty().bindBidirectional(model.chunkSize);
        editable(storageClass, model.storageClass, null);
        storageClass.getItems().setAll(List.of("STANDARD", "STANDARD_IA", "ONEZONE_IA", "INTELLIGENT_TIERING", "GLACIER_IR", "GLACIER",
                "DEEP_ARCHIVE", "REDUCED_REDUNDANCY", "NEARLINE", "COLDLINE", "ARCHIVE"));
        maxRetry.textProperty().bindBidirectional(model.maxRetry);
        verifyMd5.selectedProperty().bindBidirectional(model.verifyMd5);
        include.textProperty().bindBidirectional(model.include);
        exclude.textProperty().bindBidirectional(model.exclude);
        minSize.textProperty().bindBidirectional(model.minSize);
        maxSize.textProperty().bindBidirectional(model.maxSize);
        newerThan.textProperty().bindBidirectional(model.newerThan);
        olderThan.textProperty().bindBidirectional(model.olderThan);
        checksum.selectedProperty().bindBidirectional(model.checksum);
        keepWatching.selectedProperty().bindBidirectional(model.keepWatching);

        startButton.disableProperty().bind(Bindings.createBooleanBinding(() -> model.state().get().busy(), model.state()));
        startButton.textProperty().bind(Bindings.when(model.state().isEqualTo(JobState.PAUSED)).then(texts.getString("main.resume")).otherwise(texts.getString("main.start")));
        pauseButton.disableProperty().bind(model.state().isNotEqualTo(JobState.RUNNING).or(model.watching()));
        stopButton.disableProperty().bind(Bindings.createBooleanBinding(
                () -> !(model.state().get() == JobState.RUNNING || model.state().get() == JobState.PREPARING || model.state().get() == JobState.PAUSING),
                model.state()));
        saveReportButton.disableProperty().bind(model.lastReport().isNull());
        retryButton.disableProperty().bind(Bindings.createBooleanBinding(
                () -> !model.canRetryFailures().get() || model.state().get().busy(), model.canRetryFailures(), model.state()));
        status.textProperty().bind(model.status);
        error.textProperty().bind(model.error);
        progressBar.progressProperty().bind(model.progress);
        progressText.textProperty().bind(model.progressText);
        summary.textProperty().bind(model.summary);

        filesTable.setItems(model.filesInFlight);
        filesTable.setPlaceholder(new Label(texts.getString("main.noFileInFlight")));
        fileColumn.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().key()));
        sizeColumn.setCellValueFactory(c -> new ReadOnlyStringWrapper(Sizes.bytes(c.getValue().size())));
        stateColumn.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().state()));
        fileProgressColumn.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue().fraction()));
        fileProgressColumn.setCellFactory(c -> new TableCell<>() {
            private final ProgressBar bar = new ProgressBar();

            @Override
            protected void updateItem(Double value, boolean empty) {
                super.updateItem(value, empty);
                if (empty || value == null) {
                    setGraphic(null);
                } else {
                    bar.setProgress(value);
                    bar.setMaxWidth(Double.MAX_VALUE);
                    setGraphic(bar);
                }
            }
        });
        log.setItems(model.log);
        javafx.collections.ListChangeListener<String> follow = c -> {
            if (!model.log.isEmpty()) {
                log.scrollTo(model.log.size() - 1);
            }
        };
        model.log.addListener(follow);
        detach.add(() -> model.log.removeListener(follow));
    }

    /** What this view added to the model, undone when the window is built again in another language. */
    private final List<Runnable> detach = new java.util.ArrayList<>();

    /** This view is replaced: it stops following the model (its controls are gone from the window). */
    void dispose() {
        detach.forEach(Runnable::run);
        detach.clear();
    }

    /** An editable combo box whose text is the model's property and whose choices are the model's list. */
    private void editable(ComboBox<String> box, StringProperty value, ObservableList<String> choices) {
        if (choices != null) {
            box.setItems(choices);
        }
        box.setValue(value.get());
        box.getEditor().setText(value.get());
        box.getEditor().textProperty().addListener((o, before, now) -> {
            if (!now.equals(value.get())) {
                value.set(now);
            }
        });
        box.valueProperty().addListener((o, before, now) -> {
            if (now != null && !now.equals(value.get())) {
                value.set(now);
            }
        });
        javafx.beans.value.ChangeListener<String> follow = (o, before, now) -> {
            if (!now.equals(box.getEditor().getText())) {
                box.getEditor().setText(now);
            }
            if (!now.equals(box.getValue())) {
                box.setValue(now);
            }
        };
        value.addListener(follow);
        detach.add(() -> value.removeListener(follow));
    }

    private Window window() {
        return startButton.getScene().getWindow();
    }

    @FXML
    private void chooseFolder() {
        DirectoryChooser chooser = new DirectoryChooser();
        chooser.setTitle(texts.getString("chooser.folder"));
        File dir = chooser.showDialog(window());
        if (dir != null) {
            model.srcDir.set(dir.getAbsolutePath());
            model.srcFileIndex.set("*");
        }
    }

    @FXML
    private void chooseFile() {
        FileChooser chooser = new FileChooser();
        chooser.setTitle(texts.getString("chooser.file"));
        File file = chooser.showOpenDialog(window());
        if (file != null) {
            Path path = file.toPath().toAbsolutePath();
            model.srcDir.set(path.getParent().toString());
            model.srcFileIndex.set(path.getFileName().toString());
        }
    }

    @FXML
    private void listSourceBuckets() {
        model.listSourceBuckets();
    }

    @FXML
    private void browseSourcePrefixes() {
        model.browseSourcePrefixes();
        sourcePrefix.show();
    }

    @FXML
    private void listDestinationBuckets() {
        model.listDestinationBuckets();
    }

    @FXML
    private void browseDestinationPrefixes() {
        model.browseDestinationPrefixes();
        desPrefix.show();
    }

    @FXML
    private void start() {
        model.start();
    }

    @FXML
    private void pause() {
        model.pause();
    }

    @FXML
    private void stop() {
        model.stop();
    }

    @FXML
    private void saveReport() {
        FileChooser chooser = new FileChooser();
        chooser.setTitle(texts.getString("chooser.report"));
        chooser.setInitialFileName(model.reportFileName());
        chooser.getExtensionFilters().setAll(new FileChooser.ExtensionFilter(texts.getString("chooser.jsonl"), "*.jsonl"),
                new FileChooser.ExtensionFilter(texts.getString("chooser.any"), "*"));
        File file = chooser.showSaveDialog(window());
        if (file != null) {
            model.saveReport(file.toPath());
        }
    }

    @FXML
    private void retryFailures() {
        model.retryFailures();
    }

    @FXML
    private void save() {
        model.save();
    }

    @FXML
    private void exit() {
        Platform.exit();
    }

    @FXML
    private void openCredentials() {
        openCredentials.run();
    }

    @FXML
    private void openUnfinished() {
        openUnfinished.run();
    }

    @FXML
    private void addToQueue() {
        commands.addToQueue();
    }

    /** Shows the queue's tab (after a job was added, or when transfers came back from the last session). */
    public void showTransfers() {
        tabs.getSelectionModel().select(transfersTab);
    }

    /** The New transfer tab, where the error of a job that cannot be added is shown. */
    void showJobError() {
        tabs.getSelectionModel().select(jobTab);
    }

    @FXML
    void showHistory() {
        tabs.getSelectionModel().select(historyTab);
    }

    @FXML
    void showDestination() {
        tabs.getSelectionModel().select(destinationTab);
    }

    @FXML
    void showJob() {
        tabs.getSelectionModel().select(jobTab);
    }

    /** The History and Destination tabs' content, built by the window. */
    void setTabContent(javafx.scene.Node history, javafx.scene.Node destination) {
        historyTab.setContent(history);
        destinationTab.setContent(destination);
    }

    @FXML
    private void themeSystem() {
        commands.theme(WindowPreferences.Theme.SYSTEM);
    }

    @FXML
    private void themeLight() {
        commands.theme(WindowPreferences.Theme.LIGHT);
    }

    @FXML
    private void themeDark() {
        commands.theme(WindowPreferences.Theme.DARK);
    }

    @FXML
    private void languageSystem() {
        commands.language("auto");
    }

    @FXML
    private void languageEnglish() {
        commands.language("en");
    }

    @FXML
    private void languageChinese() {
        commands.language("zh-CN");
    }
}
