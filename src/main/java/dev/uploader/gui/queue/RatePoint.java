package dev.uploader.gui.queue;

/** One point of a transfer's speed chart: seconds since it started, the throughput then, the files in flight then. */
public record RatePoint(double seconds, double bytesPerSecond, int filesInFlight) {
}
