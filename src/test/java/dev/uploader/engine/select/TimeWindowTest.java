package dev.uploader.engine.select;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Ages count back from now; dates and zoneless times are UTC; offsets are honoured. */
class TimeWindowTest {
    private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");

    @ParameterizedTest(name = "''{0}'' -> {1}")
    @CsvSource(quoteCharacter = '"', textBlock = """
            30s,                        2026-12-01T11:59:30Z
            15m,                        2026-12-01T11:45:00Z
            12h,                        2026-12-01T00:00:00Z
            7d,                         2026-11-24T12:00:00Z
            2w,                         2026-11-17T12:00:00Z
            1d12h,                      2026-11-30T00:00:00Z
            1h30m15s,                   2026-12-01T10:29:45Z
            0s,                         2026-12-01T12:00:00Z
            "  7d ",                    2026-11-24T12:00:00Z
            2026-11-25,                 2026-11-25T00:00:00Z
            2026-11-25T10:00:00Z,       2026-11-25T10:00:00Z
            2026-11-25T10:00:00.250Z,   2026-11-25T10:00:00.250Z
            2026-11-25T10:00Z,          2026-11-25T10:00:00Z
            2026-11-25T10:00:00+02:00,  2026-11-25T08:00:00Z
            2026-11-25T10:00:00-05:30,  2026-11-25T15:30:00Z
            2026-11-25 10:00,           2026-11-25T10:00:00Z
            2026-11-25 10:00:30,        2026-11-25T10:00:30Z
            2026-11-25T10:00,           2026-11-25T10:00:00Z
            """)
    void parseTime_acceptedForms_instant(String value, String expected) {
        assertEquals(Instant.parse(expected), TimeWindow.parseTime(value, NOW));
    }

    @ParameterizedTest(name = "''{0}'' refused")
    @ValueSource(strings = {"", "   ", "7", "7x", "7D", "d", "1.5h", "-7d", "7d-", "yesterday", "2026-13-01", "2026-02-30",
            "2026-11-25 25:00", "2026-11-25 10", "25.11.2026", "2026-11-25T10:00:00+0200x", "99999999999999999999d", "999999999999w"})
    void parseTime_badValue_throwsNamingTheAcceptedForms(String value) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TimeWindow.parseTime(value, NOW));
        assertTrue(e.getMessage().startsWith("Cannot read '" + value + "' as a time: give an age such as 30s, 15m, 12h, 7d, 2w"),
                e.getMessage());
        assertTrue(e.getMessage().contains("2026-11-25 (its start, UTC)") && e.getMessage().contains("2026-11-25T10:00:00+02:00"),
                e.getMessage());
    }
}
