package dev.uploader.engine;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Retries one request: exponential backoff with jitter, at most {@code maxRetries} retries, and only for
 * {@link TransferException.Retryable}. Everything else is thrown at once.
 */
public final class RetryPolicy {
    private static final Logger LOG = LoggerFactory.getLogger(RetryPolicy.class);

    private final int maxRetries;
    private final Duration baseDelay;
    private final Duration maxDelay;
    private final Sleeper sleeper;

    public RetryPolicy(int maxRetries, Duration baseDelay, Duration maxDelay, Sleeper sleeper) {
        this.maxRetries = maxRetries;
        this.baseDelay = baseDelay;
        this.maxDelay = maxDelay;
        this.sleeper = sleeper;
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
                Duration wait = delayBefore(retry + 1);
                LOG.info("{} failed (attempt {} of {}), retrying in {} ms: {}", what, retry + 1, maxRetries + 1, wait.toMillis(), e.getMessage());
                try {
                    sleeper.sleep(wait);
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

    /** "Equal jitter": half the exponential delay for sure, the other half at random, capped. */
    Duration delayBefore(int retryNumber) {
        long exp = baseDelay.toMillis() << Math.min(retryNumber - 1, 20);
        long capped = Math.min(exp, maxDelay.toMillis());
        long half = capped / 2;
        return Duration.ofMillis(half + ThreadLocalRandom.current().nextLong(half + 1));
    }
}
