package dev.uploader.report;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.uploader.config.ConfigException;
import dev.uploader.engine.FileOutcome;
import dev.uploader.engine.Proof;
import java.io.ByteArrayOutputStream;
import java.io.FileNotFoundException;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The machine-readable report of a job ({@code --report FILE}): one JSON object per line (JSON Lines), written as the
 * job goes, and next to it the failures list ({@link #failuresFile(Path)}), the source paths that failed, one per line,
 * to be given back to a later run with {@code --files-from}.
 *
 * <p>Records, each with {@code "type"} and {@code "time"} (the ISO-8601 UTC instant it was written):
 * <ul>
 *   <li>{@code "object"}: one source entry, see {@link #object} and {@link #problem};</li>
 *   <li>{@code "summary"}: the counts of a pair or, without {@code "pair"}, of the whole job, see {@link #summary}.</li>
 * </ul>
 * A field whose value is unknown is left out (a null pair, key, ETag, proof), except {@code "fatalError"} of a summary,
 * which is always there and null when the job did not stop early.
 *
 * <p>The failures list holds each failed path exactly as the outcome gives it (relative to the pair's source folder or
 * prefix), UTF-8, one per line. A path containing a line break ({@code \n} or {@code \r}), or a character UTF-8 cannot
 * encode (a lone UTF-16 surrogate), cannot be written as one line that reads back as the same path: it is left out of
 * the list, with a warning in the log; its record in the report still names it.
 *
 * <p>Writing never throws into the job: the first write that fails is remembered ({@link #writeFailure()}), logged,
 * and nothing more is written. All methods may be called from many threads; each record is one whole line.
 */
public final class JsonLinesReport implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(JsonLinesReport.class);
    private static final JsonFactory JSON = JsonLines.JSON;
    private static final String FAILURES_SUFFIX = ".failed.txt";

    private final Path file;
    private final Path failuresFile;
    private final OutputStream out;
    private final OutputStream failuresOut;
    private final Clock clock;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream(512);
    private String writeFailure;
    private boolean closed;

    JsonLinesReport(Path file, OutputStream out, Path failuresFile, OutputStream failuresOut, Clock clock) {
        this.file = Objects.requireNonNull(file, "file");
        this.out = Objects.requireNonNull(out, "out");
        this.failuresFile = Objects.requireNonNull(failuresFile, "failuresFile");
        this.failuresOut = Objects.requireNonNull(failuresOut, "failuresOut");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Starts a report: creates the parent folders, creates or empties {@code file} and its failures list.
     *
     * @throws ConfigException when either file cannot be written; the message names the file and why
     */
    public static JsonLinesReport open(Path file) {
        return open(file, Clock.systemUTC());
    }

    static JsonLinesReport open(Path file, Clock clock) {
        Path failures = failuresFile(file);
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
        } catch (IOException e) {
            throw new ConfigException("cannot create the folder of the report " + file + ": " + reason(e, file), e);
        }
        // FileOutputStream, not Files.newOutputStream: that one is a FileChannel, which a write from an interrupted
        // thread closes for good (ClosedByInterruptException), and stopping a job interrupts its workers
        OutputStream out = openTruncated(file, "the report ");
        OutputStream failuresOut;
        try {
            failuresOut = openTruncated(failures, "the failures list ");
        } catch (ConfigException e) {
            closeQuietly(out);
            throw e;
        }
        return new JsonLinesReport(file, out, failures, failuresOut, clock);
    }

    private static OutputStream openTruncated(Path path, String what) {
        try {
            if (Files.isDirectory(path)) {
                throw new ConfigException("cannot write " + what + path + ": it is a folder");
            }
            return new FileOutputStream(path.toFile(), false);
        } catch (IOException e) {
            throw new ConfigException("cannot write " + what + path + ": " + reason(e, path), e);
        }
    }

    /**
     * Claims a new run's report file in {@code dir}: {@code run-YYYYMMDD-HHMMSS.jsonl}, {@code -2}, {@code -3}... for
     * runs that start within the same second. The name is taken by creating the file (CREATE_NEW), so that two runs
     * starting side by side never share one report.
     */
    public static Path claimRunFile(Path dir) {
        String stamp = java.time.LocalDateTime.now().format(java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        try {
            Files.createDirectories(dir);
            for (int n = 1; ; n++) {
                Path file = dir.resolve("run-" + stamp + (n == 1 ? "" : "-" + n) + ".jsonl");
                try {
                    Files.createFile(file);
                    return file;
                } catch (java.nio.file.FileAlreadyExistsException taken) {
                    // another run's: the next number
                }
            }
        } catch (IOException e) {
            throw new ConfigException("cannot write a report in " + dir + ": " + reason(e, dir), e);
        }
    }

    /** The failures list of a report: the same folder, the report's name and {@code .failed.txt}. */
    public static Path failuresFile(Path file) {
        Path name = file.getFileName();
        if (name == null) {
            throw new ConfigException("the report " + file + " names no file");
        }
        return file.resolveSibling(name + FAILURES_SUFFIX);
    }

    public Path file() {
        return file;
    }

    public Path failuresFile() {
        return failuresFile;
    }

    /**
     * The record of one source entry; a failed one also goes into the failures list.
     *
     * @param pair    the source/destination pair it belongs to, or null when the job has one
     * @param action  what the plan was for it ({@code upload}, {@code skip}, {@code refuse}...), written lower-case; null
     *                leaves it out
     */
    public synchronized void object(String pair, FileOutcome outcome, String action) {
        Objects.requireNonNull(outcome, "outcome");
        boolean failed = outcome.status() == FileOutcome.Status.FAILED;
        writeRecord(g -> {
            g.writeStringField("type", "object");
            optional(g, "pair", pair);
            optional(g, "key", outcome.key());
            optional(g, "source", outcome.sourcePath());
            g.writeNumberField("size", outcome.size());
            optional(g, "action", action == null ? null : action.toLowerCase(Locale.ROOT));
            g.writeStringField("outcome", outcome.status().name().toLowerCase(Locale.ROOT));
            g.writeNumberField("bytesSent", outcome.bytesSent());
            g.writeNumberField("partsReused", outcome.partsReused());
            g.writeNumberField("bytesReused", outcome.bytesReused());
            g.writeNumberField("parts", outcome.partCount());
            if (outcome.proof() != null) {
                g.writeStringField("proof", outcome.proof().name());
                g.writeStringField("proven", outcome.proof().words());
            }
            optional(g, "etag", outcome.etag());
            optional(g, failed ? "error" : "detail", outcome.detail());
        });
        if (failed) {
            listFailure(pair, outcome.sourcePath());
        }
    }

    /**
     * A source entry that could not be read while listing: a failed object record without a key, and its path in the
     * failures list.
     *
     * @param path   the entry's path as the listing gave it, or null when unknown
     */
    public synchronized void problem(String pair, String path, String reason) {
        writeRecord(g -> {
            g.writeStringField("type", "object");
            optional(g, "pair", pair);
            optional(g, "source", path);
            g.writeStringField("outcome", "failed");
            optional(g, "error", reason);
        });
        listFailure(pair, path);
    }

    /** The counts of one pair, or with a null {@code pair} of the whole job. */
    public synchronized void summary(String pair, Summary s) {
        Objects.requireNonNull(s, "summary");
        writeRecord(g -> {
            g.writeStringField("type", "summary");
            optional(g, "pair", pair);
            g.writeNumberField("uploaded", s.uploaded());
            g.writeNumberField("skipped", s.skipped());
            g.writeNumberField("failed", s.failed());
            g.writeNumberField("bytesSent", s.bytesSent());
            g.writeNumberField("bytesReused", s.bytesReused());
            g.writeNumberField("partsReused", s.partsReused());
            g.writeFieldName("elapsedSeconds");
            if (Double.isFinite(s.elapsedSeconds())) {
                g.writeNumber(s.elapsedSeconds());
            } else {
                g.writeNull();
            }
            g.writeNumberField("comparedBySizeOnly", s.comparedBySizeOnly());
            g.writeBooleanField("stoppedByUser", s.stoppedByUser());
            g.writeFieldName("fatalError");
            if (s.fatalError() == null) {
                g.writeNull();
            } else {
                g.writeString(text(s.fatalError()));
            }
            g.writeObjectFieldStart("proofs");
            for (Map.Entry<Proof, Long> e : s.proofs().entrySet()) {
                g.writeNumberField(e.getKey().name(), e.getValue());
            }
            g.writeEndObject();
            Path list = pair == null ? (pairLists.isEmpty() || mainListed ? failuresFile : null) : failuresFile(pair);
            if (list != null) {
                g.writeStringField("failuresList", text(list.toString()));
            }
            if (pair == null && !pairLists.isEmpty()) {
                // a job of several pairs: each pair's failures are in a list of its own
                g.writeArrayFieldStart("failuresLists");
                for (PairList each : pairLists.values()) {
                    g.writeString(text(each.path().toString()));
                }
                g.writeEndArray();
            }
            if (leftOutOfLists > 0) {
                g.writeNumberField("failuresNotListed", leftOutOfLists);
            }
        });
    }

    /**
     * The failures list of one pair of a job of several (each pair's paths are relative to its own source, so each has
     * a list of its own that {@code --files-from} takes back with that pair): {@code FILE.pairN.failed.txt}, N in the
     * order the pairs first failed; null while the pair has no failure.
     */
    public synchronized Path failuresFile(String pair) {
        PairList list = pairLists.get(pair);
        return list == null ? null : list.path;
    }

    private record PairList(Path path, OutputStream out) {
    }

    private final Map<String, PairList> pairLists = new java.util.LinkedHashMap<>();
    private boolean mainListed;
    private long leftOutOfLists;

    /**
     * Failed paths a failures list could not hold (a line break in the name, no valid Unicode): the report's records
     * name them; a retry with {@code --files-from} cannot.
     */
    public synchronized long failuresNotListed() {
        return leftOutOfLists;
    }

    /**
     * Why writing stopped: the first write that failed, naming the file and the reason; null while every write
     * succeeded.
     */
    public synchronized String writeFailure() {
        return writeFailure;
    }

    /** Closes both files; later records are dropped. Calling it again does nothing. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        close(out, file, "the report ");
        close(failuresOut, failuresFile, "the failures list ");
        for (PairList list : pairLists.values()) {
            close(list.out(), list.path(), "the failures list ");
        }
    }

    private void close(OutputStream stream, Path path, String what) {
        try {
            stream.close();
        } catch (IOException e) {
            failed(path, what, e);
        }
    }

    /**
     * The records of a report, in order, each as a map of its fields: strings, {@code Long} (or {@code BigInteger}
     * beyond a long), {@code Double}, {@code Boolean}, null, and maps for nested objects (the summary's
     * {@code "proofs"}). A last line without its line break is one a killed writer did not finish: it is left out.
     * Blank lines are skipped.
     *
     * @throws UncheckedIOException when the file cannot be read, or a complete line is not one JSON object; the message
     *                              names the file, the line number and what is wrong
     */
    public static List<Map<String, Object>> read(Path file) {
        List<Map<String, Object>> records = new ArrayList<>();
        try (InputStream in = Files.newInputStream(file)) {
            // what is left without a line break at the end is a line the writer did not finish
            JsonLines.forEachLine(in, (lineNumber, bytes) -> {
                try {
                    Map<String, Object> record = JsonLines.parse(bytes);
                    if (record != null) {
                        records.add(record);
                    }
                } catch (JsonLines.MalformedLine e) {
                    throw malformed(file, lineNumber, e.getMessage(), e.getCause() instanceof IOException cause ? cause : null);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the report " + file + ": " + reason(e, file), e);
        }
        return records;
    }

    private static UncheckedIOException malformed(Path file, long lineNumber, String why, IOException cause) {
        String message = "the report " + file + " has a bad record on line " + lineNumber + ": " + why;
        return new UncheckedIOException(message, cause != null ? cause : new IOException(message));
    }

    /** The fields of one record; {@code type} first, {@code time} added last. */
    private interface Fields {
        void write(JsonGenerator g) throws IOException;
    }

    private void writeRecord(Fields fields) {
        if (closed || writeFailure != null) {
            return;
        }
        byte[] bytes;
        try {
            line.reset();
            try (JsonGenerator g = JSON.createGenerator(line, JsonEncoding.UTF8)) {
                g.writeStartObject();
                fields.write(g);
                g.writeStringField("time", Instant.now(clock).truncatedTo(ChronoUnit.MILLIS).toString());
                g.writeEndObject();
            }
            line.write('\n');
            bytes = line.toByteArray();
        } catch (IOException e) {
            // the generator writes to memory: this is a value it refused, not the file failing
            LOG.warn("report {}: a record could not be put as JSON and is left out: {}", file, e.getMessage());
            return;
        }
        writeWhole(out, bytes, file, "the report ");
    }

    private void listFailure(String pair, String path) {
        if (path == null || closed || writeFailure != null) {
            return;
        }
        Path listPath = failuresFile;
        OutputStream listOut = failuresOut;
        if (pair != null) {
            PairList list = pairLists.get(pair);
            if (list == null) {
                Path p = file.resolveSibling(file.getFileName() + ".pair" + (pairLists.size() + 1) + FAILURES_SUFFIX);
                try {
                    list = new PairList(p, openTruncated(p, "the failures list "));
                } catch (RuntimeException e) {
                    writeFailure = e.getMessage();
                    LOG.warn("report {}: {}", file, e.getMessage());
                    return;
                }
                pairLists.put(pair, list);
            }
            listPath = list.path();
            listOut = list.out();
        }
        if (path.indexOf('\n') >= 0 || path.indexOf('\r') >= 0) {
            LOG.warn("report {}: the failed path {} has a line break and is left out of the failures list {}", file,
                    path.replace("\n", "\\n").replace("\r", "\\r"), listPath);
            leftOutOfLists++;
            return;
        }
        if (!StandardCharsets.UTF_8.newEncoder().canEncode(path)) {
            LOG.warn("report {}: the failed path {} is no valid Unicode and is left out of the failures list {}", file,
                    text(path), listPath);
            leftOutOfLists++;
            return;
        }
        writeWhole(listOut, (path + "\n").getBytes(StandardCharsets.UTF_8), listPath, "the failures list ");
        if (pair == null) {
            mainListed = true;
        }
    }

    /**
     * One write of the whole line, straight to the OS: the streams are unbuffered, so there is nothing to flush, and no
     * fsync per line. A process that is killed loses nothing the OS already has (only a crash of the machine could),
     * and as each line goes in one write, a SIGKILL leaves the file valid up to its last complete line, which is what
     * {@link #read} reads.
     */
    private void writeWhole(OutputStream stream, byte[] bytes, Path path, String what) {
        try {
            stream.write(bytes);
        } catch (IOException e) {
            failed(path, what, e);
        }
    }

    private void failed(Path path, String what, IOException e) {
        if (writeFailure == null) {
            writeFailure = "cannot write " + what + path + ": " + reason(e, path);
            LOG.warn("{}; no more records are written", writeFailure);
        }
    }

    private static void optional(JsonGenerator g, String name, String value) throws IOException {
        if (value != null) {
            g.writeStringField(name, text(value));
        }
    }

    /** The text with each lone UTF-16 surrogate (which JSON in UTF-8 cannot carry) replaced by U+FFFD. */
    static String text(String s) {
        int n = s.length();
        StringBuilder fixed = null;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            boolean lone;
            if (Character.isHighSurrogate(c)) {
                lone = i + 1 >= n || !Character.isLowSurrogate(s.charAt(i + 1));
                if (!lone) {
                    if (fixed != null) {
                        fixed.append(c).append(s.charAt(i + 1));
                    }
                    i++;
                    continue;
                }
            } else {
                lone = Character.isLowSurrogate(c);
            }
            if (lone && fixed == null) {
                fixed = new StringBuilder(n).append(s, 0, i);
            }
            if (fixed != null) {
                fixed.append(lone ? '\uFFFD' : c);
            }
        }
        return fixed == null ? s : fixed.toString();
    }

    /** What went wrong, in words, without the exception's class. */
    static String reason(IOException e, Path path) {
        String why;
        if (e instanceof AccessDeniedException) {
            why = "permission denied";
        } else if (e instanceof NoSuchFileException) {
            why = "no such file or folder";
        } else if (e instanceof FileAlreadyExistsException) {
            why = "a file is in the way of a folder";
        } else if (e instanceof FileSystemException f && f.getReason() != null) {
            why = f.getReason();
        } else if (e instanceof FileNotFoundException && e.getMessage() != null && e.getMessage().endsWith(")")
                && e.getMessage().lastIndexOf(" (") > 0) {
            // FileOutputStream says "the/path (Permission denied)"
            String message = e.getMessage();
            why = message.substring(message.lastIndexOf(" (") + 2, message.length() - 1);
        } else if (e.getMessage() != null && !e.getMessage().isBlank()) {
            why = e.getMessage();
        } else {
            why = "input/output error";
        }
        if (e instanceof FileSystemException f && f.getFile() != null && !f.getFile().equals(path.toString())) {
            why += " (" + f.getFile() + ")";
        }
        return why;
    }

    private static void closeQuietly(OutputStream stream) {
        try {
            stream.close();
        } catch (IOException ignored) {
            // the file was opened a moment ago and nothing was written
        }
    }

    /**
     * The counts of a pair or a job.
     *
     * @param comparedBySizeOnly objects whose comparison with the destination rested on their size alone
     * @param fatalError         why the job stopped early, or null
     * @param proofs             how many uploads each {@link Proof} covers; written strongest first
     */
    public record Summary(long uploaded, long skipped, long failed, long bytesSent, long bytesReused, long partsReused,
                          double elapsedSeconds, long comparedBySizeOnly, boolean stoppedByUser, String fatalError,
                          Map<Proof, Long> proofs) {
        public Summary {
            EnumMap<Proof, Long> ordered = new EnumMap<>(Proof.class);
            if (proofs != null) {
                proofs.forEach((proof, count) -> ordered.put(Objects.requireNonNull(proof, "proof"), Objects.requireNonNull(count, "count")));
            }
            proofs = Collections.unmodifiableMap(ordered);
        }
    }
}
