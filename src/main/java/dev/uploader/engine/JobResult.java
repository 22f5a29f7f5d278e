package dev.uploader.engine;

import java.time.Duration;
import java.util.List;

/**
 * The end of a job.
 *
 * @param fatalError why the job stopped early, or null
 * @param bytesSent  every byte that went to the store, tries that failed and uploads started again included
 * @param leftBehind unfinished uploads this job made, will not resume, and could not abort
 */
public record JobResult(List<FileOutcome> files, Duration elapsed, String fatalError, boolean stoppedByUser, long bytesSent,
                        List<LeftUpload> leftBehind) {

    public JobResult {
        files = List.copyOf(files);
        leftBehind = List.copyOf(leftBehind);
    }

    /** A result whose bytes sent are those its files count, with nothing left behind. */
    public JobResult(List<FileOutcome> files, Duration elapsed, String fatalError, boolean stoppedByUser) {
        this(files, elapsed, fatalError, stoppedByUser, files.stream().mapToLong(FileOutcome::bytesSent).sum(), List.of());
    }

    /** An unfinished upload the job made and could not abort, and why it was to be aborted. */
    public record LeftUpload(String key, String uploadId, String why) {
    }

    public List<FileOutcome> with(FileOutcome.Status status) {
        return files.stream().filter(f -> f.status() == status).toList();
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

    /**
     * Every source file is at the destination (uploaded and verified as its {@link Proof} says, or already there), and
     * nothing billed was left behind.
     */
    public boolean success() {
        return fatalError == null && !stoppedByUser && with(FileOutcome.Status.FAILED).isEmpty() && leftBehind.isEmpty();
    }
}
