package dev.uploader.engine;

import java.time.Instant;

/** An object as a listing or HEAD shows it. {@code etag} is without quotes; it may be empty. */
public record RemoteObject(String key, long size, Instant lastModified, String etag) {
}
