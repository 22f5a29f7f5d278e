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

    /** How many uploaded files each proof covers, strongest first (see {@link Proof}). */
    public java.util.SortedMap<Proof, Long> proofs() {
        java.util.SortedMap<Proof, Long> counts = new java.util.TreeMap<>();
        for (FileOutcome f : with(FileOutcome.Status.UPLOADED)) {
            if (f.proof() != null) {
                counts.merge(f.proof(), 1L, Long::sum);
            }
        }
        return counts;
    }

    /** Every source file is at the destination: uploaded and verified as its {@link Proof} says, or already there. */
    public boolean success() {
        return fatalError == null && !stoppedByUser && with(FileOutcome.Status.FAILED).isEmpty();
    }
}
