package dev.uploader.engine;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The job as it stands, delivered to listeners a few times a second.
 *
 * @param bytesDone      bytes of the files to upload that are at the destination (sent or reused)
 * @param bytesPerSecond recent transfer rate
 * @param recentRetries  requests retried in the last ten seconds
 * @param lastRetry      what the newest retry was for and why, or null when nothing was retried lately
 * @param listing        the listing goes on: the totals still grow, and an ETA would be a guess
 * @param bytesOnTheWire every byte that went to the destination so far, requests that failed included (reused parts not)
 */
public record ProgressSnapshot(long bytesDone, long bytesTotal, int filesDone, int filesTotal, long partsDone,
                               double bytesPerSecond, Duration elapsed, List<FileProgress> inFlight, int recentRetries, String lastRetry,
                               boolean listing, long bytesOnTheWire) {

    public ProgressSnapshot {
        inFlight = List.copyOf(inFlight);
    }

    /** A snapshot of a job whose listing is over. */
    public ProgressSnapshot(long bytesDone, long bytesTotal, int filesDone, int filesTotal, long partsDone, double bytesPerSecond,
                            Duration elapsed, List<FileProgress> inFlight, int recentRetries, String lastRetry) {
        this(bytesDone, bytesTotal, filesDone, filesTotal, partsDone, bytesPerSecond, elapsed, inFlight, recentRetries, lastRetry, false, 0);
    }

    /** Words for a progress line when requests are being retried, else "". */
    public String retrying() {
        return recentRetries == 0 ? "" : "; retrying " + recentRetries + " request(s) in the last 10 s, latest: " + lastRetry;
    }

    public Optional<Duration> eta() {
        if (listing) {
            return Optional.empty();
        }
        if (bytesPerSecond <= 1 || bytesDone >= bytesTotal) {
            return bytesDone >= bytesTotal ? Optional.of(Duration.ZERO) : Optional.empty();
        }
        return Optional.of(Duration.ofSeconds((long) ((bytesTotal - bytesDone) / bytesPerSecond)));
    }
}
