package dev.uploader.gui;

import java.util.Locale;
import java.util.ResourceBundle;

/** The window's texts ({@code i18n/window*.properties}) in the language chosen, or the system's for "auto". */
final class WindowTexts {
    static final String BUNDLE = "i18n.window";

    private WindowTexts() {
    }

    static ResourceBundle bundle(String language) {
        return ResourceBundle.getBundle(BUNDLE, locale(language, Locale.getDefault()),
                ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
    }

    /** English or Simplified Chinese: the only two the window has. */
    static Locale locale(String language, Locale system) {
        String chosen = language == null ? "auto" : language.trim();
        if (chosen.equalsIgnoreCase("en")) {
            return Locale.ENGLISH;
        }
        if (chosen.equalsIgnoreCase("zh-CN") || chosen.equalsIgnoreCase("zh")) {
            return Locale.SIMPLIFIED_CHINESE;
        }
        boolean simplified = system.getLanguage().equals("zh") && !system.getScript().equals("Hant")
                && !(system.getCountry().equals("TW") || system.getCountry().equals("HK") || system.getCountry().equals("MO"));
        return simplified ? Locale.SIMPLIFIED_CHINESE : Locale.ENGLISH;
    }
}
