package dev.uploader.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Objects of a remote store for the engine's decision tests, each read pinned to the ETag it was listed with, as
 * S3Source reads them (a replaced object answers as a changed source). An object put with a part size has the
 * MD5-composite ETag of that layout and tells it; one put whole has its plain MD5.
 */
final class FakeRemoteSource implements Source {
    private record Version(byte[] bytes, String etag, String version, long lastModified, PartLayout layout) {
    }

    private final Map<String, Version> objects = new TreeMap<>();
    private int versions;
    private int failingReads;

    /** The next {@code reads} ranged reads fail as a reset connection would (a transient failure, retried). */
    synchronized void failNextReads(int reads) {
        failingReads = reads;
    }

    private synchronized boolean failThisRead() {
        if (failingReads > 0) {
            failingReads--;
            return true;
        }
        return false;
    }

    /** Puts (or replaces) an object as one PUT: plain MD5 ETag. */
    synchronized void put(String path, byte[] bytes) {
        objects.put(path, new Version(bytes, Md5.hex(Md5.of(bytes, 0, bytes.length)), "v" + ++versions, versions * 1000L, null));
    }

    /** Puts (or replaces) an object uploaded in parts of {@code partSize}: composite ETag, the layout told. */
    synchronized void putInParts(String path, byte[] bytes, long partSize) {
        PartLayout layout = PartLayout.of(bytes.length, partSize);
        List<byte[]> md5s = new ArrayList<>();
        for (int n = 1; n <= layout.partCount(); n++) {
            md5s.add(Md5.of(bytes, (int) layout.offset(n), (int) layout.length(n)));
        }
        objects.put(path, new Version(bytes, Md5.multipartEtag(md5s), "v" + ++versions, versions * 1000L, layout));
    }

    @Override
    public String describe() {
        return "fake-source://bucket";
    }

    @Override
    public synchronized void list(Consumer<SourceEntry> entries, Consumer<SourceProblem> problems) {
        objects.forEach((path, v) -> entries.accept(entry(path, v)));
    }

    private static SourceEntry entry(String path, Version v) {
        return new SourceEntry(path, v.bytes.length, v.lastModified, v.etag, v.version);
    }

    private synchronized Version pinned(SourceEntry entry) {
        Version now = objects.get(entry.relativePath());
        if (now == null || !now.etag.equals(entry.etag())) {
            throw new TransferException.SourceChanged(entry.relativePath() + " was replaced during the copy");
        }
        return now;
    }

    @Override
    public PartBody range(SourceEntry entry, long offset, long length, PartMemory memory) {
        // fetched when first read, like S3Source's ranged GET
        return new HeldPartBody(memory, (int) length, into -> {
            if (failThisRead()) {
                throw new TransferException.Retryable("connection reset (fake) while reading " + entry.relativePath(), null);
            }
            System.arraycopy(pinned(entry).bytes, (int) offset, into, 0, (int) length);
        });
    }

    @Override
    public long memoryFor(long length) {
        return length;
    }

    @Override
    public synchronized Optional<SourceLayout> partLayout(SourceEntry entry) {
        Version v = objects.get(entry.relativePath());
        return v == null || v.layout == null || !v.etag.equals(entry.etag()) ? Optional.empty() : Optional.of(new SourceLayout(v.layout, true));
    }

    @Override
    public Optional<ContentCheck> contentCheck(SourceEntry entry, PartLayout layout) {
        return EtagCheck.forCopy(entry.etag(), partLayout(entry).map(SourceLayout::layout), layout);
    }

    @Override
    public synchronized SourceEntry refresh(SourceEntry entry) {
        Version now = objects.get(entry.relativePath());
        if (now == null) {
            throw new TransferException.SourceUnreadable(entry.relativePath() + " no longer exists", null);
        }
        return entry(entry.relativePath(), now);
    }
}
