package dev.uploader.run;

import java.time.Instant;

/** Where the {@link JobRunner} records each run that ran, for the desktop app's history. */
@FunctionalInterface
public interface RunHistoryWriter {
    /** Keeps no history (tests, dry runs). */
    RunHistoryWriter NONE = (request, outcome, started) -> {
    };

    /** Called once a run ended; must not throw. */
    void ran(RunRequest request, RunOutcome outcome, Instant started);

    /**
     * Called when the job could not begin (or was stopped before the upload began); must not throw.
     *
     * @param source      the source in words, or null when the stores could not be opened
     * @param destination the destination in words, or null
     */
    default void couldNotRun(RunRequest request, Instant started, String source, String destination, String why, boolean stopped) {
    }
}
