package dev.uploader.storage.s3;

import dev.uploader.engine.ContentCheck;
import dev.uploader.engine.CopySource;
import dev.uploader.engine.EtagCheck;
import dev.uploader.engine.HeldPartBody;
import dev.uploader.engine.Md5;
import dev.uploader.engine.ObjectKeys;
import dev.uploader.engine.PartBody;
import dev.uploader.engine.PartLayout;
import dev.uploader.engine.PartMemory;
import dev.uploader.engine.Source;
import dev.uploader.engine.SourceEntry;
import dev.uploader.engine.SourceLayout;
import dev.uploader.engine.SourceProblem;
import dev.uploader.engine.TransferException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Objects under a prefix of an S3-compatible bucket. Every read is a ranged GET pinned with If-Match to the ETag
 * seen when the object was listed (and its version id when known), held in the memory the engine reserved for the
 * part. Whichever client the {@link S3Bucket} speaks through, the source behaves the same.
 */
public final class S3Source implements Source {
    private static final Logger LOG = LoggerFactory.getLogger(S3Source.class);
    /** Part sizes tools commonly use, most common first: aws-cli and SDKs 8 MiB, s3_upload.py 5 MiB ... */
    private static final long[] USUAL_PART_MIB = {8, 5, 16, 10, 15, 32, 64, 100, 128, 256, 512, 1024};

    private final S3Bucket bucket;
    private final String prefix;
    private final String singleName;
    private final boolean sameStoreAsDestination;
    private final Map<String, Optional<SourceLayout>> layouts = new ConcurrentHashMap<>();

    /**
     * @param prefix                 normalized source prefix
     * @param singleName             one name below the prefix (SrcFileIndex), or null for every object
     * @param sameStoreAsDestination the destination may copy these objects server-side
     */
    public S3Source(S3Bucket bucket, String prefix, String singleName, boolean sameStoreAsDestination) {
        this.bucket = bucket;
        this.prefix = ObjectKeys.normalizePrefix(prefix);
        this.singleName = singleName;
        this.sameStoreAsDestination = sameStoreAsDestination;
    }

    @Override
    public String describe() {
        return "s3://" + bucket.bucket() + (prefix.isEmpty() ? "" : "/" + prefix);
    }

    /** Fails with one clear line when keys, bucket or endpoint of the source are wrong. */
    public void checkAccess() {
        try {
            bucket.checkAccess(ObjectKeys.listingPrefix(prefix));
        } catch (TransferException.Fatal e) {
            throw new TransferException.Fatal("source: " + e.getMessage(), e);
        }
    }

    @Override
    public void list(Consumer<SourceEntry> entries, Consumer<SourceProblem> problems) {
        checkAccess();
        if (singleName != null) {
            String key = ObjectKeys.join(prefix, singleName);
            ObjectHead head = bucket.headObject(key).orElseThrow(() ->
                    new TransferException.Fatal("source object s3://" + bucket.bucket() + "/" + key + " does not exist (SrcFileIndex)", null));
            entries.accept(entry(singleName, head));
            return;
        }
        String listing = ObjectKeys.listingPrefix(prefix);
        bucket.listObjects(listing, o -> {
            String rel = o.key().substring(listing.length());
            if (rel.isEmpty() || (rel.endsWith("/") && o.size() == 0)) {
                return; // a "folder" marker, not content
            }
            entries.accept(new SourceEntry(rel, o.size(), o.lastModified() == null ? 0 : o.lastModified().toEpochMilli(), o.etag(), null));
        });
    }

    private static SourceEntry entry(String rel, ObjectHead head) {
        return new SourceEntry(rel, head.size(), head.lastModified() == null ? 0 : head.lastModified().toEpochMilli(), head.etag(),
                head.versionId());
    }

    private String key(SourceEntry entry) {
        return ObjectKeys.join(prefix, entry.relativePath());
    }

    @Override
    public PartBody range(SourceEntry entry, long offset, long length, PartMemory memory) {
        if (length > Integer.MAX_VALUE - 16) {
            throw new TransferException.Rejected("a part of " + length + " bytes does not fit in memory", null);
        }
        String key = key(entry);
        return new HeldPartBody(memory, (int) length, data -> {
            if (length > 0) {
                bucket.getRange(key, entry.etag(), entry.version(), offset, (int) length, data);
            }
        });
    }

    /** Every part is held in memory while it is sent. */
    @Override
    public void cancelInFlight() {
        bucket.cancelInFlight();
    }

    @Override
    public long memoryFor(long length) {
        return length;
    }

    @Override
    public Optional<SourceLayout> partLayout(SourceEntry entry) {
        if (!Md5.isCompositeEtag(entry.etag())) {
            return Optional.empty();
        }
        return layouts.computeIfAbsent(entry.etag() + "/" + key(entry), k -> lookUpLayout(entry));
    }

    /** HEAD with partNumber=1 gives the first part's size and the part count; stores that ignore it get a guess. */
    private Optional<SourceLayout> lookUpLayout(SourceEntry entry) {
        String key = key(entry);
        int count = Integer.parseInt(entry.etag().substring(entry.etag().indexOf('-') + 1));
        Optional<ObjectHead> part = bucket.headPart(key, 1, entry.etag());
        if (part.isEmpty()) {
            LOG.info("{}: the store does not tell the part layout", key);
            return guessLayout(key, entry.size(), count);
        }
        long first = part.get().size();
        Integer parts = part.get().partsCount();
        if (parts != null && parts != count) {
            LOG.info("{}: the store reports {} parts but the ETag says {}", key, parts, count);
            return Optional.empty();
        }
        if (count == 1 && first == entry.size()) {
            return Optional.of(new SourceLayout(new PartLayout(entry.size(), entry.size(), 1), true));
        }
        if (parts != null && first > 0 && first < entry.size()) {
            if (PartLayout.of(entry.size(), first).partCount() == count) {
                return Optional.of(new SourceLayout(PartLayout.of(entry.size(), first), true));
            }
            LOG.info("{}: parts of unequal size (first {} bytes, {} parts): the copy gets its own part layout", key, first, count);
            return Optional.empty();
        }
        return guessLayout(key, entry.size(), count);
    }

    /** A part size that gives exactly {@code count} parts, preferring the sizes tools use. */
    static Optional<SourceLayout> guessLayout(String key, long size, int count) {
        if (count < 2) {
            return Optional.empty();
        }
        long lowest = (size + count - 1) / count;
        long highest = (size - 1) / (count - 1);
        long mib = 1024L * 1024;
        long chosen = -1;
        for (long usual : USUAL_PART_MIB) {
            if (usual * mib >= lowest && usual * mib <= highest) {
                chosen = usual * mib;
                break;
            }
        }
        if (chosen < 0) {
            long wholeMib = (lowest + mib - 1) / mib * mib;
            chosen = wholeMib <= highest ? wholeMib : lowest;
        }
        if (chosen > highest || PartLayout.of(size, chosen).partCount() != count) {
            return Optional.empty();
        }
        LOG.info("{}: the store does not tell the part size; {} parts fit {} bytes each", key, count, chosen);
        return Optional.of(new SourceLayout(PartLayout.of(size, chosen), false));
    }

    @Override
    public Optional<ContentCheck> contentCheck(SourceEntry entry, PartLayout layout) {
        Optional<PartLayout> own = partLayout(entry).filter(SourceLayout::certain).map(SourceLayout::layout);
        return EtagCheck.forCopy(entry.etag(), own, layout);
    }

    @Override
    public Optional<CopySource> copySource(SourceEntry entry) {
        return sameStoreAsDestination ? Optional.of(new CopySource(bucket.bucket(), key(entry), entry.etag(), entry.version(), entry.size())) : Optional.empty();
    }

    @Override
    public SourceEntry refresh(SourceEntry entry) {
        String key = key(entry);
        ObjectHead head = bucket.headObject(key).orElseThrow(() ->
                new TransferException.SourceGone("s3://" + bucket.bucket() + "/" + key + " no longer exists", null));
        return entry(entry.relativePath(), head);
    }
}
