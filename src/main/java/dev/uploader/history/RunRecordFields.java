package dev.uploader.history;

import dev.uploader.config.JobType;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** A {@link RunRecord} as the fields of one JSON line of the history, and back. */
final class RunRecordFields {
    private RunRecordFields() {
    }

    static Map<String, Object> of(RunRecord r) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("id", r.id());
        f.put("started", r.started().toString());
        f.put("ended", r.ended().toString());
        f.put("origin", r.origin().name());
        f.put("jobType", r.jobType().name());
        f.put("source", r.source());
        f.put("destination", r.destination());
        RunRecord.Totals t = r.totals();
        f.put("uploaded", t.uploaded());
        f.put("skipped", t.skipped());
        f.put("failed", t.failed());
        f.put("bytesSent", t.bytesSent());
        f.put("bytesReused", t.bytesReused());
        f.put("partsReused", t.partsReused());
        f.put("proofs", t.proofs());
        f.put("outcome", r.outcome().name());
        f.put("outcomeWords", r.outcomeWords());
        f.put("report", path(r.report()));
        f.put("failuresList", path(r.failuresList()));
        f.put("log", path(r.log()));
        f.put("config", path(r.config()));
        return f;
    }

    /**
     * The record of these fields; fields it does not know are passed over (a later version may add some).
     *
     * @throws IllegalArgumentException naming the field that is missing or not of its kind
     */
    static RunRecord record(Map<String, Object> f) {
        Map<String, Long> proofs = new LinkedHashMap<>();
        Object given = f.get("proofs");
        if (given instanceof Map<?, ?> map) {
            map.forEach((words, count) -> {
                if (count instanceof Number n) {
                    proofs.put(String.valueOf(words), n.longValue());
                }
            });
        } else if (given != null) {
            throw new IllegalArgumentException("proofs is not an object");
        }
        RunRecord.Totals totals = new RunRecord.Totals(number(f, "uploaded"), number(f, "skipped"), number(f, "failed"),
                number(f, "bytesSent"), number(f, "bytesReused"), number(f, "partsReused"), proofs);
        return new RunRecord(required(f, "id"), instant(f, "started"), instant(f, "ended"),
                constant(RunRecord.Origin.class, f, "origin"), constant(JobType.class, f, "jobType"), text(f, "source"),
                text(f, "destination"), totals, constant(RunRecord.Outcome.class, f, "outcome"), text(f, "outcomeWords"),
                pathOf(f, "report"), pathOf(f, "failuresList"), pathOf(f, "log"), pathOf(f, "config"));
    }

    private static String path(Path p) {
        return p == null ? null : p.toString();
    }

    private static String text(Map<String, Object> f, String name) {
        Object v = f.get(name);
        if (v == null) {
            return null;
        }
        if (v instanceof String s) {
            return s;
        }
        throw new IllegalArgumentException(name + " is not a string");
    }

    private static String required(Map<String, Object> f, String name) {
        String v = text(f, name);
        if (v == null || v.isEmpty()) {
            throw new IllegalArgumentException(name + " is missing");
        }
        return v;
    }

    private static Instant instant(Map<String, Object> f, String name) {
        String v = required(f, name);
        try {
            return Instant.parse(v);
        } catch (java.time.format.DateTimeParseException e) {
            throw new IllegalArgumentException(name + " '" + v + "' is no ISO-8601 instant", e);
        }
    }

    private static <E extends Enum<E>> E constant(Class<E> type, Map<String, Object> f, String name) {
        String v = required(f, name);
        try {
            return Enum.valueOf(type, v);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(name + " '" + v + "' is not known", e);
        }
    }

    private static long number(Map<String, Object> f, String name) {
        Object v = f.get(name);
        if (v == null) {
            return 0;
        }
        if (v instanceof Number n) {
            return n.longValue();
        }
        throw new IllegalArgumentException(name + " is not a number");
    }

    private static Path pathOf(Map<String, Object> f, String name) {
        String v = text(f, name);
        if (v == null || v.isEmpty()) {
            return null;
        }
        try {
            return Path.of(v);
        } catch (java.nio.file.InvalidPathException e) {
            throw new IllegalArgumentException(name + " '" + v + "' is no path here", e);
        }
    }
}
