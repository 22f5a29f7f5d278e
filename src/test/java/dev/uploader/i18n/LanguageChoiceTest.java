package dev.uploader.i18n;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Locale;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** The decision table of {@link LanguageChoice}: setting, then UPLOADER_LANG, then the system's locale. */
class LanguageChoiceTest {
    private static final Locale ZH = LanguageChoice.SIMPLIFIED_CHINESE;
    private static final Locale EN = LanguageChoice.ENGLISH;

    @ParameterizedTest(name = "setting {0}, UPLOADER_LANG {1}, system {2} -> {3}")
    @CsvSource(nullValues = "-", value = {
        // an explicit setting wins over the environment and the system
        "en,        zh-CN, zh-CN, en",
        "zh-CN,     en,    en-US, zh",
        "zh,        -,     en-US, zh",
        "ZH_cn,     -,     en-US, zh",
        "zh-Hans,   -,     en-US, zh",
        " en ,      -,     zh-CN, en",
        // auto: the system's language, whatever UPLOADER_LANG says
        "auto,      zh-CN, en-US, en",
        "AUTO,      en,    zh-CN, zh",
        // no setting: UPLOADER_LANG, with the same values
        "-,         zh-CN, en-US, zh",
        "-,         zh_CN, en-US, zh",
        "-,         en,    zh-CN, en",
        "-,         auto,  zh-CN, zh",
        "'',        zh,    en-US, zh",
        // neither: the system's locale
        "-,         -,     zh-CN, zh",
        "-,         '',    zh-CN, zh",
        "-,         -,     zh-SG, zh",
        "-,         -,     zh,    zh",
        "-,         -,     zh-Hans-HK, zh",
        "-,         -,     zh-MY, zh",
        "-,         -,     zh-TW, en",
        "-,         -,     zh-HK, en",
        "-,         -,     zh-MO, en",
        "-,         -,     zh-Hant-CN, en",
        "-,         -,     en-US, en",
        "-,         -,     ja-JP, en",
        "-,         -,     und, en",
    })
    void decide_settingThenEnvThenSystem(String setting, String env, String system, String expected) {
        Locale chosen = LanguageChoice.decide(setting, env, Locale.forLanguageTag(system));

        assertEquals(expected.equals("zh") ? ZH : EN, chosen);
    }

    @Test
    void decide_posixLocaleOfJava_zhUnderscoreCN_simplifiedChinese() {
        assertEquals(ZH, LanguageChoice.decide(null, null, new Locale("zh", "CN")));
        assertEquals(EN, LanguageChoice.decide(null, null, null));
    }

    @Test
    void decide_unknownSetting_errorNamesTheValueAndTheAcceptedOnes() {
        LanguageChoice.UnknownLanguage e = assertThrows(LanguageChoice.UnknownLanguage.class,
                () -> LanguageChoice.decide("fr", null, Locale.US));

        assertTrue(e.getMessage().contains("--language fr"), e.getMessage());
        assertTrue(e.getMessage().contains("en, zh-CN (or zh), auto"), e.getMessage());
    }

    @Test
    void decide_unknownEnvValue_errorNamesTheVariable() {
        LanguageChoice.UnknownLanguage e = assertThrows(LanguageChoice.UnknownLanguage.class,
                () -> LanguageChoice.decide(null, "zh-TW", Locale.US));

        assertTrue(e.getMessage().startsWith("UPLOADER_LANG zh-TW"), e.getMessage());
    }

    @Test
    void texts_englishOnAChineseSystem_baseBundleNotTheDefaultLocales() {
        Locale before = Locale.getDefault();
        try {
            Locale.setDefault(Locale.SIMPLIFIED_CHINESE);
            Texts english = Texts.messages(EN);

            assertEquals("error: x", english.text("cli.error", "x"));
            assertEquals("错误：x", Texts.messages(ZH).text("cli.error", "x"));
        } finally {
            Locale.setDefault(before);
        }
    }

    @Test
    void text_numbers_printedWithoutGrouping() {
        assertEquals("failed:   12345 file(s)", Texts.english().text("summary.failed", 12345L));
    }

    @Test
    void text_doubledApostrophe_oneInTheText() {
        assertEquals("Saved profile 'work' to a and b", Texts.english().text("credentials.saved", "work", "a", "b"));
    }
}
