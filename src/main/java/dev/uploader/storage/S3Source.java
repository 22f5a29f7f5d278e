package dev.uploader.storage;

import dev.uploader.engine.ContentCheck;
import dev.uploader.engine.CopySource;
import dev.uploader.engine.EtagCheck;
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
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Objects under a prefix of an S3-compatible bucket. Every read is a ranged GET pinned with If-Match to the
 * ETag seen when the object was listed (and its version id when known), held in memory for one part.
 */
public final class S3Source implements Source {
    private static final Logger LOG = LoggerFactory.getLogger(S3Source.class);

    private final S3Client s3;
    private final LeanS3Client lean;
    private final String bucket;
    private final String prefix;
    private final String singleName;
    private final boolean sameStoreAsDestination;
    private final S3ErrorMapper errors;
    private final Map<String, Optional<SourceLayout>> layouts = new ConcurrentHashMap<>();
    /** Part sizes tools commonly use, most common first: aws-cli and SDKs 8 MiB, s3_upload.py 5 MiB ... */
    private static final long[] USUAL_PART_MIB = {8, 5, 16, 10, 15, 32, 64, 100, 128, 256, 512, 1024};

    /**
     * @param prefix                 normalized source prefix
     * @param singleName             one name below the prefix (SrcFileIndex), or null for every object
     * @param sameStoreAsDestination the destination may copy these objects server-side
     */
    public S3Source(S3Client s3, String bucket, String prefix, String singleName, String profile, boolean sameStoreAsDestination) {
        this(s3, null, bucket, prefix, singleName, profile, sameStoreAsDestination);
    }

    /** @param lean sends the ranged GETs of the parts instead of the SDK client (its pipeline cost 2-3 ms per GET); null for the SDK */
    S3Source(S3Client s3, LeanS3Client lean, String bucket, String prefix, String singleName, String profile, boolean sameStoreAsDestination) {
        this.lean = lean;
        this.s3 = s3;
        this.bucket = bucket;
        this.prefix = ObjectKeys.normalizePrefix(prefix);
        this.singleName = singleName;
        this.sameStoreAsDestination = sameStoreAsDestination;
        this.errors = new S3ErrorMapper("s3://" + bucket, profile == null || profile.isBlank() ? "default" : profile);
    }

    @Override
    public String describe() {
        return "s3://" + bucket + (prefix.isEmpty() ? "" : "/" + prefix);
    }

    /** Fails with one clear line when keys, bucket or endpoint of the source are wrong. */
    public void checkAccess() {
        try {
            s3.listObjectsV2(r -> r.bucket(bucket).prefix(ObjectKeys.listingPrefix(prefix)).maxKeys(1));
        } catch (RuntimeException e) {
            RuntimeException mapped = errors.map("list the source", e);
            throw mapped instanceof TransferException.Fatal ? mapped : new TransferException.Fatal("source: " + mapped.getMessage(), e);
        }
    }

    @Override
    public void list(Consumer<SourceEntry> entries, Consumer<SourceProblem> problems) {
        checkAccess();
        if (singleName != null) {
            String key = ObjectKeys.join(prefix, singleName);
            try {
                HeadObjectResponse head = s3.headObject(b -> b.bucket(bucket).key(key));
                entries.accept(entry(singleName, head));
            } catch (AwsServiceException e) {
                if (e.statusCode() == 404) {
                    throw new TransferException.Fatal("source object s3://" + bucket + "/" + key + " does not exist (SrcFileIndex)", e);
                }
                throw errors.map("read " + key, e);
            }
            return;
        }
        String listing = ObjectKeys.listingPrefix(prefix);
        try {
            for (S3Object o : s3.listObjectsV2Paginator(r -> r.bucket(bucket).prefix(listing)).contents()) {
                String rel = o.key().substring(listing.length());
                if (rel.isEmpty() || (rel.endsWith("/") && o.size() == 0)) {
                    continue; // a "folder" marker, not content
                }
                entries.accept(new SourceEntry(rel, o.size(), o.lastModified().toEpochMilli(), S3ObjectStore.unquote(o.eTag()), null));
            }
        } catch (RuntimeException e) {
            throw errors.map("list the source " + describe(), e);
        }
    }

    private SourceEntry entry(String rel, HeadObjectResponse head) {
        return new SourceEntry(rel, head.contentLength(), head.lastModified().toEpochMilli(), S3ObjectStore.unquote(head.eTag()),
                blankToNull(head.versionId()));
    }

    private String key(SourceEntry entry) {
        return ObjectKeys.join(prefix, entry.relativePath());
    }

    @Override
    public PartBody range(SourceEntry entry, long offset, long length, PartMemory memory) {
        if (length > Integer.MAX_VALUE - 16) {
            throw new TransferException.Rejected("a part of " + length + " bytes does not fit in memory", null);
        }
        return new PooledBody(memory, (int) length, data -> fetch(entry, offset, length, data));
    }

    /** Every part is held in memory while it is sent. */
    @Override
    public long memoryFor(long length) {
        return length;
    }

    private void fetch(SourceEntry entry, long offset, long length, byte[] data) {
        if (length == 0) {
            return;
        }
        String key = key(entry);
        if (lean != null) {
            try {
                lean.getRange(key, entry.etag(), entry.version(), offset, (int) length, data);
            } catch (AwsServiceException e) {
                throw pinned(key, e);
            } catch (RuntimeException e) {
                throw errors.map("read " + key, e);
            }
            return;
        }
        try (ResponseInputStream<GetObjectResponse> in = s3.getObject(b -> {
            b.bucket(bucket).key(key).range("bytes=" + offset + "-" + (offset + length - 1)).ifMatch(quote(entry.etag()));
            if (entry.version() != null) {
                b.versionId(entry.version());
            }
        })) {
            int read = in.readNBytes(data, 0, (int) length);
            if (read != length || in.read() != -1) {
                throw new TransferException.Retryable("ranged GET of " + key + " at " + offset + " returned " + read
                        + " bytes instead of " + length, null);
            }
        } catch (AwsServiceException e) {
            throw pinned(key, e);
        } catch (IOException e) {
            throw new TransferException.Retryable("reading s3://" + bucket + "/" + key + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw errors.map("read " + key, e);
        }
    }

    private RuntimeException pinned(String key, AwsServiceException e) {
        String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
        if (e.statusCode() == 412 || "PreconditionFailed".equals(code)) {
            return new TransferException.SourceChanged("s3://" + bucket + "/" + key + " was replaced during the copy");
        }
        if ("NoSuchKey".equals(code) || (e.statusCode() == 404 && !"NoSuchBucket".equals(code))) {
            return new TransferException.SourceChanged("s3://" + bucket + "/" + key + " was deleted during the copy");
        }
        return errors.map("read " + key, e);
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
        try {
            HeadObjectResponse head = s3.headObject(b -> b.bucket(bucket).key(key).partNumber(1).ifMatch(quote(entry.etag())));
            long first = head.contentLength();
            Integer parts = head.partsCount();
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
        } catch (AwsServiceException e) {
            if (e.statusCode() == 412) {
                throw new TransferException.SourceChanged("s3://" + bucket + "/" + key + " was replaced during the copy");
            }
            LOG.info("{}: the store does not tell the part layout ({})", key, e.getMessage());
            return guessLayout(key, entry.size(), count);
        } catch (RuntimeException e) {
            throw errors.map("read " + key, e);
        }
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
        return sameStoreAsDestination ? Optional.of(new CopySource(bucket, key(entry), entry.etag(), entry.version())) : Optional.empty();
    }

    @Override
    public SourceEntry refresh(SourceEntry entry) {
        String key = key(entry);
        try {
            HeadObjectResponse head = s3.headObject(b -> b.bucket(bucket).key(key));
            return entry(entry.relativePath(), head);
        } catch (AwsServiceException e) {
            if (e.statusCode() == 404) {
                throw new TransferException.SourceUnreadable("s3://" + bucket + "/" + key + " no longer exists", e);
            }
            throw errors.map("read " + key, e);
        } catch (RuntimeException e) {
            throw errors.map("read " + key, e);
        }
    }

    private static String quote(String etag) {
        return etag == null ? null : "\"" + etag + "\"";
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() || s.equals("null") ? null : s;
    }
}
