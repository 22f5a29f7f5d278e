package dev.uploader.engine.watch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.uploader.engine.watch.SettleRule.Sighting;
import dev.uploader.engine.watch.SettleRule.State;
import dev.uploader.engine.watch.SettleRule.Verdict;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The decision table of the settle rule: a file is sent only once its size and time stayed the same for the settle time. */
class SettleRuleTest {
    private static final long S = 1_000_000_000L;
    private final SettleRule rule = new SettleRule(Duration.ofSeconds(5));
    private static final State A = new State(100, 1_000);
    /** Same size, later time: rewritten in place. */
    private static final State A_TOUCHED = new State(100, 2_000);
    /** Grown: more was written. */
    private static final State A_GROWN = new State(200, 1_000);

    @Test
    void decide_notPendingAndNeverSent_new() {
        assertEquals(Verdict.NEW, rule.decide(null, A, null, 10 * S));
    }

    @Test
    void decide_notPendingAndGone_vanished() {
        assertEquals(Verdict.VANISHED, rule.decide(null, null, null, 10 * S));
        assertEquals(Verdict.VANISHED, rule.decide(null, null, A, 10 * S));
    }

    @Test
    void decide_notPendingAndAsSent_unchangedSinceSent() {
        assertEquals(Verdict.UNCHANGED_SINCE_SENT, rule.decide(null, A, A, 10 * S));
    }

    @Test
    void decide_notPendingAndOtherTimeOrSizeThanSent_changedSinceSent() {
        assertEquals(Verdict.CHANGED_SINCE_SENT, rule.decide(null, A_TOUCHED, A, 10 * S), "same size, rewritten");
        assertEquals(Verdict.CHANGED_SINCE_SENT, rule.decide(null, A_GROWN, A, 10 * S), "same time, other size");
    }

    @Test
    void decide_pendingAndOtherSizeOrTime_changing() {
        Sighting seen = new Sighting(A, 10 * S);
        assertEquals(Verdict.CHANGING, rule.decide(seen, A_GROWN, null, 20 * S), "still growing, however long since the first look");
        assertEquals(Verdict.CHANGING, rule.decide(seen, A_TOUCHED, null, 20 * S));
    }

    @Test
    void decide_pendingAndSameForLessThanTheSettleTime_waiting() {
        Sighting seen = new Sighting(A, 10 * S);
        assertEquals(Verdict.WAITING, rule.decide(seen, A, null, 10 * S));
        assertEquals(Verdict.WAITING, rule.decide(seen, A, null, 15 * S - 1));
    }

    @Test
    void decide_pendingAndSameForTheSettleTime_settled() {
        Sighting seen = new Sighting(A, 10 * S);
        assertEquals(Verdict.SETTLED, rule.decide(seen, A, null, 15 * S));
        assertEquals(Verdict.SETTLED, rule.decide(seen, A, null, 500 * S));
    }

    @Test
    void decide_pendingAndGone_vanished() {
        assertEquals(Verdict.VANISHED, rule.decide(new Sighting(A, 10 * S), null, null, 20 * S));
    }

    @Test
    void decide_pending_whatWasSentPlaysNoPart() {
        Sighting seen = new Sighting(A, 10 * S);
        assertEquals(Verdict.SETTLED, rule.decide(seen, A, A_GROWN, 15 * S));
        assertEquals(Verdict.WAITING, rule.decide(seen, A, A, 11 * S));
    }

    @Test
    void decide_fileTimeInTheFutureOrPast_onlyThisMachinesClockCounts() {
        // a file server's clock far ahead or behind changes nothing: the looks are timed here
        State future = new State(100, Long.MAX_VALUE / 2);
        State past = new State(100, 0);
        assertEquals(Verdict.WAITING, rule.decide(new Sighting(future, 10 * S), future, null, 11 * S));
        assertEquals(Verdict.WAITING, rule.decide(new Sighting(past, 10 * S), past, null, 11 * S));
    }

    @Test
    void settleRule_zeroTime_refused() {
        assertThrows(IllegalArgumentException.class, () -> new SettleRule(Duration.ZERO));
    }
}
