package dev.uploader.engine;

import java.time.Duration;
import java.util.List;

/**
 * The end of a job.
 *
 * @param fatalError why the job stopped early, or null
 */
public record JobResult(List<FileOutcome> files, Duration elapsed, String fatalError, boolean stoppedByUser) {

    public JobResult {
        files = List.copyOf(files);
    }

    public List<FileOutcome> with(FileOutcome.Status status) {
        return files.stream().filter(f -> f.status() == status).toList();
    }

    public long bytesSent() {
        return files.stream().mapToLong(FileOutcome::bytesSent).sum();
    }

    public int partsReused() {
        return files.stream().mapToInt(FileOutcome::partsReused).sum();
    }

    public long bytesReused() {
        return files.stream().mapToLong(FileOutcome::bytesReused).sum();
    }

    /** Every source file is at the destination and verified. */
    public boolean success() {
        return fatalError == null && !stoppedByUser && with(FileOutcome.Status.FAILED).isEmpty();
    }
}
