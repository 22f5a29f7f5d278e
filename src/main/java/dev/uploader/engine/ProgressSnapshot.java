package dev.uploader.engine;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The job as it stands, delivered to listeners a few times a second.
 *
 * @param bytesDone      bytes of the files to upload that are at the destination (sent or reused)
 * @param bytesPerSecond recent transfer rate
 */
public record ProgressSnapshot(long bytesDone, long bytesTotal, int filesDone, int filesTotal, long partsDone,
                               double bytesPerSecond, Duration elapsed, List<FileProgress> inFlight) {

    public ProgressSnapshot {
        inFlight = List.copyOf(inFlight);
    }

    public Optional<Duration> eta() {
        if (bytesPerSecond <= 1 || bytesDone >= bytesTotal) {
            return bytesDone >= bytesTotal ? Optional.of(Duration.ZERO) : Optional.empty();
        }
        return Optional.of(Duration.ofSeconds((long) ((bytesTotal - bytesDone) / bytesPerSecond)));
    }
}
