package dev.uploader.gui.queue;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The queue as it is kept across restarts: one properties file, {@code transfer.N.*} per transfer in the queue's
 * order, written whole to a temporary file and moved over the old one (a crash leaves the old queue or the new one).
 * Never holds a secret.
 */
public final class QueueFile {
    private static final Logger LOG = LoggerFactory.getLogger(QueueFile.class);

    /** A transfer as kept: what it is, where it was, the last words about it and its last report. */
    public record Entry(TransferSpec spec, TransferState state, String status, Path report) {
    }

    private final Path file;
    /** How many transfers the last {@link #read} left out as damaged. */
    private int damaged;

    public QueueFile(Path file) {
        this.file = file;
    }

    public Path file() {
        return file;
    }

    public void write(List<Entry> entries) throws IOException {
        Properties p = new Properties();
        int n = 0;
        for (Entry e : entries) {
            String at = "transfer." + n++ + ".";
            TransferSpec s = e.spec();
            p.setProperty(at + "id", s.id());
            p.setProperty(at + "title", s.title());
            p.setProperty(at + "state", e.state().name());
            p.setProperty(at + "status", e.status() == null ? "" : e.status());
            p.setProperty(at + "added", s.added().toString());
            p.setProperty(at + "watch", Boolean.toString(s.watch()));
            if (s.configFile() != null) {
                p.setProperty(at + "config", s.configFile().toString());
            }
            if (s.namesFile() != null) {
                p.setProperty(at + "names", s.namesFile().toString());
            }
            if (e.report() != null) {
                p.setProperty(at + "report", e.report().toString());
            }
            s.values().forEach((k, v) -> p.setProperty(at + "value." + k, v));
        }
        p.setProperty("transfers", Integer.toString(n));
        Files.createDirectories(file.toAbsolutePath().getParent());
        Path temp = file.resolveSibling(file.getFileName() + ".tmp");
        try (Writer w = Files.newBufferedWriter(temp, StandardCharsets.UTF_8)) {
            p.store(w, "the desktop app's transfer queue; written by the app");
        }
        try {
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** The transfers kept, in order; none when there is no file; a transfer whose entry is damaged is left out with a warning. */
    public List<Entry> read() throws IOException {
        if (!Files.isRegularFile(file)) {
            return List.of();
        }
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (IllegalArgumentException e) {
            // a hand-edited file (a Windows path's backslash): not a queue the app can read
            throw new IOException(file + " is not a queue file the app wrote (" + e.getMessage() + ")", e);
        }
        int count;
        try {
            count = Integer.parseInt(p.getProperty("transfers", "0"));
        } catch (NumberFormatException e) {
            throw new IOException(file + " is not a queue file the app wrote (transfers=" + p.getProperty("transfers") + ")");
        }
        List<Entry> entries = new ArrayList<>();
        damaged = 0;
        for (int n = 0; n < count; n++) {
            String at = "transfer." + n + ".";
            try {
                Map<String, String> values = new TreeMap<>();
                for (String name : p.stringPropertyNames()) {
                    if (name.startsWith(at + "value.")) {
                        String key = name.substring((at + "value.").length());
                        if (key.indexOf('.') <= 0) {
                            throw new IllegalArgumentException(name + " names no [section].key");
                        }
                        values.put(key, p.getProperty(name));
                    }
                }
                String config = p.getProperty(at + "config");
                String names = p.getProperty(at + "names");
                String report = p.getProperty(at + "report");
                TransferSpec spec = new TransferSpec(required(p, at + "id"), required(p, at + "title"), config == null ? null : Path.of(config),
                        new LinkedHashMap<>(values), names == null ? null : Path.of(names), Boolean.parseBoolean(p.getProperty(at + "watch")),
                        Instant.parse(required(p, at + "added")));
                entries.add(new Entry(spec, TransferState.valueOf(required(p, at + "state")), p.getProperty(at + "status", ""),
                        report == null ? null : Path.of(report)));
            } catch (IllegalArgumentException | DateTimeParseException e) {
                LOG.warn("{}: transfer {} is damaged and left out: {}", file, n, e.getMessage());
                damaged++;
            }
        }
        return entries;
    }

    /** How many transfers the last {@link #read} left out as damaged. */
    public int damaged() {
        return damaged;
    }

    /**
     * Keeps a copy of the file as it is ({@code transfers.properties.damaged}) before the queue writes over it: what
     * could not be read is not lost.
     */
    public Path keepDamaged() throws IOException {
        Path copy = file.resolveSibling(file.getFileName() + ".damaged");
        Files.copy(file, copy, StandardCopyOption.REPLACE_EXISTING);
        return copy;
    }

    private static String required(Properties p, String key) {
        String v = p.getProperty(key);
        if (v == null || v.isBlank()) {
            throw new IllegalArgumentException(key + " is missing");
        }
        return v;
    }
}
