package dev.uploader.engine.watch;

import dev.uploader.engine.FileOutcome;
import dev.uploader.engine.JobResult;
import dev.uploader.engine.JobTotals;
import dev.uploader.engine.Proof;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The counts of a whole watch (its first run and every job after it) as one {@link JobResult}, for the summary at its
 * end. Uploads and bytes add up. Skips (and the filters' counts) are counted for the first run and the batches of
 * settled files, not for rescans, which look at the same files again and again. A file counts as failed only while
 * its last outcome is a failure: one that failed and was sent by a later rescan is not a failure at the end, nor is one
 * that is gone from the folder since.
 * Thread-safe.
 */
final class WatchTally {
    private final long startedNanos = System.nanoTime();
    private long uploaded;
    private long skipped;
    private long uploadedBytes;
    private long resumedFiles;
    private long partsReused;
    private long bytesReused;
    private long sizeOnly;
    private long excluded;
    private long excludedFolders;
    private long bytesSent;
    private final SortedMap<Proof, Long> proofs = new TreeMap<>();
    private final List<JobResult.LeftUpload> left = new ArrayList<>();
    /** The last failure of each file whose last outcome is a failure, by source path. */
    private final Map<String, FileOutcome> failing = new LinkedHashMap<>();
    private String fatalError;

    /** A job of the watch ended; {@code repeatedLook}: a rescan (its skips are not counted). */
    synchronized void add(JobResult result, boolean repeatedLook) {
        JobTotals t = result.totals();
        uploaded += t.uploaded();
        uploadedBytes += t.uploadedBytes();
        resumedFiles += t.resumedFiles();
        partsReused += t.partsReused();
        bytesReused += t.bytesReused();
        t.proofs().forEach((proof, n) -> proofs.merge(proof, n, Long::sum));
        if (!repeatedLook) {
            skipped += t.skipped();
            sizeOnly += t.comparedBySizeOnly();
            excluded += t.excluded();
            excludedFolders += t.excludedFolders();
        }
        bytesSent += result.bytesSent();
        left.addAll(result.leftBehind());
        fatalError = result.fatalError();
    }

    /** A job could not run at all (its access check failed, the folder is gone): said at the end unless a later job ran. */
    synchronized void couldNotRun(String why) {
        fatalError = why;
    }

    /** The outcomes of one job, every one (not only those a result keeps): a later success clears an earlier failure. */
    synchronized void outcomes(List<FileOutcome> outcomes) {
        for (FileOutcome o : outcomes) {
            String name = o.sourcePath() != null ? o.sourcePath() : o.key();
            if (o.status() == FileOutcome.Status.FAILED) {
                failing.remove(name);
                failing.put(name, o);
            } else {
                failing.remove(name);
            }
        }
    }

    /** Failures of files that are gone from the folder since (deleted, renamed): nothing is missing at the destination. */
    synchronized void forgetGone(java.util.function.Predicate<String> gone) {
        failing.keySet().removeIf(gone);
    }

    /**
     * The whole watch so far.
     *
     * @param cut a job was ended by the stop, or files were still pending: not everything is at the destination
     */
    synchronized JobResult result(boolean cut) {
        JobTotals totals = new JobTotals(uploaded, skipped, failing.size(), uploadedBytes, resumedFiles, partsReused, bytesReused, proofs,
                sizeOnly, excluded, excludedFolders);
        List<FileOutcome> failures = new ArrayList<>(failing.values());
        return new JobResult(failures, totals, Duration.ofNanos(System.nanoTime() - startedNanos), fatalError, cut, bytesSent, left);
    }
}
