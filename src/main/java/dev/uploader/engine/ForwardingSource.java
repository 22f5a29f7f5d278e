package dev.uploader.engine;

import java.util.Optional;
import java.util.function.Consumer;

/** A source that answers as another does, for a decorator that changes one thing (its listing). */
public abstract class ForwardingSource implements Source {
    protected final Source inner;

    protected ForwardingSource(Source inner) {
        this.inner = inner;
    }

    @Override
    public boolean isLocal() {
        return inner.isLocal();
    }

    @Override
    public void cancelInFlight() {
        inner.cancelInFlight();
    }

    @Override
    public String describe() {
        return inner.describe();
    }

    @Override
    public void list(Consumer<SourceEntry> entries, Consumer<SourceProblem> problems) {
        inner.list(entries, problems);
    }

    /** The decorator's own listing: one that changes the listing overrides {@link #list(Consumer, Consumer)} only. */
    @Override
    public void list(Consumer<SourceEntry> entries, Consumer<SourceProblem> problems, java.util.function.Predicate<String> folders) {
        list(entries, problems);
    }

    @Override
    public PartBody range(SourceEntry entry, long offset, long length, PartMemory memory) {
        return inner.range(entry, offset, length, memory);
    }

    @Override
    public long memoryFor(long length) {
        return inner.memoryFor(length);
    }

    @Override
    public Optional<SourceLayout> partLayout(SourceEntry entry) {
        return inner.partLayout(entry);
    }

    @Override
    public Optional<ContentCheck> contentCheck(SourceEntry entry, PartLayout layout) {
        return inner.contentCheck(entry, layout);
    }

    @Override
    public Optional<CopySource> copySource(SourceEntry entry) {
        return inner.copySource(entry);
    }

    @Override
    public SourceEntry refresh(SourceEntry entry) {
        return inner.refresh(entry);
    }
}
