package dev.uploader.gui;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Whether the desktop asks for dark windows. JavaFX 21 does not say (its Platform.Preferences came in 22), so each
 * system's own setting is read: GNOME's color-scheme, macOS's AppleInterfaceStyle, Windows' AppsUseLightTheme. Any
 * doubt (no such tool, no answer within a second) means light.
 */
final class SystemTheme {
    private SystemTheme() {
    }

    static boolean prefersDark(String osName) {
        String os = osName.toLowerCase(Locale.ROOT);
        if (os.contains("win")) {
            String out = run(List.of("reg", "query", "HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Themes\\Personalize", "/v",
                    "AppsUseLightTheme"));
            return out != null && out.contains("0x0");
        }
        if (os.contains("mac")) {
            String out = run(List.of("defaults", "read", "-g", "AppleInterfaceStyle"));
            return out != null && out.trim().equalsIgnoreCase("dark");
        }
        String scheme = run(List.of("gsettings", "get", "org.gnome.desktop.interface", "color-scheme"));
        if (scheme != null && scheme.contains("dark")) {
            return true;
        }
        String gtk = run(List.of("gsettings", "get", "org.gnome.desktop.interface", "gtk-theme"));
        return gtk != null && gtk.toLowerCase(Locale.ROOT).contains("dark");
    }

    /** The command's output, or null when it is not there, fails or takes more than a second. */
    private static String run(List<String> command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            try (InputStream in = p.getInputStream()) {
                if (!p.waitFor(1, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    return null;
                }
                return p.exitValue() == 0 ? new String(in.readAllBytes(), StandardCharsets.UTF_8) : null;
            }
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
