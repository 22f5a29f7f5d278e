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
    /** Ranged GETs whose bodies are being read: the watchdog and Stop end them. */
    private final dev.uploader.storage.WatchedReads reading;
    private final java.time.Duration idle;

    public OssSource(OSS oss, String bucket, String prefix, String singleName) {
        this(oss, bucket, prefix, singleName, java.time.Duration.ofSeconds(30));
    }

    /** @param idle a body on which less than 1 KiB moved for this long is given up (retryable) */
    public OssSource(OSS oss, String bucket, String prefix, String singleName, java.time.Duration idle) {
        this.oss = oss;
        this.bucket = bucket;
        this.prefix = ObjectKeys.normalizePrefix(prefix);
        this.singleName = singleName;
        this.idle = idle;
        this.reading = new dev.uploader.storage.WatchedReads(idle, "oss-watchdog");
    }

    /**
     * A client with retries off (the engine retries), the job's idle timeout on every socket read and a whole-request
     * deadline of four times it (the bodies of ranged GETs are watched by this class, see {@link #fetchInto}).
     *
     * @param trust authorities to trust besides the system's (a private CA), or null
     */
    public static OSS client(URI endpoint, String accessKeyId, String accessKeySecret, int maxConnections, java.time.Duration idle,
                             javax.net.ssl.X509TrustManager trust) {
        ClientBuilderConfiguration conf = new ClientBuilderConfiguration();
        conf.setMaxErrorRetry(0);
        conf.setConnectionTimeout(10_000);
        conf.setSocketTimeout((int) Math.min(Integer.MAX_VALUE, idle.toMillis()));
        conf.setRequestTimeoutEnabled(true);
        conf.setRequestTimeout((int) Math.min(Integer.MAX_VALUE, idle.toMillis() * 4));
        if (trust != null) {
            conf.setX509TrustManagers(new javax.net.ssl.X509TrustManager[] {trust});
        }
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
                throw onList(e);
            } catch (ClientException e) {
                throw unreachable(e, true);
            }
            return;
        }
        String listing = ObjectKeys.listingPrefix(prefix);
        String marker = null;
        boolean first = true;
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
                first = false;
            }
        } catch (OSSException e) {
            throw onList(e);
        } catch (ClientException e) {
            throw unreachable(e, first);
        }
    }

    /**
     * A request that got no answer. On the job's first request an endpoint that cannot be resolved or connected to is
     * reported at once (it is the endpoint, not a blip); anything else, and anything later, is retried.
     */
    private RuntimeException unreachable(ClientException e, boolean firstRequest) {
        Throwable root = dev.uploader.storage.s3.S3Errors.rootCause(e);
        String why = e.getErrorMessage() == null ? "no answer" : e.getErrorMessage();
        if (root instanceof javax.net.ssl.SSLException || root instanceof java.security.cert.CertificateException
                || root instanceof java.security.cert.CertPathBuilderException || root instanceof java.security.cert.CertPathValidatorException) {
            return new TransferException.Fatal("TLS failed with the OSS endpoint for " + describe() + ": " + root.getMessage()
                    + "; for a private certificate authority give its PEM file with CaBundle or --ca-bundle", e);
        }
        if (firstRequest && (root instanceof java.net.UnknownHostException || root instanceof java.net.ConnectException)) {
            return new TransferException.Fatal("cannot reach the OSS endpoint for " + describe() + ": " + why
                    + "; is ali_endpoint right and the network up?", e);
        }
        return new TransferException.Retryable("no answer from the OSS endpoint for " + describe() + ": " + why, e);
    }

    /** Codes that no retry can change: said at once. */
    private static final Set<String> CANNOT_SUCCEED = Set.of("InvalidArgument", "InvalidRange", "InvalidObjectName", "InvalidBucketName",
            "MethodNotAllowed", "MissingArgument", "InvalidDigest", "EntityTooLarge", "MalformedXML", "NotImplemented",
            "RequestTimeTooSkewed");

    private RuntimeException onList(OSSException e) {
        String code = e.getErrorCode();
        if ("NoSuchBucket".equals(code) || (code != null && (WRONG_KEYS.contains(code) || CANNOT_SUCCEED.contains(code)))) {
            return fatalOnList(e);
        }
        // 5xx, throttling (a few codes), a cut answer: the engine's retry policy tries again
        return new TransferException.Retryable("listing " + describe() + ": " + code + " " + e.getErrorMessage(), e);
    }

    private RuntimeException fatalOnList(OSSException e) {
        if ("NoSuchBucket".equals(e.getErrorCode())) {
            return new TransferException.Fatal("OSS bucket oss://" + bucket + " does not exist; check ali_SrcBucket and ali_endpoint", e);
        }
        if (WRONG_KEYS.contains(e.getErrorCode())) {
            return new TransferException.Fatal("OSS refused the keys (" + e.getErrorCode() + "); check ali_access_key_id and"
                    + " ali_access_key_secret (or ALI_ACCESS_KEY_ID / ALI_ACCESS_KEY_SECRET)", e);
        }
        if ("RequestTimeTooSkewed".equals(e.getErrorCode())) {
            return new TransferException.Fatal("OSS refused the request because this computer's clock is off (RequestTimeTooSkewed);"
                    + " set the clock right (NTP) and run again", e);
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
            // the SDK's request timeout ends with the answer's head: the body is read under the idle rule here
            int read = reading.readFully(in, data, expected, () -> {
                try {
                    object.forcedClose(); // aborts the HTTP request: the blocked read fails at once
                } catch (IOException ignored) {
                    // already closed
                }
            }, System.nanoTime() + 4 * idle.toNanos() + expected * 1_000_000L); // at least 1 KiB/s
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

    /** Stop: the bodies being read are ended now (their parts are sent again by a later run). */
    @Override
    public void cancelInFlight() {
        reading.endAll("stopped: the job was asked to stop");
    }

    private RuntimeException map(String key, OSSException e) {
        if (e.getErrorCode() != null && CANNOT_SUCCEED.contains(e.getErrorCode())) {
            if ("RequestTimeTooSkewed".equals(e.getErrorCode()) || "NotImplemented".equals(e.getErrorCode())) {
                return fatalOnList(e);
            }
            return new TransferException.Rejected("reading oss://" + bucket + "/" + key + ": " + e.getErrorCode() + " " + e.getErrorMessage(), e);
        }
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
        reading.close();
        oss.shutdown();
    }
}
