package dev.uploader.storage.inventory;

import dev.uploader.engine.KeyOrder;
import dev.uploader.engine.SourceEntry;
import dev.uploader.engine.TransferException;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts any number of entries into {@link KeyOrder} of their relative paths with bounded memory: entries are held in
 * runs of at most {@code runSize}; each full run is sorted and written to a spill file, and the runs are merged at the
 * end with a priority queue, at most {@code fanIn} at a time (more runs are first merged in groups into longer runs).
 * Memory is one run plus one read buffer per merged run, whatever the number of entries. {@link #close} deletes every
 * spill file, also after a failure.
 *
 * <p>Entries with the same path: only the one added last is handed out (an inventory lists each current object once;
 * a second row of the same key is taken as the newer word). The order is stable, so "last" is well defined: within a run
 * the sort keeps the order of adding, and of equal paths in different runs the later run wins.
 */
final class ExternalSort implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ExternalSort.class);
    private static final Comparator<SourceEntry> ORDER = Comparator.comparing(SourceEntry::relativePath, KeyOrder.INSTANCE);
    private static final int READ_BUFFER = 16 * 1024;
    private static final int WRITE_BUFFER = 64 * 1024;

    private final Path dir;
    private final int runSize;
    private final int fanIn;
    private final List<SourceEntry> run = new ArrayList<>();
    /** Spill files still to be merged, oldest first. */
    private final List<Path> runs = new ArrayList<>();
    /** Every spill file not yet deleted. */
    private final Set<Path> files = new LinkedHashSet<>();

    ExternalSort(Path dir, int runSize, int fanIn) {
        if (runSize < 1 || fanIn < 2) {
            throw new IllegalArgumentException("run size " + runSize + " and fan-in " + fanIn + " must be at least 1 and 2");
        }
        this.dir = dir;
        this.runSize = runSize;
        this.fanIn = fanIn;
    }

    void add(SourceEntry entry) {
        run.add(entry);
        if (run.size() >= runSize) {
            spillRun();
        }
    }

    /** Hands every entry out in order, one per path; the sort is used up. */
    void drainTo(Consumer<SourceEntry> out) {
        if (runs.isEmpty()) {
            run.sort(ORDER); // everything fitted in one run: no spill file at all
            emitDistinct(run.iterator(), out);
            run.clear();
            return;
        }
        if (!run.isEmpty()) {
            spillRun();
        }
        while (runs.size() > fanIn) {
            List<Path> longer = new ArrayList<>();
            for (int from = 0; from < runs.size(); from += fanIn) {
                List<Path> group = runs.subList(from, Math.min(from + fanIn, runs.size()));
                if (group.size() == 1) {
                    longer.add(group.get(0));
                    continue;
                }
                Path merged = newSpillFile();
                try (RunWriter writer = new RunWriter(merged)) {
                    merge(group, writer::write);
                }
                group.forEach(this::delete);
                longer.add(merged);
            }
            runs.clear();
            runs.addAll(longer);
        }
        List<Path> last = new ArrayList<>(runs);
        runs.clear();
        merge(last, out);
        last.forEach(this::delete);
    }

    private void spillRun() {
        run.sort(ORDER);
        Path file = newSpillFile();
        try (RunWriter writer = new RunWriter(file)) {
            emitDistinct(run.iterator(), writer::write);
        }
        run.clear();
        runs.add(file);
    }

    /** A k-way merge of sorted runs; of equal paths the one of the later run comes last, and only it is handed out. */
    private void merge(List<Path> sorted, Consumer<SourceEntry> out) {
        List<RunReader> readers = new ArrayList<>();
        try {
            PriorityQueue<RunReader> heads = new PriorityQueue<>(Math.max(1, sorted.size()),
                    Comparator.comparing((RunReader r) -> r.head, ORDER).thenComparingInt(r -> r.index));
            for (Path file : sorted) {
                RunReader reader = new RunReader(file, readers.size());
                readers.add(reader);
                if (reader.advance()) {
                    heads.add(reader);
                }
            }
            Iterator<SourceEntry> merged = new Iterator<>() {
                @Override
                public boolean hasNext() {
                    return !heads.isEmpty();
                }

                @Override
                public SourceEntry next() {
                    RunReader smallest = heads.poll();
                    SourceEntry entry = smallest.head;
                    if (smallest.advance()) {
                        heads.add(smallest);
                    }
                    return entry;
                }
            };
            emitDistinct(merged, out);
        } finally {
            readers.forEach(RunReader::close);
        }
    }

    /** Sorted entries, of each path only the last. */
    private static void emitDistinct(Iterator<SourceEntry> sorted, Consumer<SourceEntry> out) {
        SourceEntry pending = null;
        while (sorted.hasNext()) {
            SourceEntry next = sorted.next();
            if (pending != null && !pending.relativePath().equals(next.relativePath())) {
                out.accept(pending);
            }
            pending = next;
        }
        if (pending != null) {
            out.accept(pending);
        }
    }

    private Path newSpillFile() {
        try {
            Files.createDirectories(dir);
            Path file = Files.createTempFile(dir, "inventory-run-", ".spill");
            files.add(file);
            return file;
        } catch (IOException e) {
            throw spillFailure(e);
        }
    }

    private void delete(Path file) {
        try {
            Files.deleteIfExists(file);
            files.remove(file);
        } catch (IOException e) {
            LOG.warn("could not delete the spill file {}: {}", file, e.getMessage());
        }
    }

    private TransferException.Fatal spillFailure(IOException e) {
        return new TransferException.Fatal("the inventory listing could not write or read its sort files in " + dir + " (" + e
                + "); make room there or choose another folder", e);
    }

    /** Deletes every spill file left. */
    @Override
    public void close() {
        run.clear();
        runs.clear();
        new ArrayList<>(files).forEach(this::delete);
    }

    /** A run file: for each entry a 1, then its fields; a 0 at the end (a cut-off file is noticed). */
    private final class RunWriter implements AutoCloseable {
        private final DataOutputStream out;

        RunWriter(Path file) {
            try {
                out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file), WRITE_BUFFER));
            } catch (IOException e) {
                throw spillFailure(e);
            }
        }

        void write(SourceEntry entry) {
            try {
                out.writeByte(1);
                writeText(entry.relativePath());
                out.writeLong(entry.size());
                out.writeLong(entry.lastModifiedMillis());
                writeText(entry.etag());
                writeText(entry.version());
            } catch (IOException e) {
                throw spillFailure(e);
            }
        }

        /** Length-prefixed UTF-8, -1 for null. */
        private void writeText(String text) throws IOException {
            if (text == null) {
                out.writeInt(-1);
                return;
            }
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            out.writeInt(bytes.length);
            out.write(bytes);
        }

        @Override
        public void close() {
            try {
                out.writeByte(0);
                out.close();
            } catch (IOException e) {
                throw spillFailure(e);
            }
        }
    }

    private final class RunReader implements AutoCloseable {
        private final DataInputStream in;
        private final int index;
        SourceEntry head;

        RunReader(Path file, int index) {
            this.index = index;
            try {
                in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), READ_BUFFER));
            } catch (IOException e) {
                throw spillFailure(e);
            }
        }

        /** Reads the next entry into {@link #head}; false at the end of the run. */
        boolean advance() {
            try {
                if (in.readByte() == 0) {
                    head = null;
                    return false;
                }
                head = new SourceEntry(readText(), in.readLong(), in.readLong(), readText(), readText());
                return true;
            } catch (IOException e) {
                throw spillFailure(e);
            }
        }

        private String readText() throws IOException {
            int length = in.readInt();
            if (length < 0) {
                return null;
            }
            byte[] bytes = new byte[length];
            in.readFully(bytes);
            return new String(bytes, StandardCharsets.UTF_8);
        }

        @Override
        public void close() {
            try {
                in.close();
            } catch (IOException e) {
                LOG.debug("closing a spill file: {}", e.getMessage());
            }
        }
    }
}
