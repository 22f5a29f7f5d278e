package dev.uploader.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TerminalProgressTest {
    @Test
    void shortReason_retryOfAPart_keepsTheStoresWordsNotTheAction() {
        String reason = TerminalProgress.shortReason("upload part 2 of a/b.bin: upload part 2 of a/b.bin at s3://bucket: SlowDown (reduce your rate)");

        assertEquals("SlowDown (reduce your rate)", reason);
    }

    @Test
    void shortReason_longReason_cutToFitTheBar() {
        String reason = TerminalProgress.shortReason("x: no progress for 30 s (the store stopped reading or answering, or answered too slowly)");

        assertTrue(reason.length() <= 40, reason);
        assertTrue(reason.startsWith("no progress for 30 s"), reason);
    }

    @Test
    void shortReason_nothingRetried_empty() {
        assertEquals("", TerminalProgress.shortReason(null));
    }
}
