package dev.uploader.storage.s3;

import java.nio.file.Path;
import java.time.Duration;

/**
 * How the uploader speaks to S3-compatible stores, from the config: which client, how long a request may go
 * without progress, and which certificate authorities to trust beyond the system's.
 *
 * @param forceSdk    the AWS SDK for every store ({@code S3Client = sdk})
 * @param idleTimeout a request on which nothing moves for this long fails, and is retried on a new connection
 * @param caBundle    a PEM file of certificates to trust as well (private certificate authorities), or null
 */
public record StoreSettings(boolean forceSdk, Duration idleTimeout, Path caBundle) {

    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(30);
    /** The access check asks at most this long: a server that accepts connections but never answers is told within seconds. */
    public static final Duration ACCESS_CHECK_TIMEOUT = Duration.ofSeconds(10);

    public static StoreSettings defaults() {
        return new StoreSettings(false, DEFAULT_IDLE_TIMEOUT, null);
    }

    /** The idle timeout of the access check: the shorter of the two. */
    public Duration accessCheckTimeout() {
        return idleTimeout.compareTo(ACCESS_CHECK_TIMEOUT) < 0 ? idleTimeout : ACCESS_CHECK_TIMEOUT;
    }
}
