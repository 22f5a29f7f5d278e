package dev.uploader.engine.watch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.uploader.engine.watch.SettleRule.State;
import dev.uploader.engine.watch.SettleRule.Verdict;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The pending set over time: written slowly, settled, sent, changed again, deleted. */
class PendingFilesTest {
    private static final long S = 1_000_000_000L;
    private final Map<String, State> files = new HashMap<>();
    private final PendingFiles pending = new PendingFiles(new SettleRule(Duration.ofSeconds(2)), files::get);

    @Test
    void settled_fileWrittenInPiecesWithPausesShorterThanTheSettleTime_sentOnlyWhenWhole() {
        files.put("a.bin", new State(100, 1));
        assertEquals(Verdict.NEW, pending.look("a.bin", 0));
        for (int piece = 2; piece <= 5; piece++) {
            long at = (piece - 1) * S + S / 2; // 1.5 s between pieces: never 2 s unchanged
            assertEquals(Map.of(), pending.settled(at - S / 2), "written " + (piece - 1) + " pieces: not settled");
            files.put("a.bin", new State(100L * piece, piece));
            assertEquals(Map.of(), pending.settled(at), "just grew");
        }
        long lastChange = 4 * S + S / 2;
        assertEquals(Map.of(), pending.settled(lastChange + 2 * S - 1));
        assertEquals(Map.of("a.bin", new State(500, 5)), pending.settled(lastChange + 2 * S));
        assertEquals(0, pending.size(), "taken out once settled");
    }

    @Test
    void look_afterSent_unchangedIgnoredChangedPendingAgain() {
        files.put("b.txt", new State(10, 1));
        pending.look("b.txt", 0);
        Map<String, State> settled = pending.settled(2 * S);
        pending.sent("b.txt", settled.get("b.txt"));

        assertEquals(Verdict.UNCHANGED_SINCE_SENT, pending.look("b.txt", 3 * S), "an event that changed nothing");
        assertEquals(0, pending.size());

        files.put("b.txt", new State(10, 7));
        assertEquals(Verdict.CHANGED_SINCE_SENT, pending.look("b.txt", 4 * S));
        assertEquals(Map.of(), pending.settled(5 * S));
        assertEquals(Map.of("b.txt", new State(10, 7)), pending.settled(6 * S), "sent again once settled");
    }

    @Test
    void settled_fileDeletedWhilePending_forgotten() {
        files.put("tmp.swp", new State(1, 1));
        pending.look("tmp.swp", 0);
        files.remove("tmp.swp");

        assertEquals(Map.of(), pending.settled(10 * S));
        assertEquals(0, pending.size());
        assertEquals(Verdict.VANISHED, pending.look("tmp.swp", 11 * S));
        assertEquals(0, pending.size());
    }

    @Test
    void look_againWhilePendingAndUnchanged_settleTimeNotRestarted() {
        files.put("c", new State(5, 5));
        pending.look("c", 0);
        assertEquals(Verdict.WAITING, pending.look("c", S), "a second event for the same write");
        assertEquals(List.of("c"), pending.names());
        assertTrue(pending.settled(2 * S).containsKey("c"));
    }
}
