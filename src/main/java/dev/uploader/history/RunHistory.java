package dev.uploader.history;

import dev.uploader.report.JsonLines;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The runs of this user's jobs, from the desktop app and the command line alike: one file of JSON Lines
 * ({@value #FILE_NAME}) in a folder given to it, one record a line, oldest first.
 *
 * <p>Two processes may append at once (a command-line run while the app is open): each append holds an exclusive
 * {@link FileLock} on {@value #LOCK_NAME} beside the file and writes one whole line. The lock is on a file of its own,
 * not on the history, because trimming replaces the history (a temporary file moved over it): a process waiting for a
 * lock on the old file would append to a file no longer there. Threads of one process take turns before they lock, as
 * a JVM holds one lock per file.
 *
 * <p>Reading takes no lock: the history is replaced by an atomic move and appended by whole lines, so a reader sees
 * complete records and at most one unfinished last line, which it leaves out. A line that is no record (torn by a
 * killed writer, written by someone else, a value not known here) is passed over with a warning in the log; the rest
 * of the list still reads.
 *
 * <p>It keeps at most {@code limit} records: the append that goes beyond rewrites the file with the newest ones.
 */
public final class RunHistory {
    private static final Logger LOG = LoggerFactory.getLogger(RunHistory.class);
    public static final String FILE_NAME = "runs.jsonl";
    static final String LOCK_NAME = "runs.jsonl.lock";
    public static final int DEFAULT_LIMIT = 1000;
    /** A FileLock belongs to the whole JVM: a second channel of this JVM asking for it fails instead of waiting. */
    private static final Object IN_THIS_JVM = new Object();

    private final Path folder;
    private final Path file;
    private final int limit;

    /** The history in {@code folder} (the app gives {@code AppDirectories.historyDir()}), at most 1,000 runs. */
    public RunHistory(Path folder) {
        this(folder, DEFAULT_LIMIT);
    }

    public RunHistory(Path folder, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("a history keeps at least one run, not " + limit);
        }
        this.folder = Objects.requireNonNull(folder, "folder");
        this.file = folder.resolve(FILE_NAME);
        this.limit = limit;
    }

    public Path file() {
        return file;
    }

    /**
     * Adds a run as one line, then trims the oldest runs beyond the limit. Safe from many threads and processes.
     *
     * @throws UncheckedIOException when the history cannot be written; the message names the file and why
     */
    public void append(RunRecord run) {
        byte[] line = JsonLines.line(RunRecordFields.of(run));
        // an interrupted thread (a job being stopped) would have its channel closed under it: the record still goes in
        boolean interrupted = Thread.interrupted();
        try {
            synchronized (IN_THIS_JVM) {
                Files.createDirectories(folder);
                try (FileChannel lockChannel = FileChannel.open(folder.resolve(LOCK_NAME), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                     FileLock ignored = lockChannel.lock()) {
                    long records = appendLocked(line);
                    if (records > limit) {
                        trimLocked();
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot add the run to the history " + file + ": " + why(e), e);
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Writes the line at the end; returns how many lines the file then holds. */
    private long appendLocked(byte[] line) throws IOException {
        try (FileChannel history = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long size = history.size();
            ByteBuffer out;
            if (size > 0 && lastByte(history, size) != '\n') {
                // a writer was killed in the middle of its line: that line ends here, and reads as a bad one
                LOG.warn("the run history {} ends in an unfinished line (a writer stopped while writing); it is passed over", file);
                out = ByteBuffer.allocate(line.length + 1).put((byte) '\n').put(line).flip();
            } else {
                out = ByteBuffer.wrap(line);
            }
            long at = size;
            while (out.hasRemaining()) {
                at += history.write(out, at);
            }
            return countLines(history);
        }
    }

    private static byte lastByte(FileChannel channel, long size) throws IOException {
        ByteBuffer one = ByteBuffer.allocate(1);
        while (one.hasRemaining() && channel.read(one, size - 1) >= 0) {
            // one byte
        }
        return one.get(0);
    }

    private static long countLines(FileChannel channel) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(1 << 16);
        long lines = 0;
        long at = 0;
        int n;
        while ((n = channel.read(buffer, at)) > 0) {
            at += n;
            for (int i = 0; i < n; i++) {
                if (buffer.get(i) == '\n') {
                    lines++;
                }
            }
            buffer.clear();
        }
        return lines;
    }

    /** Keeps the newest {@code limit} lines: a temporary file beside the history, moved over it at once. */
    private void trimLocked() throws IOException {
        Deque<byte[]> newest = new ArrayDeque<>(limit + 1);
        try (InputStream in = Files.newInputStream(file)) {
            JsonLines.forEachLine(in, (number, bytes) -> {
                if (bytes.length == 0) {
                    return;
                }
                newest.addLast(bytes);
                if (newest.size() > limit) {
                    newest.removeFirst();
                }
            });
        }
        ByteArrayOutputStream kept = new ByteArrayOutputStream();
        for (byte[] bytes : newest) {
            kept.write(bytes);
            kept.write('\n');
        }
        Path temporary = Files.createTempFile(folder, FILE_NAME + ".", ".tmp");
        try {
            Files.write(temporary, kept.toByteArray());
            try {
                Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temporary);
        }
        LOG.debug("run history {} trimmed to its newest {} runs", file, newest.size());
    }

    /**
     * Every run kept, newest first; an empty list when there is no history yet. Lines that are no record are passed
     * over with a warning.
     *
     * @throws UncheckedIOException when the history is there but cannot be read
     */
    public List<RunRecord> list() {
        List<RunRecord> runs = new ArrayList<>();
        long unfinished;
        try (InputStream in = Files.newInputStream(file)) {
            unfinished = JsonLines.forEachLine(in, (number, bytes) -> {
                RunRecord run = parse(number, bytes);
                if (run != null) {
                    runs.add(run);
                }
            });
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the run history " + file + ": " + why(e), e);
        }
        if (unfinished > 0) {
            LOG.debug("run history {}: the last line is unfinished (being written, or its writer stopped); left out", file);
        }
        Collections.reverse(runs);
        return runs;
    }

    private RunRecord parse(long number, byte[] bytes) {
        try {
            Map<String, Object> fields = JsonLines.parse(bytes);
            return fields == null ? null : RunRecordFields.record(fields);
        } catch (JsonLines.MalformedLine | IllegalArgumentException e) {
            LOG.warn("run history {}: line {} is no run record and is passed over: {}", file, number, e.getMessage());
            return null;
        }
    }

    private static String why(IOException e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
