package dev.uploader.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Counts outcomes as workers finish them, and keeps only the first {@code keep} of them one by one (failures get
 * room of their own): a job of millions of objects holds counts, not a list of millions. The report file has
 * every object.
 */
final class JobTally {
    /** Outcomes kept one by one in a result: the desktop app's table and the summary's list of failures. */
    static final int KEEP = 10_000;

    private final int keep;
    private final List<FileOutcome> kept = new ArrayList<>();
    private int failuresKept;
    private long uploaded;
    private long skipped;
    private long failed;
    private long uploadedBytes;
    private long resumedFiles;
    private long partsReused;
    private long bytesReused;
    private long sizeOnly;
    private long excluded;
    private long excludedFolders;
    private final SortedMap<Proof, Long> proofs = new TreeMap<>();

    JobTally(int keep) {
        this.keep = keep;
    }

    synchronized void add(FileOutcome f) {
        switch (f.status()) {
            case UPLOADED -> {
                uploaded++;
                uploadedBytes += f.size();
                if (f.proof() != null) {
                    proofs.merge(f.proof(), 1L, Long::sum);
                }
            }
            case SKIPPED -> skipped++;
            case FAILED -> failed++;
        }
        if (f.resumed()) {
            resumedFiles++;
        }
        partsReused += f.partsReused();
        bytesReused += f.bytesReused();
        boolean failure = f.status() == FileOutcome.Status.FAILED;
        if (kept.size() - failuresKept < keep && !failure || failure && failuresKept < keep) {
            kept.add(f);
            if (failure) {
                failuresKept++;
            }
        }
    }

    /** An object skipped by {@code --checksum} that could only be compared by size. */
    synchronized void comparedBySizeOnly() {
        sizeOnly++;
    }

    synchronized void excluded(long entries, long folders) {
        excluded += entries;
        excludedFolders += folders;
    }

    synchronized List<FileOutcome> kept() {
        return new ArrayList<>(kept);
    }

    synchronized JobTotals totals() {
        return new JobTotals(uploaded, skipped, failed, uploadedBytes, resumedFiles, partsReused, bytesReused, proofs, sizeOnly, excluded, excludedFolders);
    }
}
