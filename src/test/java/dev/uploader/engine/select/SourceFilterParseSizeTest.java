package dev.uploader.engine.select;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Sizes as people write them: bytes, or K/M/G/T as binary multiples with an optional i and B. */
class SourceFilterParseSizeTest {

    @ParameterizedTest(name = "''{0}'' -> {1}")
    @CsvSource(quoteCharacter = '"', textBlock = """
            0,          0
            1024,       1024
            1024B,      1024
            1.0,        1
            1K,         1024
            1k,         1024
            1KB,        1024
            1KiB,       1024
            1Ki,        1024
            10M,        10485760
            10MiB,      10485760
            10 MiB,     10485760
            "  5M  ",   5242880
            1.5G,       1610612736
            2T,         2199023255552
            0.5K,       512
            0.1K,       102
            8589934591G, 9223372035781033984
            """)
    void parseSize_acceptedForms_bytes(String value, long expected) {
        assertEquals(expected, SourceFilter.parseSize(value));
    }

    @ParameterizedTest(name = "''{0}'' refused")
    @ValueSource(strings = {"", "  ", "abc", "10X", "K", "1 0", "10iB", "1e3", "1,5M", "0x10", "1.5", "8589934592G", "99999999999999999999"})
    void parseSize_badValue_throwsSayingWhatIsAccepted(String value) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SourceFilter.parseSize(value));
        assertTrue(e.getMessage().contains("'" + value + "'"), e.getMessage());
    }

    @ParameterizedTest(name = "''{0}'' refused as negative")
    @ValueSource(strings = {"-1", "-5M", " -0"})
    void parseSize_negative_throwsSayingSo(String value) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SourceFilter.parseSize(value));
        assertEquals("A size cannot be negative: '" + value + "'", e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"10Q"})
    void parseSize_unknownUnit_messageListsTheForms(String value) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SourceFilter.parseSize(value));
        assertEquals("Cannot read '10Q' as a size: give bytes such as 1024, or a number with K, M, G or T (binary multiples,"
                + " optionally followed by i or B) such as 10M, 10MiB or 1.5G", e.getMessage());
    }
}
