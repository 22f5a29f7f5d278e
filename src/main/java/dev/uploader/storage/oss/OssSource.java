package dev.uploader.storage.oss;

import com.aliyun.oss.ClientBuilderConfiguration;
import com.aliyun.oss.ClientException;
import com.aliyun.oss.OSS;
import com.aliyun.oss.OSSClientBuilder;
import com.aliyun.oss.OSSException;
import com.aliyun.oss.common.comm.Protocol;
import com.aliyun.oss.common.utils.CRC64;
import com.aliyun.oss.model.GetObjectRequest;
import com.aliyun.oss.model.ListObjectsRequest;
import com.aliyun.oss.model.OSSObject;
import com.aliyun.oss.model.OSSObjectSummary;
import com.aliyun.oss.model.ObjectListing;
import com.aliyun.oss.model.ObjectMetadata;
import dev.uploader.engine.ContentCheck;
import dev.uploader.engine.HeldPartBody;
import dev.uploader.engine.Md5;
import dev.uploader.engine.ObjectKeys;
import dev.uploader.engine.PartBody;
import dev.uploader.engine.PartLayout;
import dev.uploader.engine.PartMemory;
import dev.uploader.engine.Source;
import dev.uploader.engine.SourceEntry;
import dev.uploader.engine.SourceProblem;
import dev.uploader.engine.TransferException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Objects under a prefix of an Alibaba Cloud OSS bucket, read with Alibaba's own SDK. Every read is a
 * ranged GET pinned with If-Match to the ETag seen when listed; the bytes read are checked against the
 * object's CRC64 ({@code x-oss-hash-crc64ecma}).
 * <p>
 * OSS's multipart ETags are not MD5 composites, so such an ETag is kept with an {@code oss:} mark that no
 * MD5 rule of the engine will mistake for an MD5; a plain object's ETag is its MD5 and is kept as one.
 */
public final class OssSource implements Source, AutoCloseable {
    private static final String OPAQUE = "oss:";
    private static final Set<String> WRONG_KEYS = Set.of("InvalidAccessKeyId", "SignatureDoesNotMatch", "AccessDenied",
            "InvalidSecurityToken", "SecurityTokenExpired");

    private final OSS oss;
    private final String bucket;
    private final String prefix;
    private final String singleName;
    private final Map<String, Long> crcs = new ConcurrentHashMap<>();

    public OssSource(OSS oss, String bucket, String prefix, String singleName) {
        this.oss = oss;
        this.bucket = bucket;
        this.prefix = ObjectKeys.normalizePrefix(prefix);
        this.singleName = singleName;
    }

    /** A client with retries off (the engine retries) and timeouts that report a dead endpoint in seconds. */
    public static OSS client(URI endpoint, String accessKeyId, String accessKeySecret, int maxConnections) {
        ClientBuilderConfiguration conf = new ClientBuilderConfiguration();
        conf.setMaxErrorRetry(0);
        conf.setConnectionTimeout(10_000);
        conf.setSocketTimeout(120_000);
        conf.setMaxConnections(Math.max(8, maxConnections + 4));
        conf.setCrcCheckEnabled(false); // whole-object CRC64 is checked by the engine over the bytes it reads
        conf.setProtocol("https".equalsIgnoreCase(endpoint.getScheme()) ? Protocol.HTTPS : Protocol.HTTP);
        return new OSSClientBuilder().build(endpoint.toString(), accessKeyId, accessKeySecret, conf);
    }

    @Override
    public String describe() {
        return "oss://" + bucket + (prefix.isEmpty() ? "" : "/" + prefix);
    }

    @Override
    public void list(Consumer<SourceEntry> entries, Consumer<SourceProblem> problems) {
        if (singleName != null) {
            String key = ObjectKeys.join(prefix, singleName);
            try {
                entries.accept(entry(singleName, oss.getObjectMetadata(bucket, key)));
            } catch (OSSException e) {
                if ("NoSuchKey".equals(e.getErrorCode())) {
                    throw new TransferException.Fatal("source object oss://" + bucket + "/" + key + " does not exist (SrcFileIndex)", e);
                }
                throw fatalOnList(e);
            } catch (ClientException e) {
                throw new TransferException.Fatal("cannot reach the OSS endpoint: " + e.getErrorMessage(), e);
            }
            return;
        }
        String listing = ObjectKeys.listingPrefix(prefix);
        String marker = null;
        try {
            while (true) {
                ObjectListing page = oss.listObjects(new ListObjectsRequest(bucket).withPrefix(listing).withMarker(marker).withMaxKeys(1000));
                for (OSSObjectSummary o : page.getObjectSummaries()) {
                    String rel = o.getKey().substring(listing.length());
                    if (rel.isEmpty() || (rel.endsWith("/") && o.getSize() == 0)) {
                        continue;
                    }
                    entries.accept(new SourceEntry(rel, o.getSize(), o.getLastModified().getTime(), etag(o.getETag()), null));
                }
                if (!page.isTruncated() || page.getNextMarker() == null || page.getNextMarker().equals(marker)) {
                    return;
                }
                marker = page.getNextMarker();
            }
        } catch (OSSException e) {
            throw fatalOnList(e);
        } catch (ClientException e) {
            throw new TransferException.Fatal("cannot reach the OSS endpoint for " + describe() + ": " + e.getErrorMessage(), e);
        }
    }

    private RuntimeException fatalOnList(OSSException e) {
        if ("NoSuchBucket".equals(e.getErrorCode())) {
            return new TransferException.Fatal("OSS bucket oss://" + bucket + " does not exist; check ali_SrcBucket and ali_endpoint", e);
        }
        if (WRONG_KEYS.contains(e.getErrorCode())) {
            return new TransferException.Fatal("OSS refused the keys (" + e.getErrorCode() + "); check ali_access_key_id and"
                    + " ali_access_key_secret (or ALI_ACCESS_KEY_ID / ALI_ACCESS_KEY_SECRET)", e);
        }
        return new TransferException.Fatal("cannot list " + describe() + ": " + e.getErrorCode() + " " + e.getErrorMessage(), e);
    }

    private SourceEntry entry(String rel, ObjectMetadata meta) {
        SourceEntry entry = new SourceEntry(rel, meta.getContentLength(), meta.getLastModified().getTime(), etag(meta.getETag()), null);
        Long crc = meta.getServerCRC();
        if (crc == null) {
            Object raw = meta.getRawMetadata().get("x-oss-hash-crc64ecma");
            if (raw != null) {
                crc = Long.parseUnsignedLong(raw.toString().trim());
            }
        }
        if (crc != null) {
            crcs.put(rel + "@" + entry.etag(), crc);
        }
        return entry;
    }

    /** A plain object's ETag is its MD5: keep it as one; any other form is marked opaque. */
    static String etag(String raw) {
        String e = dev.uploader.storage.s3.EtagText.unquote(raw);
        return Md5.isPlainEtag(e) ? e : OPAQUE + e;
    }

    /** The ETag exactly as OSS gave it, for If-Match. */
    private static String ossEtag(SourceEntry entry) {
        String e = entry.etag();
        return e.startsWith(OPAQUE) ? e.substring(OPAQUE.length()) : e;
    }

    private String key(SourceEntry entry) {
        return ObjectKeys.join(prefix, entry.relativePath());
    }

    @Override
    public PartBody range(SourceEntry entry, long offset, long length, PartMemory memory) {
        long end = Math.min(offset + length, entry.size());
        int size = (int) Math.max(0, end - offset);
        return new HeldPartBody(memory, size, data -> fetchInto(entry, offset, length, data));
    }

    /** Every part is held in memory while it is sent. */
    @Override
    public long memoryFor(long length) {
        return length;
    }

    /**
     * OSS answers a range past the end of the object with the whole object: the range is clamped to the
     * object's last byte, and the number of bytes that came back is checked.
     */
    byte[] fetch(SourceEntry entry, long offset, long length) {
        long end = Math.min(offset + length, entry.size());
        byte[] data = new byte[(int) Math.max(0, end - offset)];
        fetchInto(entry, offset, length, data);
        return data;
    }

    private void fetchInto(SourceEntry entry, long offset, long length, byte[] data) {
        long end = Math.min(offset + length, entry.size());
        int expected = (int) Math.max(0, end - offset);
        if (expected == 0) {
            return;
        }
        String key = key(entry);
        GetObjectRequest request = new GetObjectRequest(bucket, key);
        request.setRange(offset, end - 1);
        request.setMatchingETagConstraints(List.of(ossEtag(entry)));
        try (OSSObject object = oss.getObject(request); InputStream in = object.getObjectContent()) {
            int read = in.readNBytes(data, 0, expected);
            if (read != expected || in.read() != -1) {
                throw new TransferException.Retryable("ranged GET of oss://" + bucket + "/" + key + " at " + offset
                        + " did not return exactly " + expected + " bytes", null);
            }
        } catch (OSSException e) {
            throw map(key, e);
        } catch (ClientException e) {
            throw new TransferException.Retryable("reading oss://" + bucket + "/" + key + ": " + e.getErrorMessage(), e);
        } catch (IOException e) {
            throw new TransferException.Retryable("reading oss://" + bucket + "/" + key + ": " + e.getMessage(), e);
        }
    }

    private RuntimeException map(String key, OSSException e) {
        String code = e.getErrorCode();
        if ("PreconditionFailed".equals(code)) {
            return new TransferException.SourceChanged("oss://" + bucket + "/" + key + " was replaced during the copy", e);
        }
        if ("NoSuchKey".equals(code)) {
            return new TransferException.SourceChanged("oss://" + bucket + "/" + key + " was deleted during the copy", e);
        }
        if ("NoSuchBucket".equals(code) || (code != null && WRONG_KEYS.contains(code))) {
            return fatalOnList(e);
        }
        if ("InvalidRange".equals(code) || "InvalidArgument".equals(code)) {
            return new TransferException.Rejected("reading oss://" + bucket + "/" + key + ": " + code + " " + e.getErrorMessage(), e);
        }
        return new TransferException.Retryable("reading oss://" + bucket + "/" + key + ": " + code + " " + e.getErrorMessage(), e);
    }

    @Override
    public Optional<ContentCheck> contentCheck(SourceEntry entry, PartLayout layout) {
        Long expected = crcs.get(entry.relativePath() + "@" + entry.etag());
        if (expected == null) {
            return Optional.empty();
        }
        CRC64 crc = new CRC64();
        return Optional.of(new ContentCheck() {
            @Override
            public void update(byte[] bytes, int offset, int length) {
                if (offset == 0) {
                    crc.update(bytes, length);
                } else {
                    crc.update(java.util.Arrays.copyOfRange(bytes, offset, offset + length), length);
                }
            }

            @Override
            public String mismatch() {
                long got = crc.getValue();
                return got == expected ? null : "CRC64 of the bytes read is " + Long.toUnsignedString(got)
                        + ", the object's x-oss-hash-crc64ecma " + Long.toUnsignedString(expected);
            }
        });
    }

    @Override
    public SourceEntry refresh(SourceEntry entry) {
        String key = key(entry);
        try {
            return entry(entry.relativePath(), oss.getObjectMetadata(bucket, key));
        } catch (OSSException e) {
            if ("NoSuchKey".equals(e.getErrorCode())) {
                throw new TransferException.SourceGone("oss://" + bucket + "/" + key + " no longer exists", e);
            }
            throw map(key, e);
        } catch (ClientException e) {
            throw new TransferException.Retryable("reading oss://" + bucket + "/" + key + ": " + e.getErrorMessage(), e);
        }
    }

    @Override
    public void close() {
        oss.shutdown();
    }
}
