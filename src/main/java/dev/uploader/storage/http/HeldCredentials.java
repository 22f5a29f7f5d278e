package dev.uploader.storage.http;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;

/**
 * Credentials taken from a provider at most once per {@link #HOLD}, and taken again well before they expire.
 * The SDK's providers look at their sources on every call (the profile provider checks its files, the chain
 * walks its members): the lean path signs one request per small file and asked them every time.
 */
final class HeldCredentials implements AwsCredentialsProvider {
    /** Short, so that a changed credentials file or a rotated key is picked up within seconds. */
    static final Duration HOLD = Duration.ofSeconds(10);
    /** Temporary credentials this close to their expiry are asked for again on every request. */
    static final Duration EXPIRY_MARGIN = Duration.ofMinutes(5);

    private final AwsCredentialsProvider source;
    private final Clock clock;
    private volatile Held held;

    private record Held(AwsCredentials credentials, Instant until) {
    }

    HeldCredentials(AwsCredentialsProvider source, Clock clock) {
        this.source = source;
        this.clock = clock;
    }

    @Override
    public AwsCredentials resolveCredentials() {
        Instant now = clock.instant();
        Held current = held;
        if (current == null || !now.isBefore(current.until())) {
            AwsCredentials credentials = source.resolveCredentials();
            Instant until = now.plus(HOLD);
            Optional<Instant> expires = credentials.expirationTime();
            if (expires.isPresent() && expires.get().minus(EXPIRY_MARGIN).isBefore(until)) {
                until = expires.get().minus(EXPIRY_MARGIN);
            }
            current = new Held(credentials, until);
            held = current;
        }
        return current.credentials();
    }

    @Override
    public String toString() {
        return "HeldCredentials(" + source + ")";
    }
}
