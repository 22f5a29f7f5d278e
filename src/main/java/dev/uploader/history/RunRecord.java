package dev.uploader.history;

import dev.uploader.config.JobType;
import dev.uploader.engine.JobTotals;
import dev.uploader.engine.Proof;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One run of a job as the history keeps it: when, from where, what came of it, and where its report, failures list and
 * log are.
 *
 * @param id            unique among runs (a random UUID from {@link #newId()})
 * @param source        the source in words, e.g. {@code /data/photos} or {@code s3://bucket/prefix}
 * @param destination   the destination in words, e.g. {@code s3://bucket/prefix at http://host:9000}
 * @param outcomeWords  the outcome in words for people; for {@link Outcome#COULD_NOT_RUN} the fatal error
 * @param report        the run's JSON Lines report, or null when it wrote none
 * @param failuresList  the failed paths, one a line (for {@code --files-from}), or null when none were listed
 * @param log           the run's log file, or null
 * @param config        the config file the run was started with, or null when it had none
 */
public record RunRecord(String id, Instant started, Instant ended, Origin origin, JobType jobType, String source,
                        String destination, Totals totals, Outcome outcome, String outcomeWords, Path report,
                        Path failuresList, Path log, Path config) {

    public RunRecord {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(started, "started");
        Objects.requireNonNull(ended, "ended");
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(jobType, "jobType");
        source = source == null ? "" : source;
        destination = destination == null ? "" : destination;
        totals = totals == null ? Totals.NONE : totals;
        Objects.requireNonNull(outcome, "outcome");
        outcomeWords = outcomeWords == null ? outcome.words() : outcomeWords;
    }

    public static String newId() {
        return java.util.UUID.randomUUID().toString();
    }

    /** Whether a retry of the failures makes sense: a failures list and the config to run it with. */
    public boolean canRetryFailures() {
        return totals.failed() > 0 && failuresList != null && config != null;
    }

    /** Who started the run. */
    public enum Origin {
        APP("app"), COMMAND_LINE("command line");

        private final String words;

        Origin(String words) {
            this.words = words;
        }

        public String words() {
            return words;
        }
    }

    /** How the run ended. */
    public enum Outcome {
        /** Every object uploaded or already there. */
        OK("ok"),
        /** The run went to its end, and some files failed. */
        FAILED_FILES("some files failed"),
        /** The run could not start or stopped early on a fatal error (wrong keys, bucket missing ...). */
        COULD_NOT_RUN("could not run"),
        /** A person stopped it. */
        STOPPED("stopped");

        private final String words;

        Outcome(String words) {
            this.words = words;
        }

        public String words() {
            return words;
        }
    }

    /**
     * The counts of a run.
     *
     * @param proofs how many uploads each proof covers, keyed by the proof's words ({@link Proof#words()}), strongest
     *               first; words, not names, so that a record stays readable when the proofs change
     */
    public record Totals(long uploaded, long skipped, long failed, long bytesSent, long bytesReused, long partsReused,
                         Map<String, Long> proofs) {
        public static final Totals NONE = new Totals(0, 0, 0, 0, 0, 0, Map.of());

        public Totals {
            proofs = Collections.unmodifiableMap(new LinkedHashMap<>(proofs == null ? Map.of() : proofs));
        }

        /** The totals of a job's result; {@code bytesSent} as the result gives them (retries counted once). */
        public static Totals of(JobTotals totals, long bytesSent) {
            Map<String, Long> byWords = new LinkedHashMap<>();
            for (Map.Entry<Proof, Long> e : totals.proofs().entrySet()) {
                byWords.merge(e.getKey().words(), e.getValue(), Long::sum);
            }
            return new Totals(totals.uploaded(), totals.skipped(), totals.failed(), bytesSent, totals.bytesReused(),
                    totals.partsReused(), byWords);
        }
    }
}
