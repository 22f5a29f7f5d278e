package dev.uploader.gui;

import java.text.MessageFormat;
import java.util.Locale;
import java.util.ResourceBundle;

/**
 * The window's texts ({@code i18n/window*.properties}) in one language: what the FXML views load as their resources
 * and what the view models say. English unless Simplified Chinese is chosen (or is the system's, for "auto").
 */
public final class WindowTexts {
    static final String BUNDLE = "i18n.window";
    /** English: the view models' texts until the window gives its own. */
    public static final WindowTexts ENGLISH = of("en");

    private final ResourceBundle bundle;

    private WindowTexts(ResourceBundle bundle) {
        this.bundle = bundle;
    }

    /** @param language "auto" (the system's), "en" or "zh-CN" */
    public static WindowTexts of(String language) {
        return new WindowTexts(ResourceBundle.getBundle(BUNDLE, locale(language, Locale.getDefault()),
                ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES)));
    }

    public ResourceBundle bundle() {
        return bundle;
    }

    public Locale locale() {
        return bundle.getLocale();
    }

    /** The text of {@code key}, its {0}, {1}... filled with {@code args} (MessageFormat, when there are args). */
    public String text(String key, Object... args) {
        String pattern = bundle.getString(key);
        return args.length == 0 ? pattern : new MessageFormat(pattern, bundle.getLocale()).format(args);
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
