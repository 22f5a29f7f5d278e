package dev.uploader.format;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.TimeZone;
import org.junit.jupiter.api.Test;

class LocalTimeFormatTest {
    private static final String[] ZONES = {"UTC", "Etc/UTC", "Asia/Kolkata", "America/New_York", "Australia/Lord_Howe", "Pacific/Chatham"};
    // around New York's DST changes of 2026, a leap day, the turn of a year, before 1970
    private static final String[] TIMES = {"2026-03-08T06:59:59.999Z", "2026-03-08T07:00:00Z", "2026-11-01T05:30:00Z",
        "2026-11-01T06:00:00.001Z", "2028-02-29T23:59:59Z", "2026-12-31T23:59:59.999Z", "1969-07-20T20:17:40Z"};

    @Test
    void format_zonesAroundDaylightSavingChanges_sameTextAsJavaTime() {
        for (String zone : ZONES) {
            LocalTimeFormat ours = new LocalTimeFormat("yyyy-MM-dd HH:mm:ss", TimeZone.getTimeZone(zone));
            DateTimeFormatter theirs = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneId.of(zone));
            for (String time : TIMES) {
                Instant instant = Instant.parse(time);
                assertEquals(theirs.format(instant), ours.format(instant.toEpochMilli()), zone + " " + time);
            }
        }
    }

    @Test
    void format_localeWithOtherDigitsAndCalendar_asciiDigitsGregorianYear() {
        Locale saved = Locale.getDefault();
        try {
            for (Locale locale : new Locale[] {new Locale("th", "TH", "TH"), Locale.forLanguageTag("ar-EG"),
                Locale.forLanguageTag("ja-JP-u-ca-japanese"), Locale.forLanguageTag("fa-IR")}) {
                Locale.setDefault(locale);
                LocalTimeFormat format = new LocalTimeFormat("yyyyMMdd-HHmmss", TimeZone.getTimeZone("UTC"));
                assertEquals("20261201-124457", format.format(Instant.parse("2026-12-01T12:44:57.897Z").toEpochMilli()),
                        locale.toString());
            }
        } finally {
            Locale.setDefault(saved);
        }
    }

    @Test
    void format_otherPatterns_sameTextAsJavaTime() {
        TimeZone zone = TimeZone.getTimeZone("America/New_York");
        for (String pattern : new String[] {"HH:mm:ss", "yyyyMMdd-HHmmss", "d/M/yyyy H.m.s", "yyyy_MM_dd"}) {
            LocalTimeFormat ours = new LocalTimeFormat(pattern, zone);
            DateTimeFormatter theirs = DateTimeFormatter.ofPattern(pattern).withZone(ZoneId.of("America/New_York"));
            for (String time : TIMES) {
                Instant instant = Instant.parse(time);
                assertEquals(theirs.format(instant), ours.format(instant.toEpochMilli()), pattern + " " + time);
            }
        }
    }

    @Test
    void constructor_patternLetterItCannotFormat_refused() {
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> new LocalTimeFormat("yyyy-MM-dd EEE"));
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> new LocalTimeFormat("HH:mm:ss.SSS"));
    }
}
