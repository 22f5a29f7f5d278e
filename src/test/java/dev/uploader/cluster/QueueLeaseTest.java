package dev.uploader.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The lease rule: held while the message stays hidden for more than a quarter of its visibility, never after a loss. */
class QueueLeaseTest {
    static final Duration V = Duration.ofSeconds(100);

    @Test
    void held_freshReceive_held() {
        assertTrue(new QueueLease(System.nanoTime(), V).held());
    }

    @Test
    void held_lessThanAQuarterOfTheVisibilityLeft_notHeld() {
        QueueLease lease = new QueueLease(System.nanoTime() - Duration.ofSeconds(80).toNanos(), V);

        assertFalse(lease.held(), "20 s left of 100: not enough for one more request");
        assertTrue(lease.ranOut());
        assertNull(lease.lostWhy(), "run out, not lost by a refusal");
    }

    @Test
    void renewed_byAHeartbeat_heldAgain() {
        QueueLease lease = new QueueLease(System.nanoTime() - Duration.ofSeconds(80).toNanos(), V);

        lease.renewed(System.nanoTime(), V);

        assertTrue(lease.held());
    }

    @Test
    void lose_thenRenewed_neverHeldAgain() {
        QueueLease lease = new QueueLease(System.nanoTime(), V);

        lease.lose("refused");
        lease.renewed(System.nanoTime(), V);
        lease.lose("second reason");

        assertFalse(lease.held());
        assertEquals("refused", lease.lostWhy(), "the first reason is kept");
    }

    @Test
    void renewed_byAnOlderHeartbeat_neverShortened() {
        long now = System.nanoTime();
        QueueLease lease = new QueueLease(now, V);

        lease.renewed(now - Duration.ofSeconds(90).toNanos(), V);

        assertTrue(lease.held());
    }

    @Test
    void renewed_byAHeartbeatAskedAfterTheVisibilityRanOut_neverHeldAgainNorOurs() {
        QueueLease lease = new QueueLease(System.nanoTime() - Duration.ofSeconds(120).toNanos(), V);

        lease.renewed(System.nanoTime(), V);

        assertFalse(lease.held(), "another worker may hold the message: an old receipt handle still renews it on SQS");
        assertFalse(lease.ours(), "so it is neither deleted nor handed back from here");
    }

    @Test
    void ours_lostByTheWorkersOwnStop_stillOursToHandBack() {
        QueueLease lease = new QueueLease(System.nanoTime(), V);

        lease.lose("the worker is stopping");

        assertFalse(lease.held());
        assertTrue(lease.ours());
    }

    @Test
    void ours_disownedByARefusedHeartbeat_notOurs() {
        QueueLease lease = new QueueLease(System.nanoTime(), V);

        lease.disown("refused");

        assertFalse(lease.ours());
    }
}
