package dev.uploader.gui;

import dev.uploader.i18n.Texts;
import atlantafx.base.theme.PrimerDark;
import atlantafx.base.theme.PrimerLight;
import dev.uploader.config.AppDirectories;
import dev.uploader.credentials.AwsProfileFiles;
import dev.uploader.credentials.OssKeyFile;
import dev.uploader.credentials.OssKeys;
import dev.uploader.gui.queue.QueueFile;
import dev.uploader.gui.queue.Transfer;
import dev.uploader.gui.queue.TransferQueue;
import dev.uploader.gui.queue.TransferSpec;
import dev.uploader.gui.queue.TransferState;
import dev.uploader.gui.queue.TransfersView;
import dev.uploader.run.JobRunner;
import dev.uploader.gui.destination.DestinationView;
import dev.uploader.gui.destination.DestinationViewModel;
import dev.uploader.gui.destination.ResumeRequest;
import dev.uploader.gui.history.HistoryView;
import dev.uploader.gui.history.HistoryViewModel;
import dev.uploader.gui.history.RetryRequest;
import dev.uploader.history.RunHistory;
import dev.uploader.history.RunRecord;
import dev.uploader.i18n.LanguageChoice;
import dev.uploader.run.RunRecorder;
import dev.uploader.storage.S3ClientFactory;
import dev.uploader.storage.local.FileResumeLedger;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.text.MessageFormat;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.ResourceBundle;
import java.util.concurrent.Executor;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.fxml.FXMLLoader;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.Alert;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.input.DragEvent;
import javafx.scene.input.TransferMode;
import javafx.stage.Stage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the main window on a stage from its parts, so that the app and the tests assemble it the same way
 * (the tests with their own folders, store and credentials files): the New transfer form, the transfer queue, the
 * history and the destination; the theme and the language; files dropped onto the window; the notice when a
 * transfer ends.
 */
public final class DesktopWindow implements WindowCommands {
    private static final Logger LOG = LoggerFactory.getLogger(DesktopWindow.class);
    /** A transfer that ran at least this long gets a notice when it ends. */
    static final Duration LONG_TRANSFER = Duration.ofSeconds(30);

    private final MainViewModel model;
    private final TransferQueue queue;
    private final AwsProfileFiles profiles;
    private final OssKeyFile ossKeys;
    private final S3ClientFactory clients;
    private final Executor background;
    private final Path preferencesFile;
    private final Map<String, String> env;
    private final DoneNotice notice;
    private WindowPreferences preferences;
    private ResourceBundle texts;
    /** The dialogs' texts (shared with the command line), in the window's language. */
    private Texts messages = Texts.english();
    private Stage stage;
    private MainView mainView;
    private TransfersView transfersView;
    private HistoryView historyView;
    private Duration longTransfer = LONG_TRANSFER;
    private final RunHistory history;
    private final HistoryViewModel historyModel;
    private final DestinationViewModel destinationModel;
    /** This process's log file, for the history's records; null when it keeps none. */
    private volatile Path logFile;

    public DesktopWindow(Path configFile, AppDirectories directories, AwsProfileFiles profiles, S3ClientFactory clients,
                         Map<String, String> env, Executor background) {
        this.profiles = profiles;
        this.ossKeys = OssKeyFile.in(directories);
        this.clients = clients;
        this.background = background;
        this.preferencesFile = directories.userConfigDir().resolve("desktop.properties");
        this.env = Map.copyOf(env);
        this.preferences = WindowPreferences.read(preferencesFile);
        this.history = new RunHistory(directories.historyDir());
        JobRunner runner = new JobRunner(clients, job -> new FileResumeLedger(directories.resumeDir()), new RunRecorder(history, () -> logFile));
        this.model = new MainViewModel(configFile, directories.reportDir(), env, clients, runner, background, Platform::runLater);
        model.setOssKeyLookup(this::savedOssKey);
        this.queue = new TransferQueue(new QueueFile(directories.reportDir().resolveSibling("transfers.properties")), directories.reportDir(), env,
                runner, this::savedOssKey, background, Platform::runLater);
        queue.sideBySide.set(preferences.sideBySide());
        queue.sideBySide.addListener((o, before, now) -> savePreferences(preferences.withSideBySide(now.intValue())));
        this.notice = new DoneNotice(background);
        this.historyModel = new HistoryViewModel(history, this::retry, background, Platform::runLater);
        this.destinationModel = new DestinationViewModel(clients, this::resume, background, Platform::runLater);
        queue.setOnEnded(this::ended);
        model.state().addListener((o, before, now) -> {
            if (now == JobState.IDLE) {
                historyModel.refresh();
            }
        });
    }

    public HistoryViewModel history() {
        return historyModel;
    }

    public DestinationViewModel destination() {
        return destinationModel;
    }

    /**
     * "Retry failures" of a past run: a transfer of its config file with only the names in its failures list, once the
     * config file is seen to give the same source and destination the run had (a command line's options or the
     * window's unsaved values are not in the history: the names would be read from another place and sent to another).
     */
    private void retry(RetryRequest request) {
        RunRecord run = request.run();
        background.execute(() -> {
            String refused = null;
            try {
                var job = TransferSpec.jobOf(request.config(), Map.of(), env, this::savedOssKey);
                if (!job.pairs().isEmpty()) {
                    refused = texts().getString("history.retry.pairs");
                } else {
                    try (var stores = dev.uploader.storage.JobStores.open(job, clients, null)) {
                        String source = stores.source().describe();
                        String destination = RunRecorder.destinationWords(dev.uploader.run.RunRequest.of(job, null, null, null,
                                RunRecord.Origin.APP), stores.destinationText());
                        if (!source.equals(run.source()) || !destination.equals(run.destination())) {
                            refused = MessageFormat.format(texts().getString("history.retry.moved"), request.config(), source, destination);
                        }
                    }
                }
            } catch (RuntimeException e) {
                refused = MainViewModel.words(e);
            }
            String why = refused;
            Platform.runLater(() -> {
                if (why != null) {
                    historyModel.message.set(why);
                    return;
                }
                Transfer t = queue.add(TransferQueue.spec(run.source() + " -> " + run.destination(), request.config(), Map.of(),
                        request.failuresList(), false));
                showTransfer(t);
            });
        });
    }

    /**
     * "Resume" of unfinished uploads in the Destination tab: the New transfer tab's job, queued, resumes them (a queued
     * transfer resumes what it finds, parts reused only where proven) when they are under its destination on its
     * store; anything else is said.
     */
    private void resume(ResumeRequest request) {
        boolean sameStore = java.util.Objects.equals(request.location().endpoint(), model.destinationLocation().endpoint())
                && request.bucket().equals(model.desBucket.get().trim());
        String prefix = model.desPrefix.get().trim();
        if (!sameStore || !request.uploads().stream().allMatch(u -> u.key().startsWith(prefix))) {
            destinationModel.unfinishedMessage.set(MessageFormat.format(texts.getString("destination.otherJob"), request.bucket()));
            return;
        }
        addToQueue();
    }

    /** Opens the New transfer tab's destination in the Destination tab and marks what the last run there verified. */
    private void openDestination() {
        String bucket = model.desBucket.get().trim();
        java.net.URI endpoint = model.destinationLocation().endpoint();
        destinationModel.open(model.destinationLocation(), bucket, model.desPrefix.get().trim());
        background.execute(() -> {
            RunRecord last = history.list().stream().filter(r -> r.report() != null && sameBucket(r.destination(), bucket, endpoint))
                    .findFirst().orElse(null);
            Platform.runLater(() -> destinationModel.markVerified(last));
        });
    }

    /** Whether a run's destination words ({@link RunRecorder#destinationWords}) name this bucket on this store. */
    static boolean sameBucket(String destination, String bucket, java.net.URI endpoint) {
        String path;
        if (endpoint == null) {
            if (destination.contains(" at ")) {
                return false; // another store's
            }
            path = destination;
        } else {
            String at = " at " + endpoint;
            if (!destination.endsWith(at)) {
                return false;
            }
            path = destination.substring(0, destination.length() - at.length());
        }
        return path.equals("s3://" + bucket) || path.startsWith("s3://" + bucket + "/");
    }

    /** The app's log file, named in the history's records. */
    public void setLogFile(Path logFile) {
        this.logFile = logFile;
    }

    public MainViewModel model() {
        return model;
    }

    public TransferQueue queue() {
        return queue;
    }

    /** The texts the window shows now, in its language. */
    public ResourceBundle texts() {
        return texts;
    }

    /** Tests: a notice for every transfer that ends, however short. */
    void noticeEveryTransfer() {
        longTransfer = Duration.ZERO;
    }

    /** Loads the config file into the window, shows it, brings back the queue, and opens the credential dialog when there are no credentials. */
    public void show(Stage stage) {
        this.stage = stage;
        model.load();
        refreshProfiles();
        applyTheme();
        stage.setScene(new Scene(build()));
        stage.getScene().setOnDragOver(this::dragOver);
        stage.getScene().setOnDragDropped(this::dropped);
        model.setUnfinishedPrompt(Dialogs.unfinishedPrompt(stage, messages));
        var icon = DesktopWindow.class.getResource("/icons/uploader.png");
        if (icon != null) {
            stage.getIcons().add(new javafx.scene.image.Image(icon.toExternalForm()));
        }
        queue.restore();
        if (!queue.transfers.isEmpty() || !queue.error.get().isEmpty()) {
            mainView.showTransfers();
        }
        stage.show();
        LOG.info("window shown {} ms after the JVM started",
                System.currentTimeMillis() - java.lang.management.ManagementFactory.getRuntimeMXBean().getStartTime());
        if (!hasCredentials()) {
            Platform.runLater(this::openCredentials);
        }
    }

    /** The window's content in its language: loaded again when the language changes (the view models stay). */
    private Parent build() {
        Locale locale = locale(preferences.language());
        messages = Texts.messages(locale);
        Texts language = Texts.window(locale);
        texts = language.bundle();
        model.setTexts(language);
        queue.setTexts(language);
        historyModel.setTexts(language);
        destinationModel.setTexts(language);
        stage.setTitle(texts.getString("main.title"));
        FXMLLoader loader = new FXMLLoader(DesktopWindow.class.getResource("/fxml/main.fxml"), texts);
        loader.setControllerFactory(type -> {
            if (type == TransfersView.class) {
                transfersView = new TransfersView(queue, this::addToQueue, texts);
                return transfersView;
            }
            mainView = new MainView(model, texts, this, this::openCredentials, this::openUnfinished);
            return mainView;
        });
        Parent root;
        try {
            root = loader.load();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        historyView = new HistoryView(historyModel, texts);
        mainView.setTabContent(historyView.build(), new DestinationView(destinationModel, texts, this::openDestination).build());
        return root;
    }

    /** The window's language: the one chosen in View, else UPLOADER_LANG, else the system's; English when in doubt. */
    private Locale locale(String chosen) {
        try {
            return LanguageChoice.decide(chosen.equals("auto") ? null : chosen, env.get(LanguageChoice.ENV), Locale.getDefault());
        } catch (LanguageChoice.UnknownLanguage e) {
            LOG.warn("{}; the window is in English", e.getMessage());
            return Locale.ENGLISH;
        }
    }

    /** The app closes: running transfers stop and stay in the queue, to resume when it starts again. */
    public void close() {
        queue.close(Duration.ofSeconds(5));
        notice.close();
    }

    /** Shows the Transfers tab with {@code t} selected (its chart, summary and log). */
    public void showTransfer(Transfer t) {
        mainView.showTransfers();
        transfersView.select(t);
    }

    /** Shows the History tab with {@code run} chosen. */
    public void showHistory(RunRecord run) {
        mainView.showHistory();
        historyView.select(run);
    }

    /** Shows the Destination tab on the New transfer tab's destination. */
    public void showDestination() {
        mainView.showDestination();
        openDestination();
    }

    @Override
    public WindowPreferences preferences() {
        return preferences;
    }

    @Override
    public void addToQueue() {
        Optional<TransferSpec> spec = model.queueSpec();
        if (spec.isEmpty()) {
            mainView.showJobError();
            return;
        }
        Transfer t = queue.add(spec.get(), model.typedOssSecret());
        model.status.set(MessageFormat.format(texts.getString("main.queued"), t.title()));
        mainView.showTransfers();
        transfersView.select(t);
    }

    @Override
    public void theme(WindowPreferences.Theme theme) {
        savePreferences(preferences.withTheme(theme));
        applyTheme();
    }

    @Override
    public void language(String language) {
        savePreferences(preferences.withLanguage(language));
        Transfer shown = transfersView.selected();
        mainView.dispose();
        transfersView.dispose();
        stage.getScene().setRoot(build());
        if (shown != null) {
            transfersView.select(shown);
        }
        model.setUnfinishedPrompt(Dialogs.unfinishedPrompt(stage, messages));
        if (!queue.transfers.isEmpty()) {
            mainView.showTransfers();
        }
    }

    private void savePreferences(WindowPreferences changed) {
        preferences = changed;
        try {
            changed.write(preferencesFile);
        } catch (IOException e) {
            LOG.warn("cannot save the window's settings in {}: {}", preferencesFile, e.toString());
        }
    }

    /** AtlantaFX's Primer theme, light or dark as chosen or as the desktop is. */
    private void applyTheme() {
        boolean dark = switch (preferences.theme()) {
            case DARK -> true;
            case LIGHT -> false;
            case SYSTEM -> SystemTheme.prefersDark(System.getProperty("os.name", ""));
        };
        Application.setUserAgentStylesheet(dark ? new PrimerDark().getUserAgentStylesheet() : new PrimerLight().getUserAgentStylesheet());
    }

    private void dragOver(DragEvent e) {
        if (e.getDragboard().hasFiles()) {
            e.acceptTransferModes(TransferMode.COPY);
        }
        e.consume();
    }

    private void dropped(DragEvent e) {
        boolean done = false;
        if (e.getDragboard().hasFiles()) {
            List<Path> paths = e.getDragboard().getFiles().stream().map(File::toPath).toList();
            Platform.runLater(() -> drop(paths)); // the dialog after the drop ends: the desktop's drag does not wait for it
            done = true;
        }
        e.setDropCompleted(done);
        e.consume();
    }

    /** Files and folders dropped onto the window: shown as new transfers to the current destination; added when confirmed. */
    public void drop(List<Path> paths) {
        if (model.desBucket.get().isBlank()) {
            Alert alert = new Alert(Alert.AlertType.INFORMATION, texts.getString("main.drop.noDestination"), ButtonType.OK);
            alert.initOwner(stage);
            alert.setTitle(texts.getString("main.drop.title"));
            alert.getDialogPane().setId("dropDialog");
            alert.showAndWait();
            return;
        }
        List<TransferSpec> specs = model.droppedSpecs(paths);
        ButtonType add = new ButtonType(texts.getString("main.drop.add"), ButtonBar.ButtonData.OK_DONE);
        Alert confirm = new Alert(Alert.AlertType.CONFIRMATION, String.join("\n", specs.stream().map(TransferSpec::title).toList()), add,
                ButtonType.CANCEL);
        confirm.initOwner(stage);
        confirm.setTitle(texts.getString("main.drop.title"));
        confirm.setHeaderText(MessageFormat.format(texts.getString("main.drop.header"), specs.size(), model.destinationWords()));
        confirm.getDialogPane().setId("dropDialog");
        confirm.showAndWait().filter(add::equals).ifPresent(b -> {
            Transfer last = null;
            for (TransferSpec spec : specs) {
                last = queue.add(spec);
            }
            mainView.showTransfers();
            transfersView.select(last);
        });
    }

    /** A transfer ended: a notice when it ran long (the system tray's where there is one, else in the window). */
    private void ended(Transfer t) {
        historyModel.refresh();
        Instant started = t.startedAt();
        if (started == null || Duration.between(started, Instant.now()).compareTo(longTransfer) < 0) {
            return;
        }
        TransferState s = t.state.get();
        if (s == TransferState.DONE || s == TransferState.FAILED || s == TransferState.CANCELLED) {
            notice.show(stage, texts.getString("main.done.title") + ": " + transfersView.stateWords(s), t.title() + "\n" + t.status.get(),
                    s == TransferState.FAILED);
        }
    }

    private String savedOssKey(String key) {
        return savedOssKeys().map(k -> key.endsWith("secret") ? k.accessKeySecret() : k.accessKeyId()).orElse(null);
    }

    private boolean hasCredentials() {
        try {
            return profiles.hasAnyCredentials();
        } catch (IOException e) {
            return false;
        }
    }

    private void refreshProfiles() {
        try {
            model.profiles.setAll(profiles.profileNames());
        } catch (IOException e) {
            LOG.warn("cannot read the AWS profile files: {}", e.toString());
        }
    }

    public void openCredentials() {
        CredentialsViewModel credentials = new CredentialsViewModel(profiles, ossKeys, clients, background, Platform::runLater, messages);
        savedOssKeys().ifPresent(k -> credentials.ossAccessKeyId.set(k.accessKeyId()));
        Dialogs.credentials(stage, credentials, messages).showAndWait().filter(Boolean::booleanValue).ifPresent(saved -> {
            refreshProfiles();
            model.status.set(credentials.result.get());
        });
    }

    private Optional<OssKeys> savedOssKeys() {
        try {
            return ossKeys.load("default");
        } catch (IOException e) {
            LOG.warn("cannot read {}: {}", ossKeys.file(), e.toString());
            return Optional.empty();
        }
    }

    public void openUnfinished() {
        Dialogs.unfinishedUploads(stage, new UnfinishedUploadsViewModel(model, clients, background, Platform::runLater, messages), messages);
    }
}
