package dev.uploader.history;

import dev.uploader.report.JsonLines;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a run did and proved file by file, read from its JSON Lines report (see {@code report.JsonLinesReport}): one
 * row per object record, in the report's order, and the whole job's summary fields a person looks for.
 *
 * <p>The report is read line by line; only the small rows are kept (a report of 100,000 objects gives 100,000 rows).
 * A complete line that is no JSON object is passed over and counted ({@link #badLines()}); an unfinished last line
 * (a run still going, or killed) is left out.
 *
 * @param fatalError    why the run stopped early, as its summary says; null when it did not or there is no summary
 * @param failuresList  the whole job's failures list as its summary names it; null when none
 * @param badLines      complete lines that were no JSON object
 */
public record RunDetails(Path report, List<Row> rows, String fatalError, Path failuresList, long badLines) {
    private static final Logger LOG = LoggerFactory.getLogger(RunDetails.class);

    public RunDetails {
        rows = Collections.unmodifiableList(rows);
    }

    /** What became of a file. */
    public enum Status { UPLOADED, SKIPPED, FAILED }

    /**
     * One object record of the report.
     *
     * @param pair    the bucket pair of a job of several, else null
     * @param key     the object's key; null for a source entry that could not be read while listing
     * @param source  the source path, relative to the pair's source
     * @param proof   for an upload, what was shown about the object in words; null otherwise
     * @param detail  for a skip, why (what was compared); for a failure, the reason; for an upload, the engine's words
     */
    public record Row(String pair, String key, String source, long size, Status status, String action, String proof,
                      String detail) {

        /**
         * What the run showed about the object at the destination, in words, or null when it showed nothing: the
         * proof of an upload, the comparison of a skip (the object already there).
         */
        public String verifiedWords() {
            return switch (status) {
                case UPLOADED -> proof != null ? proof : detail;
                case SKIPPED -> detail;
                case FAILED -> null;
            };
        }
    }

    /**
     * Reads a run's report.
     *
     * @throws UncheckedIOException when the report cannot be read; the message names it and why
     */
    public static RunDetails read(Path report) {
        List<Row> rows = new ArrayList<>();
        String[] fatal = {null};
        Path[] failures = {null};
        long[] bad = {0};
        try (InputStream in = Files.newInputStream(report)) {
            JsonLines.forEachLine(in, (number, bytes) -> {
                Map<String, Object> record;
                try {
                    record = JsonLines.parse(bytes);
                } catch (JsonLines.MalformedLine e) {
                    if (bad[0]++ == 0) {
                        LOG.warn("report {}: line {} is no JSON object and is passed over: {}", report, number, e.getMessage());
                    }
                    return;
                }
                if (record == null) {
                    return;
                }
                Object type = record.get("type");
                if ("object".equals(type)) {
                    Row row = row(record);
                    if (row != null) {
                        rows.add(row);
                    }
                } else if ("summary".equals(type) && record.get("pair") == null) {
                    fatal[0] = text(record, "fatalError");
                    String list = text(record, "failuresList");
                    failures[0] = list == null ? null : Path.of(list);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the report " + report + ": "
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()), e);
        }
        if (bad[0] > 1) {
            LOG.warn("report {}: {} lines in all were no JSON object", report, bad[0]);
        }
        return new RunDetails(report, rows, fatal[0], failures[0], bad[0]);
    }

    private static Row row(Map<String, Object> r) {
        Status status;
        Object outcome = r.get("outcome");
        if ("uploaded".equals(outcome)) {
            status = Status.UPLOADED;
        } else if ("skipped".equals(outcome)) {
            status = Status.SKIPPED;
        } else if ("failed".equals(outcome)) {
            status = Status.FAILED;
        } else {
            return null; // an outcome a later version may add
        }
        String detail = status == Status.FAILED ? text(r, "error") : text(r, "detail");
        return new Row(text(r, "pair"), text(r, "key"), text(r, "source"), r.get("size") instanceof Number n ? n.longValue() : 0,
                status, text(r, "action"), text(r, "proven"), detail);
    }

    private static String text(Map<String, Object> r, String name) {
        return r.get(name) instanceof String s ? s : null;
    }

    /** The rows of the files that failed, with their reasons, in the report's order. */
    public List<Row> failures() {
        return rows.stream().filter(r -> r.status() == Status.FAILED).toList();
    }

    /**
     * The keys whose objects the run showed to be right at the destination (uploaded and verified, or skipped as
     * already there), each with what was shown in words. A key the report names twice (a retried file) takes its last
     * record: a later failure removes it.
     */
    public Map<String, String> verifiedKeys() {
        Map<String, String> verified = new LinkedHashMap<>();
        for (Row row : rows) {
            if (row.key() == null) {
                continue;
            }
            String words = row.verifiedWords();
            if (words != null) {
                verified.put(row.key(), words);
            } else {
                verified.remove(row.key());
            }
        }
        return verified;
    }
}
