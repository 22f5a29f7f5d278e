package dev.uploader.engine;

import java.time.Duration;
import java.util.List;

/**
 * The end of a job.
 *
 * @param files      outcomes one by one: every failure and the first {@value JobTally#KEEP} others (a job of millions
 *                   of objects keeps counts in {@code totals}; the report file has every object)
 * @param totals     counts over every object
 * @param fatalError why the job stopped early, or null
 * @param bytesSent  every byte that went to the store, tries that failed and uploads started again included
 * @param leftBehind unfinished uploads this job made, will not resume, and could not abort
 */
public record JobResult(List<FileOutcome> files, JobTotals totals, Duration elapsed, String fatalError, boolean stoppedByUser,
                        long bytesSent, List<LeftUpload> leftBehind) {

    public JobResult {
        files = List.copyOf(files);
        leftBehind = List.copyOf(leftBehind);
    }

    /** A result of these outcomes and no others. */
    public JobResult(List<FileOutcome> files, Duration elapsed, String fatalError, boolean stoppedByUser, long bytesSent,
                     List<LeftUpload> leftBehind) {
        this(files, JobTotals.of(files), elapsed, fatalError, stoppedByUser, bytesSent, leftBehind);
    }

    /** A result whose bytes sent are those its files count, with nothing left behind. */
    public JobResult(List<FileOutcome> files, Duration elapsed, String fatalError, boolean stoppedByUser) {
        this(files, elapsed, fatalError, stoppedByUser, files.stream().mapToLong(FileOutcome::bytesSent).sum(), List.of());
    }

    /** An unfinished upload the job made and could not abort, and why it was to be aborted. */
    public record LeftUpload(String key, String uploadId, String why) {
    }

    /** The kept outcomes of this status (see {@link #files()}); {@link #count} says how many there were in all. */
    public List<FileOutcome> with(FileOutcome.Status status) {
        return files.stream().filter(f -> f.status() == status).toList();
    }

    public long count(FileOutcome.Status status) {
        return totals.count(status);
    }

    public long partsReused() {
        return totals.partsReused();
    }

    public long bytesReused() {
        return totals.bytesReused();
    }

    /** How many uploaded files each proof covers, strongest first (see {@link Proof}). */
    public java.util.SortedMap<Proof, Long> proofs() {
        return totals.proofs();
    }

    /**
     * Every source file is at the destination (uploaded and verified as its {@link Proof} says, or already there), and
     * nothing billed was left behind.
     */
    public boolean success() {
        return fatalError == null && !stoppedByUser && totals.failed() == 0 && leftBehind.isEmpty();
    }
}
