package dev.uploader.run;

import java.time.Instant;

/** Where the {@link JobRunner} records each run that ran, for the desktop app's history. */
@FunctionalInterface
public interface RunHistoryWriter {
    /** Keeps no history (tests, dry runs). */
    RunHistoryWriter NONE = (request, outcome, started) -> {
    };

    /** Called once a run ended (a run that could not begin is not recorded); must not throw. */
    void ran(RunRequest request, RunOutcome outcome, Instant started);
}
