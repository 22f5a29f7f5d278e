package dev.uploader.storage;

import dev.uploader.engine.Md5;
import dev.uploader.engine.ResumeLedger;
import dev.uploader.engine.ResumeRecord;
import dev.uploader.engine.RetryPolicy;
import dev.uploader.engine.Sleeper;
import dev.uploader.engine.UploadOptions;
import dev.uploader.storage.s3.ObjectHead;
import dev.uploader.storage.s3.S3Bucket;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Resume records kept in a bucket of the store, so that any worker on any machine that takes over an unfinished
 * upload finds the record that proves its parts (issue 16); {@code storage.local.FileResumeLedger} keeps them in one
 * machine's home folder instead. Same guarantees: the head is written once, right after the upload is created and
 * before any part is sent, in one PUT (a reader sees all of it or none); afterwards the record is only added to, one
 * small object per part the store accepted, never rewritten.
 *
 * <pre>
 * PREFIX HASH/record                          the head, in {@link ResumeRecordText}'s format (names the upload id)
 * PREFIX HASH/part/NNNNN.ETAG.MD5             one empty object per part: number (5 digits), ETag, MD5 of the bytes
 *                                             sent or "-" for a part the store copied itself
 * </pre>
 *
 * HASH is the SHA-256 (hex) of the upload id; the ETag in a part's key is percent-encoded outside {@code [A-Za-z0-9._-]}.
 * A record costs one PUT when the upload starts and one per part; {@link #find} costs a HEAD and a GET of the head and
 * one listing of the parts (a page per thousand parts), never a request per part; {@link #delete} a listing and one
 * DELETE per object. A head that names another upload id is refused; a part key that does not parse is ignored, and so
 * is a part number that two keys name (the listing does not tell which the store holds now): such parts are sent again.
 *
 * <p>What cannot be written costs a re-send on resume, never a wrong reuse, so no failure leaves here: a part object
 * not written means that part is sent again; a head not written, or a record that cannot be read, means no record, and
 * the engine aborts the upload and starts afresh. A request that fails transiently is first tried twice more, within
 * about a second (longer only where the store asks for a wait with Retry-After).
 *
 * <p>Keep the prefix outside the job's destination prefix (the default {@value #DEFAULT_PREFIX} is, unless the job
 * writes to the bucket's root or under {@code .uploader/}): records are objects like any other, and a job's listing of
 * its destination would meet them. Records are deleted with their upload, completed or aborted; those of uploads
 * abandoned for good (a worker gone for good, the upload aborted by the store's own lifecycle rule) stay until removed:
 * give the prefix a lifecycle rule that expires its objects (and, in a versioned bucket, their noncurrent versions)
 * after as many days as, or more than, the rule that aborts incomplete multipart uploads. A record outliving its upload
 * is harmless; an upload outliving its record is aborted on resume and started afresh.
 */
public final class StoreResumeLedger implements ResumeLedger {
    private static final Logger LOG = LoggerFactory.getLogger(StoreResumeLedger.class);
    /** Where records go unless the user chooses another prefix. */
    public static final String DEFAULT_PREFIX = ".uploader/resume/";
    /** A head is seven short lines; an object under the head's key bigger than this is not one. */
    static final int MAX_HEAD_BYTES = 64 * 1024;
    private static final Pattern PART_NAME = Pattern.compile("(\\d{5})\\.([A-Za-z0-9._%-]+)\\.([0-9a-f]{32}|-)");
    private static final UploadOptions HEAD_OPTIONS = new UploadOptions(null, "text/plain; charset=utf-8");
    private static final UploadOptions PART_OPTIONS = new UploadOptions(null, "application/octet-stream");
    private static final byte[] NOTHING = new byte[0];

    private final S3Bucket store;
    private final String prefix;
    private final RetryPolicy retry;
    private final int deletesAtOnce;

    /**
     * Records in {@code store} under {@code prefix}, a request that fails transiently tried twice more within about a second.
     *
     * @param prefix where the records go, such as {@value #DEFAULT_PREFIX} (a '/' is added where it does not end with
     *               one); null or blank for the default. Keep it outside every job's destination prefix
     */
    public StoreResumeLedger(S3Bucket store, String prefix) {
        this(store, prefix, new RetryPolicy(2, Duration.ofMillis(200), Duration.ofSeconds(1), Sleeper.REAL));
    }

    /** @param retry how each request of the ledger is retried; its tries add to the time a part or a resume waits */
    public StoreResumeLedger(S3Bucket store, String prefix, RetryPolicy retry) {
        this(store, prefix, retry, DELETES_AT_ONCE);
    }

    /** @param deletesAtOnce most deletes of one record's part objects in flight (1: one after another) */
    StoreResumeLedger(S3Bucket store, String prefix, RetryPolicy retry, int deletesAtOnce) {
        this.store = store;
        this.prefix = normalized(prefix);
        this.retry = retry;
        this.deletesAtOnce = deletesAtOnce;
    }

    private static String normalized(String prefix) {
        if (prefix == null || prefix.isBlank()) {
            return DEFAULT_PREFIX;
        }
        return prefix.endsWith("/") ? prefix : prefix + "/";
    }

    /** The prefix the records are under, ending with '/'. */
    public String prefix() {
        return prefix;
    }

    @Override
    public Optional<ResumeRecord> find(String uploadId) {
        String folder = folder(uploadId);
        try {
            Optional<ObjectHead> head = retry.call("read " + folder + "record", () -> store.headObject(folder + "record"));
            if (head.isEmpty()) {
                return Optional.empty();
            }
            long size = head.get().size();
            if (size <= 0 || size > MAX_HEAD_BYTES) {
                LOG.warn("{}/{}record holds {} bytes, no resume record of upload {}: the upload is not resumed", store.describe(), folder, size,
                        uploadId);
                return Optional.empty();
            }
            byte[] text = new byte[(int) size];
            retry.call("read " + folder + "record", () -> {
                store.getRange(folder + "record", head.get().etag(), null, 0, text.length, text);
                return null;
            });
            Optional<ResumeRecord> started = ResumeRecordText.parse(uploadId, new String(text, StandardCharsets.UTF_8));
            if (started.isEmpty()) {
                LOG.warn("{}/{}record is not a whole resume record of upload {}: the upload is not resumed", store.describe(), folder, uploadId);
                return Optional.empty();
            }
            Map<Integer, ResumeRecord.StoredPart> parts = retry.call("list " + folder + "part/", () -> listedParts(folder + "part/"));
            ResumeRecord r = started.get();
            return Optional.of(new ResumeRecord(r.sourceEtag(), r.sourceVersion(), r.sourceSize(), r.sourceModifiedMillis(), r.partSize(), parts));
        } catch (RuntimeException e) {
            // without a record the upload is aborted and started afresh: slower, never wrong
            LOG.warn("cannot read the resume record of upload {}: {}; the upload is not resumed", uploadId, e.getMessage());
            return Optional.empty();
        }
    }

    /** The parts named by the keys under {@code partFolder}; a key that does not parse, or a number named twice, is left out. */
    private Map<Integer, ResumeRecord.StoredPart> listedParts(String partFolder) {
        Map<Integer, ResumeRecord.StoredPart> parts = new HashMap<>();
        Set<Integer> twice = new HashSet<>();
        store.listObjects(partFolder, o -> {
            if (!o.key().startsWith(partFolder)) {
                return;
            }
            Optional<Map.Entry<Integer, ResumeRecord.StoredPart>> part = parsePartName(o.key().substring(partFolder.length()));
            if (part.isEmpty()) {
                LOG.debug("ignored a resume record's part key that does not parse: {}", o.key());
                return;
            }
            ResumeRecord.StoredPart before = parts.putIfAbsent(part.get().getKey(), part.get().getValue());
            if (before != null && !before.equals(part.get().getValue())) {
                twice.add(part.get().getKey());
            }
        });
        twice.forEach(parts::remove);
        return parts;
    }

    @Override
    public void start(String uploadId, ResumeRecord record) {
        String key = folder(uploadId) + "record";
        try {
            byte[] text = ResumeRecordText.head(uploadId, record).getBytes(StandardCharsets.UTF_8);
            put(key, text, HEAD_OPTIONS);
        } catch (RuntimeException e) {
            LOG.warn("cannot write the resume record of upload {}: {}; a resume aborts the upload and starts afresh", uploadId, e.getMessage());
        }
    }

    @Override
    public void partStored(String uploadId, int partNumber, ResumeRecord.StoredPart part) {
        if (partNumber < 1 || partNumber > 99_999 || !ResumeRecordText.recordable(part)) {
            return; // not something a resume could ever compare with: the part is sent again
        }
        String key = folder(uploadId) + "part/" + partName(partNumber, part);
        try {
            put(key, NOTHING, PART_OPTIONS);
        } catch (RuntimeException e) {
            LOG.warn("cannot add part {} to the resume record of upload {}: {}; a resume sends that part again", partNumber, uploadId,
                    e.getMessage());
        }
    }

    @Override
    public void delete(String uploadId) {
        String folder = folder(uploadId);
        try {
            // the head first: from then on no one finds a record, whatever part objects are still to go
            retry.call("delete " + folder + "record", () -> {
                store.deleteObject(folder + "record");
                return null;
            });
            List<String> keys = new ArrayList<>();
            retry.call("list " + folder, () -> {
                keys.clear();
                store.listObjects(folder, o -> keys.add(o.key()));
                return null;
            });
            deleteAll(keys);
        } catch (RuntimeException e) {
            LOG.warn("cannot delete the resume record of upload {}: {}; left to the lifecycle rule of {}/{}", uploadId, e.getMessage(),
                    store.describe(), prefix);
        }
    }

    /** Most deletes of one record's part objects in flight: an upload of thousands of parts is not held up by them. */
    static final int DELETES_AT_ONCE = 8;

    /** Deletes the part objects of a record whose head is gone, several at once; the first failure is thrown once all ended. */
    private void deleteAll(List<String> keys) {
        if (keys.size() <= 1 || deletesAtOnce <= 1) {
            keys.forEach(this::deleteOne);
            return;
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(deletesAtOnce, keys.size()),
                task -> {
                    Thread t = new Thread(task, "resume-record-delete");
                    t.setDaemon(true);
                    return t;
                });
        try {
            List<Future<?>> deletes = new ArrayList<>(keys.size());
            for (String key : keys) {
                deletes.add(pool.submit(() -> deleteOne(key)));
            }
            RuntimeException first = null;
            for (Future<?> d : deletes) {
                try {
                    d.get();
                } catch (ExecutionException e) {
                    if (first == null) {
                        first = e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted", e);
                }
            }
            if (first != null) {
                throw first;
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private void deleteOne(String key) {
        retry.call("delete " + key, () -> {
            store.deleteObject(key);
            return null;
        });
    }

    private void put(String key, byte[] bytes, UploadOptions options) {
        byte[] md5 = Md5.of(bytes, 0, bytes.length);
        retry.call("write " + key, () -> store.putObject(key, () -> new ByteArrayInputStream(bytes), bytes.length, md5, options));
    }

    /** The folder of one upload's record: the prefix, the SHA-256 of the upload id in hex, and '/'. */
    String folder(String uploadId) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(uploadId.getBytes(StandardCharsets.UTF_8));
            return prefix + HexFormat.of().formatHex(hash) + "/";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A part's object name: number, ETag and MD5 (or "-"), separated by dots. */
    static String partName(int partNumber, ResumeRecord.StoredPart part) {
        return String.format("%05d", partNumber) + "." + encode(part.etag()) + "." + (part.md5Hex() == null ? "-" : part.md5Hex());
    }

    /**
     * The part an object name gives, or empty when it is not a part name. The ETag is what lies between the first and
     * the last dot (it may hold dots itself; number and MD5 hold none).
     */
    static Optional<Map.Entry<Integer, ResumeRecord.StoredPart>> parsePartName(String name) {
        Matcher m = PART_NAME.matcher(name);
        if (!m.matches()) {
            return Optional.empty();
        }
        int number = Integer.parseInt(m.group(1));
        Optional<String> etag = decode(m.group(2));
        if (number < 1 || etag.isEmpty()) {
            return Optional.empty();
        }
        ResumeRecord.StoredPart part = new ResumeRecord.StoredPart(etag.get(), m.group(3).equals("-") ? null : m.group(3));
        return ResumeRecordText.recordable(part) ? Optional.of(Map.entry(number, part)) : Optional.empty();
    }

    /** Percent-encodes every byte outside {@code [A-Za-z0-9._-]} (upper-case hex). */
    static String encode(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-') {
                out.append(c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit((b >> 4) & 0xf, 16)))
                        .append(Character.toUpperCase(Character.forDigit(b & 0xf, 16)));
            }
        }
        return out.toString();
    }

    /** The text {@link #encode} gave, or empty where it is not such a text (a stray '%', a character it encodes). */
    static Optional<String> decode(String encoded) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(encoded.length());
        for (int i = 0; i < encoded.length(); i++) {
            char c = encoded.charAt(i);
            if (c == '%') {
                if (i + 2 >= encoded.length()) {
                    return Optional.empty();
                }
                int hi = Character.digit(encoded.charAt(i + 1), 16);
                int lo = Character.digit(encoded.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    return Optional.empty();
                }
                out.write(hi << 4 | lo);
                i += 2;
            } else if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-') {
                out.write(c);
            } else {
                return Optional.empty();
            }
        }
        return Optional.of(out.toString(StandardCharsets.UTF_8));
    }
}
