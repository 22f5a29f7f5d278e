package dev.uploader.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Where this user's files live. The config file when none is given: {@code ./s3_upload_config.ini}, then the
 * user's config folder ({@code $XDG_CONFIG_HOME/uploader} or {@code ~/.config/uploader} on Linux,
 * {@code ~/Library/Application Support/uploader} on macOS, {@code %APPDATA%/uploader} on Windows).
 * Run logs: {@code $XDG_STATE_HOME/uploader/logs} or {@code ~/.local/state/uploader/logs} on Linux,
 * {@code ~/Library/Logs/uploader} on macOS, {@code %LOCALAPPDATA%/uploader/logs} on Windows. Reports of the desktop
 * app's runs: {@code reports} beside the logs folder, or inside it on macOS, where that folder is the app's own; the run
 * history likewise in {@code history}.
 */
public final class AppDirectories {
    public static final String FILE_NAME = "s3_upload_config.ini";

    private final Path workingDir;
    private final Path home;
    private final Map<String, String> env;
    private final String osName;

    public AppDirectories(Path workingDir, Path home, Map<String, String> env, String osName) {
        this.workingDir = workingDir;
        this.home = home;
        this.env = env;
        this.osName = osName.toLowerCase(Locale.ROOT);
    }

    public static AppDirectories forThisUser() {
        return new AppDirectories(Path.of("").toAbsolutePath(), Path.of(System.getProperty("user.home")), System.getenv(),
                System.getProperty("os.name", ""));
    }

    public Path userConfigDir() {
        if (osName.contains("win")) {
            String appData = env.get("APPDATA");
            return (appData != null && !appData.isBlank() ? Path.of(appData) : home.resolve("AppData").resolve("Roaming")).resolve("uploader");
        }
        if (osName.contains("mac")) {
            return home.resolve("Library").resolve("Application Support").resolve("uploader");
        }
        String xdg = env.get("XDG_CONFIG_HOME");
        return (xdg != null && !xdg.isBlank() ? Path.of(xdg) : home.resolve(".config")).resolve("uploader");
    }

    public Path logDir() {
        if (osName.contains("win")) {
            String local = env.get("LOCALAPPDATA");
            return (local != null && !local.isBlank() ? Path.of(local) : home.resolve("AppData").resolve("Local")).resolve("uploader").resolve("logs");
        }
        if (osName.contains("mac")) {
            return home.resolve("Library").resolve("Logs").resolve("uploader");
        }
        String xdg = env.get("XDG_STATE_HOME");
        return (xdg != null && !xdg.isBlank() ? Path.of(xdg) : home.resolve(".local").resolve("state")).resolve("uploader").resolve("logs");
    }

    /** Resume records of copies from remote sources: beside the logs. */
    public Path resumeDir() {
        return logDir().getParent().resolve("resume");
    }

    /** The JSON Lines reports of the desktop app's runs, in the app's state folder next to the logs. */
    public Path reportDir() {
        // on macOS the logs folder is ~/Library/Logs/uploader itself: its parent is shared by every app
        return osName.contains("mac") ? logDir().resolve("reports") : logDir().resolveSibling("reports");
    }

    /**
     * The run history of this user's jobs (app and command line share it): {@code history} beside the logs folder, or
     * inside it on macOS, where that folder is the app's own.
     */
    public Path historyDir() {
        return osName.contains("mac") ? logDir().resolve("history") : logDir().resolveSibling("history");
    }

    public List<Path> configCandidates() {
        List<Path> places = new ArrayList<>();
        places.add(workingDir.resolve(FILE_NAME));
        places.add(userConfigDir().resolve(FILE_NAME));
        return places;
    }

    public Optional<Path> findConfig() {
        return configCandidates().stream().filter(Files::isRegularFile).findFirst();
    }
}
