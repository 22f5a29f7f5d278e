package dev.uploader.gui;

import dev.uploader.config.AppDirectories;
import dev.uploader.credentials.AwsProfileFiles;
import dev.uploader.logging.RunLog;
import dev.uploader.storage.S3ClientFactory;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javafx.application.Application;
import javafx.stage.Stage;

/** The desktop app: the main window on the user's config file; {@code --config FILE} picks another. */
public final class DesktopApp extends Application {
    private ExecutorService background;
    private DesktopWindow window;

    @Override
    public void start(Stage stage) throws Exception {
        AppDirectories directories = AppDirectories.forThisUser();
        List<String> args = getParameters().getRaw();
        int at = args.indexOf("--config");
        Path config = at >= 0 && at + 1 < args.size() ? Path.of(args.get(at + 1))
                : directories.findConfig().orElse(directories.userConfigDir().resolve(dev.uploader.config.AppDirectories.FILE_NAME));
        Path log = null;
        try {
            log = RunLog.start(directories.logDir(), "INFO");
        } catch (java.io.IOException e) {
            // the window works without a log file
        }
        background = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "gui-background");
            t.setDaemon(true);
            return t;
        });
        window = new DesktopWindow(config, directories, AwsProfileFiles.forThisUser(), new S3ClientFactory(), System.getenv(), background);
        window.setLogFile(log);
        window.show(stage);
    }

    @Override
    public void stop() {
        if (window != null) {
            window.close(); // running transfers stop and stay queued: they resume at the next start
        }
        if (background != null) {
            background.shutdownNow();
        }
    }

    /** Called by the launcher; JavaFX is loaded only from here on. */
    public static void run(String[] args) {
        launch(DesktopApp.class, args);
    }
}
