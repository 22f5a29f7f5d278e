package dev.uploader.i18n;

import java.util.Locale;

/**
 * Which language the app speaks, by one rule:
 * <ol>
 *   <li>an explicit setting ({@code --language}) wins: {@code en}, {@code zh-CN} (or {@code zh}, {@code zh-Hans}),
 *       or {@code auto} for the system's language;</li>
 *   <li>else the environment variable {@value #ENV}, with the same values;</li>
 *   <li>else the system's locale.</li>
 * </ol>
 * A locale of Simplified Chinese ({@code zh}, {@code zh_CN}, {@code zh_SG}, {@code zh-Hans}, any {@code zh} that is
 * not Traditional) gives Simplified Chinese; Traditional Chinese ({@code zh-Hant}, {@code zh_TW}, {@code zh_HK},
 * {@code zh_MO}) and every other language give English. Case and {@code _} versus {@code -} do not matter in a
 * setting; an unknown value is an error that names the accepted ones.
 */
public final class LanguageChoice {
    /** The environment variable read when no setting is given. */
    public static final String ENV = "UPLOADER_LANG";
    public static final Locale ENGLISH = Locale.ENGLISH;
    public static final Locale SIMPLIFIED_CHINESE = Locale.SIMPLIFIED_CHINESE;
    /** The values a setting accepts, as said in errors and help. */
    public static final String ACCEPTED = "en, zh-CN (or zh), auto";

    private LanguageChoice() {
    }

    /**
     * @param setting the explicit setting, or null when none was given
     * @param env     the value of {@value #ENV}, or null when it is not set
     * @param system  the system's locale ({@code Locale.getDefault()})
     * @return {@link #ENGLISH} or {@link #SIMPLIFIED_CHINESE}
     * @throws UnknownLanguage for a setting or {@value #ENV} value that is not one of {@link #ACCEPTED}
     */
    public static Locale decide(String setting, String env, Locale system) {
        if (setting != null && !setting.isBlank()) {
            return fromSetting(setting, "--language", system);
        }
        if (env != null && !env.isBlank()) {
            return fromSetting(env, ENV, system);
        }
        return fromSystem(system);
    }

    private static Locale fromSetting(String value, String where, Locale system) {
        String v = value.trim().replace('_', '-').toLowerCase(Locale.ROOT);
        return switch (v) {
            case "auto" -> fromSystem(system);
            case "en" -> ENGLISH;
            case "zh", "zh-cn", "zh-hans", "zh-hans-cn" -> SIMPLIFIED_CHINESE;
            default -> throw new UnknownLanguage(where + " " + value.trim() + " is not a language of this app: use " + ACCEPTED);
        };
    }

    /** The app's language for a system locale: Simplified Chinese for a Simplified Chinese locale, English otherwise. */
    public static Locale fromSystem(Locale system) {
        if (system == null || !system.getLanguage().equals("zh")) {
            return ENGLISH;
        }
        String script = system.getScript();
        if (script.equals("Hans")) {
            return SIMPLIFIED_CHINESE;
        }
        if (script.equals("Hant")) {
            return ENGLISH;
        }
        return switch (system.getCountry()) {
            case "TW", "HK", "MO" -> ENGLISH;
            default -> SIMPLIFIED_CHINESE;
        };
    }

    /** A language setting that is not one of {@link #ACCEPTED}. */
    public static final class UnknownLanguage extends IllegalArgumentException {
        UnknownLanguage(String message) {
            super(message);
        }
    }
}
