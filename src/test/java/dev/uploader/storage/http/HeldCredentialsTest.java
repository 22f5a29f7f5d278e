package dev.uploader.storage.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.Deque;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;

class HeldCredentialsTest {
    private static final Instant START = Instant.parse("2026-12-01T10:00:00Z");

    /** A clock the test moves. */
    private static final class TestClock extends Clock {
        private Instant now = START;

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    /** Hands out the queued credentials one per call and counts the calls. */
    private static final class QueuedProvider implements AwsCredentialsProvider {
        final Deque<AwsCredentials> queue = new ArrayDeque<>();
        int calls;

        @Override
        public AwsCredentials resolveCredentials() {
            calls++;
            AwsCredentials next = queue.poll();
            if (next == null) {
                throw new IllegalStateException("no credentials");
            }
            return next;
        }
    }

    @Test
    void resolveCredentials_withinTheHold_asksTheProviderOnce() {
        QueuedProvider provider = new QueuedProvider();
        AwsCredentials first = AwsBasicCredentials.create("AKID1", "secret1");
        provider.queue.add(first);
        TestClock clock = new TestClock();
        HeldCredentials held = new HeldCredentials(provider, clock);

        for (int i = 0; i < 1000; i++) {
            assertSame(first, held.resolveCredentials());
        }
        clock.advance(HeldCredentials.HOLD.minusMillis(1));
        assertSame(first, held.resolveCredentials());
        assertEquals(1, provider.calls);
    }

    @Test
    void resolveCredentials_afterTheHold_takesTheProvidersNewCredentials() {
        QueuedProvider provider = new QueuedProvider();
        AwsCredentials first = AwsBasicCredentials.create("AKID1", "secret1");
        AwsCredentials rotated = AwsBasicCredentials.create("AKID2", "secret2");
        provider.queue.add(first);
        provider.queue.add(rotated);
        TestClock clock = new TestClock();
        HeldCredentials held = new HeldCredentials(provider, clock);

        assertSame(first, held.resolveCredentials());
        clock.advance(HeldCredentials.HOLD);
        assertSame(rotated, held.resolveCredentials());
        assertEquals(2, provider.calls);
    }

    @Test
    void resolveCredentials_sessionCredentialsNearTheirExpiry_askedAgainEveryTime() {
        QueuedProvider provider = new QueuedProvider();
        TestClock clock = new TestClock();
        Instant soon = START.plus(HeldCredentials.EXPIRY_MARGIN).plusSeconds(2);
        for (int i = 0; i < 5; i++) {
            provider.queue.add(AwsSessionCredentials.builder().accessKeyId("ASIA" + i).secretAccessKey("s").sessionToken("t")
                    .expirationTime(soon).build());
        }
        HeldCredentials held = new HeldCredentials(provider, clock);

        assertEquals("ASIA0", held.resolveCredentials().accessKeyId());
        clock.advance(Duration.ofSeconds(1));
        assertEquals("ASIA0", held.resolveCredentials().accessKeyId()); // held until 5 min before expiry
        clock.advance(Duration.ofSeconds(1));
        assertEquals("ASIA1", held.resolveCredentials().accessKeyId());
        assertEquals("ASIA2", held.resolveCredentials().accessKeyId());
        assertEquals(3, provider.calls);
    }

    @Test
    void resolveCredentials_providerFails_failureReachesTheCallerAndNothingIsHeld() {
        QueuedProvider provider = new QueuedProvider();
        HeldCredentials held = new HeldCredentials(provider, new TestClock());

        assertThrows(IllegalStateException.class, held::resolveCredentials);
        AwsCredentials later = AwsBasicCredentials.create("AKID", "secret");
        provider.queue.add(later);
        assertSame(later, held.resolveCredentials());
    }
}
