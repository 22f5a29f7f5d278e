package dev.uploader.engine.watch;

import dev.uploader.engine.JobResult;

/**
 * One job of a watch after its first run.
 *
 * @param kind    a batch of settled files, or a rescan of the whole folder
 * @param files   for a batch, how many settled files it was given; for a rescan, 0
 * @param result  the job's result, or null when it could not run (then {@code failure} says why)
 * @param held    files left pending because they may still be written (changed within the settle time)
 * @param failure why the job could not run at all, or null
 */
public record WatchRun(Kind kind, int files, JobResult result, long held, String failure) {

    public enum Kind {
        /** The files that settled since the last batch. */
        SETTLED,
        /** The whole folder through the plan: what events missed (network file systems, an overflow) and what failed before. */
        RESCAN
    }

    /**
     * The run in words, one line without the bytes: "3 settled file(s): 2 uploaded, 1 already there, 0 failed", "rescan: 1
     * uploaded, 0 failed, 120 already there", or why it could not run.
     */
    public String describe() {
        String what = kind == Kind.SETTLED ? files + " settled file(s)" : "rescan";
        if (result == null) {
            return what + " could not run: " + failure + (kind == Kind.SETTLED ? "; they are tried again by the next rescan" : "");
        }
        dev.uploader.engine.JobTotals t = result.totals();
        String counts = kind == Kind.SETTLED
                ? t.uploaded() + " uploaded, " + t.skipped() + " already there, " + t.failed() + " failed"
                : t.uploaded() + " uploaded, " + t.failed() + " failed, " + t.skipped() + " already there";
        return what + ": " + counts + (held > 0 ? ", " + held + " still being written" : "")
                + (result.fatalError() != null ? "; ended early: " + result.fatalError() : "")
                + (result.stoppedByUser() ? "; stopped" : "");
    }

    /** Whether anything moved or failed: a rescan that found everything in place is not worth a line. */
    public boolean eventful() {
        return failure != null || result == null || kind == Kind.SETTLED || result.totals().uploaded() + result.totals().failed() > 0
                || result.fatalError() != null;
    }
}
