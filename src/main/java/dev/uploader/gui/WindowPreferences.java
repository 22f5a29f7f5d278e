package dev.uploader.gui;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Properties;

/**
 * The window's own settings, kept in {@code desktop.properties} in the user's config folder (not in the job's INI
 * file, which is the original tool's): the theme, the language, how many transfers run side by side.
 *
 * @param theme      SYSTEM follows the desktop's light or dark setting
 * @param language   "auto" (the system's), "en" or "zh-CN"
 * @param sideBySide transfers that run at once, 1 to 8
 */
public record WindowPreferences(Theme theme, String language, int sideBySide) {
    public enum Theme { SYSTEM, LIGHT, DARK }

    public static final WindowPreferences DEFAULTS = new WindowPreferences(Theme.SYSTEM, "auto", 1);

    public WindowPreferences {
        sideBySide = Math.max(1, Math.min(8, sideBySide));
    }

    public WindowPreferences withTheme(Theme t) {
        return new WindowPreferences(t, language, sideBySide);
    }

    public WindowPreferences withLanguage(String l) {
        return new WindowPreferences(theme, l, sideBySide);
    }

    public WindowPreferences withSideBySide(int n) {
        return new WindowPreferences(theme, language, n);
    }

    /** The preferences in {@code file}; the defaults for what it lacks or holds wrongly (a hand-edited file never stops the app). */
    public static WindowPreferences read(Path file) {
        if (!Files.isRegularFile(file)) {
            return DEFAULTS;
        }
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (IOException | IllegalArgumentException e) {
            return DEFAULTS;
        }
        Theme theme;
        try {
            theme = Theme.valueOf(p.getProperty("theme", "SYSTEM").trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            theme = Theme.SYSTEM;
        }
        int side;
        try {
            side = Integer.parseInt(p.getProperty("sideBySide", "1").trim());
        } catch (NumberFormatException e) {
            side = 1;
        }
        return new WindowPreferences(theme, p.getProperty("language", "auto").trim(), side);
    }

    public void write(Path file) throws IOException {
        Properties p = new Properties();
        p.setProperty("theme", theme.name());
        p.setProperty("language", language);
        p.setProperty("sideBySide", Integer.toString(sideBySide));
        Files.createDirectories(file.toAbsolutePath().getParent());
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            p.store(w, "the desktop app's settings");
        }
    }
}
