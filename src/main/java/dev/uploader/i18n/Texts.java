package dev.uploader.i18n;

import java.text.MessageFormat;
import java.util.Locale;
import java.util.MissingResourceException;
import java.util.Objects;
import java.util.ResourceBundle;

/**
 * The texts of one language: a resource bundle of {@code src/main/resources/i18n/} and its locale. Made once by the
 * front end (from {@link LanguageChoice}) and handed to whatever prints or shows words; never a static singleton.
 *
 * <p>Every value is a {@link MessageFormat} pattern, with or without arguments, so the one quoting rule holds for all
 * of them: an apostrophe is written twice ({@code ''}). Numbers given as arguments are printed as they are, without
 * grouping ({@code 1234}, not {@code 1,234}), as the English output always printed them.
 */
public final class Texts {
    /** The bundle of the command line's messages and the desktop app's dialogs. */
    public static final String MESSAGES = "i18n.messages";
    /** The desktop window's texts (FXML resources and what its view models say). */
    public static final String WINDOW = "i18n.window";

    private final ResourceBundle bundle;
    private final Locale locale;

    private Texts(ResourceBundle bundle, Locale locale) {
        this.bundle = bundle;
        this.locale = locale;
    }

    /**
     * The bundle {@code baseName} (such as {@code i18n.messages}) in {@code locale}: English is the base file, each
     * other language a file of its own. Never falls back to the JVM's default locale: an English choice on a Chinese
     * system gets the base file, not the Chinese one.
     */
    public static Texts load(String baseName, Locale locale) {
        Objects.requireNonNull(locale, "locale");
        // the two files are read by their names: ResourceBundle.getBundle would first look for names that do not exist
        // (messages_en_US, messages_en ...), and a resource that is not there is searched for in every jar of the class
        // path: about 100 ms of the command line's start-up, measured (docs/benchmarks.md)
        String path = "/" + baseName.replace('.', '/');
        boolean chinese = locale.getLanguage().equals("zh");
        ResourceBundle english = read(path + ".properties", null, chinese ? Locale.ROOT : locale);
        ResourceBundle bundle = chinese ? read(path + "_zh_CN.properties", english, locale) : english;
        return new Texts(bundle, locale);
    }

    /** {@link #MESSAGES} in {@code locale}. */
    public static Texts messages(Locale locale) {
        return load(MESSAGES, locale);
    }

    /** {@link #WINDOW} in {@code locale}. */
    public static Texts window(Locale locale) {
        return load(WINDOW, locale);
    }

    /** {@link #MESSAGES} in English, for callers that were not handed a language (yet). */
    public static Texts english() {
        return messages(LanguageChoice.ENGLISH);
    }

    /**
     * The text of {@code key} with {@code args} in its placeholders.
     *
     * @throws MissingResourceException for a key the bundle lacks: a programming error, caught by the bundle tests
     */
    public String text(String key, Object... args) {
        String pattern = bundle.getString(key);
        Object[] shown = new Object[args.length];
        for (int i = 0; i < args.length; i++) {
            shown[i] = args[i] instanceof Number ? args[i].toString() : args[i];
        }
        return new MessageFormat(pattern, locale).format(shown);
    }

    public ResourceBundle bundle() {
        return bundle;
    }

    public Locale locale() {
        return locale;
    }

    /** Whether this is the Simplified Chinese bundle. */
    public boolean chinese() {
        return locale.getLanguage().equals("zh");
    }

    @Override
    public String toString() {
        return "Texts[" + locale.toLanguageTag() + "]";
    }

    /** One .properties file of the bundle (UTF-8), over {@code parent} for the keys it lacks. */
    private static ResourceBundle read(String resource, ResourceBundle parent, Locale locale) {
        try (java.io.InputStream in = Texts.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new MissingResourceException("no " + resource + " on the class path", Texts.class.getName(), resource);
            }
            return new Bundle(new java.io.InputStreamReader(in, java.nio.charset.StandardCharsets.UTF_8), parent, locale);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot read " + resource, e);
        }
    }

    /** A properties bundle whose parent is the base language's (the locale says which language it is). */
    private static final class Bundle extends java.util.PropertyResourceBundle {
        private final Locale locale;

        Bundle(java.io.Reader reader, ResourceBundle parent, Locale locale) throws java.io.IOException {
            super(reader);
            this.locale = locale;
            if (parent != null) {
                setParent(parent);
            }
        }

        @Override
        public Locale getLocale() {
            return locale;
        }
    }
}
