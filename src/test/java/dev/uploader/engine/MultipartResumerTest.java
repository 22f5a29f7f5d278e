package dev.uploader.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class MultipartResumerTest {
    private static final long MIB = 1024L * 1024;
    /** 12 MiB in 5 MiB parts: 5, 5, 2. */
    private static final PartLayout LAYOUT = PartLayout.of(12 * MIB, 5 * MIB);

    private static RemotePart part(int number, long size) {
        return new RemotePart(number, size, "etag" + number);
    }

    @Test
    void consistent_allPartsWithExpectedSizes_true() {
        assertTrue(MultipartResumer.consistent(LAYOUT, List.of(part(1, 5 * MIB), part(2, 5 * MIB), part(3, 2 * MIB))));
    }

    @Test
    void consistent_noParts_true() {
        assertTrue(MultipartResumer.consistent(LAYOUT, List.of()));
    }

    @Test
    void consistent_someMiddlePartsOnly_true() {
        assertTrue(MultipartResumer.consistent(LAYOUT, List.of(part(2, 5 * MIB))));
        assertTrue(MultipartResumer.consistent(LAYOUT, List.of(part(3, 2 * MIB), part(1, 5 * MIB))));
    }

    @Test
    void consistent_lastPartFullSize_false() {
        assertFalse(MultipartResumer.consistent(LAYOUT, List.of(part(1, 5 * MIB), part(3, 5 * MIB))));
    }

    @Test
    void consistent_partOfOtherSize_false() {
        assertFalse(MultipartResumer.consistent(LAYOUT, List.of(part(1, 6 * MIB))));
        assertFalse(MultipartResumer.consistent(LAYOUT, List.of(part(2, 5 * MIB - 1))));
    }

    @Test
    void consistent_partNumberBeyondCount_false() {
        assertFalse(MultipartResumer.consistent(LAYOUT, List.of(part(4, 0))));
        assertFalse(MultipartResumer.consistent(LAYOUT, List.of(part(4, 2 * MIB))));
    }

    @Test
    void consistent_partNumberZeroOrNegative_false() {
        assertFalse(MultipartResumer.consistent(LAYOUT, List.of(part(0, 5 * MIB))));
        assertFalse(MultipartResumer.consistent(LAYOUT, List.of(part(-1, 5 * MIB))));
    }

    @Test
    void consistent_uploadWithLargerPartSize_onlyMatchesItsOwnLayout() {
        List<RemotePart> eightMiBParts = List.of(part(1, 8 * MIB), part(2, 4 * MIB));

        assertFalse(MultipartResumer.consistent(LAYOUT, eightMiBParts));
        assertTrue(MultipartResumer.consistent(PartLayout.of(12 * MIB, 8 * MIB), eightMiBParts));
    }

    @Test
    void consistent_exactMultipleLastPartFullSize_true() {
        PartLayout layout = PartLayout.of(10 * MIB, 5 * MIB);

        assertTrue(MultipartResumer.consistent(layout, List.of(part(1, 5 * MIB), part(2, 5 * MIB))));
    }

    @Test
    void shortId_longOrShortId_truncatedAfterTwelve() {
        assertEquals("abc", MultipartResumer.shortId("abc"));
        assertEquals("123456789012", MultipartResumer.shortId("123456789012"));
        assertEquals("123456789012...", MultipartResumer.shortId("1234567890123"));
    }

    @Test
    void describeSize_wholeMiBOrNot_readableUnit() {
        assertEquals("8 MiB", MultipartResumer.describeSize(8 * MIB));
        assertEquals("5242881 bytes", MultipartResumer.describeSize(5 * MIB + 1));
    }
}
