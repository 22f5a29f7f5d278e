package dev.uploader.gui;

import dev.uploader.config.AppDirectories;
import dev.uploader.credentials.AwsProfileFiles;
import dev.uploader.credentials.OssKeyFile;
import dev.uploader.credentials.OssKeys;
import dev.uploader.storage.local.FileResumeLedger;
import dev.uploader.storage.S3ClientFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;
import javafx.application.Platform;
import javafx.fxml.FXMLLoader;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.stage.Stage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the main window on a stage from its parts, so that the app and the tests assemble it the same way
 * (the tests with their own folders, store and credentials files).
 */
public final class DesktopWindow {
    private static final Logger LOG = LoggerFactory.getLogger(DesktopWindow.class);

    private final MainViewModel model;
    private final AwsProfileFiles profiles;
    private final OssKeyFile ossKeys;
    private final S3ClientFactory clients;
    private final Executor background;
    private Stage stage;

    public DesktopWindow(Path configFile, AppDirectories directories, AwsProfileFiles profiles, S3ClientFactory clients,
                         Map<String, String> env, Executor background) {
        this.profiles = profiles;
        this.ossKeys = OssKeyFile.in(directories);
        this.clients = clients;
        this.background = background;
        this.model = new MainViewModel(configFile, directories.reportDir(), env, clients, job -> new FileResumeLedger(directories.resumeDir()), background, Platform::runLater);
        model.setOssKeyLookup(key -> savedOssKeys().map(k -> key.endsWith("secret") ? k.accessKeySecret() : k.accessKeyId()).orElse(null));
    }

    public MainViewModel model() {
        return model;
    }

    /** Loads the config file into the window, shows it, and opens the credential dialog when there are no credentials. */
    public void show(Stage stage) {
        this.stage = stage;
        model.load();
        refreshProfiles();
        FXMLLoader loader = new FXMLLoader(DesktopWindow.class.getResource("/fxml/main.fxml"));
        loader.setControllerFactory(c -> new MainView(model, this::openCredentials, this::openUnfinished));
        Parent root;
        try {
            root = loader.load();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        model.setUnfinishedPrompt(Dialogs.unfinishedPrompt(stage));
        stage.setTitle("uploader: resumable, verified uploads to S3-compatible storage");
        stage.setScene(new Scene(root));
        var icon = DesktopWindow.class.getResource("/icons/uploader.png");
        if (icon != null) {
            stage.getIcons().add(new javafx.scene.image.Image(icon.toExternalForm()));
        }
        stage.show();
        LOG.info("window shown {} ms after the JVM started",
                System.currentTimeMillis() - java.lang.management.ManagementFactory.getRuntimeMXBean().getStartTime());
        if (!hasCredentials()) {
            Platform.runLater(this::openCredentials);
        }
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
        CredentialsViewModel credentials = new CredentialsViewModel(profiles, ossKeys, clients, background, Platform::runLater);
        savedOssKeys().ifPresent(k -> credentials.ossAccessKeyId.set(k.accessKeyId()));
        Dialogs.credentials(stage, credentials).showAndWait().filter(Boolean::booleanValue).ifPresent(saved -> {
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
        Dialogs.unfinishedUploads(stage, new UnfinishedUploadsViewModel(model, clients, background, Platform::runLater));
    }
}
