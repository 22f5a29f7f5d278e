package dev.uploader.engine;

import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The counts of a job over every object, however many: the result keeps these, and only the first outcomes one by one.
 *
 * @param comparedBySizeOnly objects skipped with {@code --checksum} whose content could not be compared (no MD5 on one side)
 * @param excluded           source entries the filters left out (not counted as objects)
 * @param excludedFolders    folders the filters excluded whole, not walked
 */
public record JobTotals(long uploaded, long skipped, long failed, long uploadedBytes, long resumedFiles, long partsReused,
                        long bytesReused, SortedMap<Proof, Long> proofs, long comparedBySizeOnly, long excluded, long excludedFolders) {

    public JobTotals {
        proofs = Collections.unmodifiableSortedMap(new TreeMap<>(proofs));
    }

    /** The totals of a list of outcomes. */
    public static JobTotals of(Iterable<FileOutcome> files) {
        JobTally tally = new JobTally(Integer.MAX_VALUE);
        files.forEach(tally::add);
        return tally.totals();
    }

    public long count(FileOutcome.Status status) {
        return switch (status) {
            case UPLOADED -> uploaded;
            case SKIPPED -> skipped;
            case FAILED -> failed;
        };
    }

    public long objects() {
        return uploaded + skipped + failed;
    }

    /** These totals and another's, for a job of several bucket pairs. */
    public JobTotals plus(JobTotals other) {
        SortedMap<Proof, Long> both = new TreeMap<>(proofs);
        other.proofs.forEach((p, n) -> both.merge(p, n, Long::sum));
        return new JobTotals(uploaded + other.uploaded, skipped + other.skipped, failed + other.failed, uploadedBytes + other.uploadedBytes,
                resumedFiles + other.resumedFiles, partsReused + other.partsReused, bytesReused + other.bytesReused, both,
                comparedBySizeOnly + other.comparedBySizeOnly, excluded + other.excluded, excludedFolders + other.excludedFolders);
    }

    public static final JobTotals NONE = new JobTotals(0, 0, 0, 0, 0, 0, 0, new TreeMap<>(), 0, 0, 0);
}
