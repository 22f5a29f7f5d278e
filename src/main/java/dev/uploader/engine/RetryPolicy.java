package dev.uploader.engine;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Retries one request: exponential backoff with jitter, at most {@code maxRetries} retries, and only for
 * {@link TransferException.Retryable}; a wait the store asked for (Retry-After) is honoured, up to a minute.
 * Everything else is thrown at once. A policy made {@link #stoppable} gives up between tries once its job is asked
 * to stop, and tells its listener of every retry (the progress line shows them).
 */
public final class RetryPolicy {
    private static final Logger LOG = LoggerFactory.getLogger(RetryPolicy.class);

    private final int maxRetries;
    private final Duration baseDelay;
    private final Duration maxDelay;
    private final Sleeper sleeper;
    private final java.util.function.BooleanSupplier stop;
    private final java.util.function.BiConsumer<String, String> onRetry;
    private final boolean stoppable;
    /** The longest wait a store's Retry-After is followed for. */
    static final Duration MAX_RETRY_AFTER = Duration.ofSeconds(60);
    private static final long STOP_POLL_MILLIS = 100;

    public RetryPolicy(int maxRetries, Duration baseDelay, Duration maxDelay, Sleeper sleeper) {
        this(maxRetries, baseDelay, maxDelay, sleeper, null, (what, why) -> { });
    }

    private RetryPolicy(int maxRetries, Duration baseDelay, Duration maxDelay, Sleeper sleeper, java.util.function.BooleanSupplier stop,
                        java.util.function.BiConsumer<String, String> onRetry) {
        this.maxRetries = maxRetries;
        this.baseDelay = baseDelay;
        this.maxDelay = maxDelay;
        this.sleeper = sleeper;
        this.stoppable = stop != null;
        this.stop = stop != null ? stop : () -> false;
        this.onRetry = onRetry;
    }

    /**
     * The same policy, giving up between tries (with the job's {@code Stopped}) once {@code stop} says so, and telling
     * {@code onRetry} what is retried and why.
     */
    RetryPolicy stoppable(java.util.function.BooleanSupplier stop, java.util.function.BiConsumer<String, String> onRetry) {
        return new RetryPolicy(maxRetries, baseDelay, maxDelay, sleeper, stop, onRetry);
    }

    /** This policy, also given up between tries once {@code more} says so (its retries still told to the same listener). */
    RetryPolicy alsoStoppedBy(java.util.function.BooleanSupplier more) {
        java.util.function.BooleanSupplier before = stop;
        return new RetryPolicy(maxRetries, baseDelay, maxDelay, sleeper, () -> before.getAsBoolean() || more.getAsBoolean(), onRetry);
    }

    public static RetryPolicy standard(int maxRetries) {
        return new RetryPolicy(maxRetries, Duration.ofMillis(250), Duration.ofSeconds(20), Sleeper.REAL);
    }

    public int maxRetries() {
        return maxRetries;
    }

    /** The attempt's callable is run again from scratch on every retry. */
    public <T> T call(String what, Callable<T> attempt) {
        for (int retry = 0; ; retry++) {
            try {
                return attempt.call();
            } catch (TransferException.Retryable e) {
                if (retry >= maxRetries) {
                    throw new TransferException.Retryable(what + " failed after " + (retry + 1) + " attempts: " + e.getMessage(), e);
                }
                if (stop.getAsBoolean()) {
                    throw new Stopped();
                }
                Duration wait = delayBefore(retry + 1);
                if (e.retryAfter() != null) {
                    Duration asked = e.retryAfter().compareTo(MAX_RETRY_AFTER) > 0 ? MAX_RETRY_AFTER : e.retryAfter();
                    wait = asked.compareTo(wait) > 0 ? asked : wait;
                }
                LOG.info("{} failed (attempt {} of {}), retrying in {} ms: {}", what, retry + 1, maxRetries + 1, wait.toMillis(), e.getMessage());
                onRetry.accept(what, e.getMessage());
                try {
                    sleepUnlessStopped(wait);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw new TransferException.Fatal("interrupted while waiting to retry " + what, interrupted);
                }
            } catch (TransferException e) {
                throw e;
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new TransferException.SourceUnreadable(what + ": " + e.getMessage(), e);
            }
        }
    }

    /** Waits, in short slices when the policy can be stopped, so that a stop ends the wait within a tenth of a second. */
    private void sleepUnlessStopped(Duration wait) throws InterruptedException {
        long left = wait.toMillis();
        while (stoppable && left > STOP_POLL_MILLIS) {
            if (stop.getAsBoolean()) {
                throw new Stopped();
            }
            sleeper.sleep(Duration.ofMillis(STOP_POLL_MILLIS));
            left -= STOP_POLL_MILLIS;
        }
        if (stop.getAsBoolean()) {
            throw new Stopped();
        }
        sleeper.sleep(Duration.ofMillis(left));
    }

    /** "Equal jitter": half the exponential delay for sure, the other half at random, capped. */
    Duration delayBefore(int retryNumber) {
        long exp = baseDelay.toMillis() << Math.min(retryNumber - 1, 20);
        long capped = Math.min(exp, maxDelay.toMillis());
        long half = capped / 2;
        return Duration.ofMillis(half + ThreadLocalRandom.current().nextLong(half + 1));
    }
}
