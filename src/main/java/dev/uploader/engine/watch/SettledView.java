package dev.uploader.engine.watch;

import dev.uploader.engine.ForwardingSource;
import dev.uploader.engine.Source;
import dev.uploader.engine.SourceEntry;
import dev.uploader.engine.SourceProblem;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.Predicate;

/**
 * The watched folder as the first run and each rescan see it: the whole listing through the normal plan (which skips
 * what is already at the destination), except the files that may still be written: those changed within the settle
 * time by this machine's clock, and those already pending. They are handed to the pending set instead, which sends
 * each once it has settled ({@link SettleRule}). Files the watch ignores (its own log or report) are left out.
 */
final class SettledView extends ForwardingSource {
    private final PendingFiles pending;
    private final long settleMillis;
    private final LongSupplier wallClock;
    private final LongSupplier monotonic;
    private final Predicate<String> ignored;
    private long held;

    SettledView(Source inner, PendingFiles pending, long settleMillis, LongSupplier wallClock, LongSupplier monotonic, Predicate<String> ignored) {
        super(inner);
        this.pending = pending;
        this.settleMillis = settleMillis;
        this.wallClock = wallClock;
        this.monotonic = monotonic;
        this.ignored = ignored;
    }

    @Override
    public void list(Consumer<SourceEntry> entries, Consumer<SourceProblem> problems) {
        inner.list(settledOnly(entries), problems);
    }

    @Override
    public void list(Consumer<SourceEntry> entries, Consumer<SourceProblem> problems, Predicate<String> folders) {
        inner.list(settledOnly(entries), problems, folders);
    }

    /** How many files the listing held back as possibly still written (pending now). */
    synchronized long held() {
        return held;
    }

    private Consumer<SourceEntry> settledOnly(Consumer<SourceEntry> entries) {
        return e -> {
            String name = e.relativePath();
            if (ignored.test(name)) {
                return;
            }
            // a modification time in the future (a clock elsewhere ahead of ours) counts as recent: the pending set
            // times the file by our clock instead
            boolean recent = wallClock.getAsLong() - e.lastModifiedMillis() < settleMillis;
            if (recent || pending.isPending(name)) {
                pending.look(name, monotonic.getAsLong());
                if (pending.isPending(name)) {
                    synchronized (this) {
                        held++;
                    }
                }
                return;
            }
            entries.accept(e);
        };
    }
}
