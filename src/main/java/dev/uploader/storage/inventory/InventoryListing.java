package dev.uploader.storage.inventory;

import dev.uploader.config.ConfigException;
import dev.uploader.engine.Md5;
import dev.uploader.engine.ObjectKeys;
import dev.uploader.engine.RetryPolicy;
import dev.uploader.engine.SourceEntry;
import dev.uploader.engine.SourceProblem;
import dev.uploader.engine.TransferException;
import dev.uploader.storage.s3.ObjectHead;
import dev.uploader.storage.s3.S3Bucket;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.Iterator;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.zip.GZIPInputStream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * The objects under a prefix of a source bucket as an Amazon S3 Inventory (CSV) lists them, instead of ListObjectsV2:
 * for buckets of many millions of objects, one published inventory is read instead of thousands of listing pages.
 *
 * <p>The manifest is checked against its {@code manifest.checksum}, and each data file against the MD5 the manifest
 * gives for it while it is streamed (one at a time, never whole in memory). Data files are in no particular order, so
 * the rows go through an {@link ExternalSort}: runs of at most {@code runSize} entries spilled to {@code spillDir} and
 * merged, which hands the entries out in {@link dev.uploader.engine.KeyOrder}, as S3 lists them, with memory bounded by
 * the run size. Delete markers and versions that are not the latest are left out.
 *
 * <p>The prefix is taken as {@link dev.uploader.storage.s3.S3Source} takes it (normalized, then as a folder: "photos"
 * lists "photos/..." and not "photos2024/..."), relative paths are made the same way, and "folder" markers (keys ending
 * in "/" of 0 bytes) are left out likewise, so that either listing gives the same entries for the same objects.
 */
public final class InventoryListing {
    /** Entries sorted in memory before a run is spilled. */
    public static final int DEFAULT_RUN_SIZE = 100_000;
    /** Runs merged at once; more are first merged in groups (each merged run holds a small read buffer). */
    static final int DEFAULT_FAN_IN = 64;
    /** Bytes of one ranged GET of a data file. */
    static final int CHUNK = 8 * 1024 * 1024;
    /** A manifest is read whole; a real one lists a few thousand files at most. */
    private static final long MAX_MANIFEST_BYTES = 64L * 1024 * 1024;

    private final S3Bucket bucket;
    private final InventoryLocation location;
    private final String sourceBucket;
    private final String listingPrefix;
    private final Path spillDir;
    private final int runSize;
    private final int fanIn;
    private final RetryPolicy retry;

    /**
     * @param inventoryBucket the bucket the inventory is published to (its destination bucket)
     * @param manifestKey     the key of the inventory's {@code manifest.json} in it
     * @param sourceBucket    the job's source bucket: the inventory must be of that bucket
     * @param sourcePrefix    only objects below this prefix are listed
     * @param spillDir        where sorted runs are written while the listing is made (created if missing)
     */
    public InventoryListing(S3Bucket inventoryBucket, String manifestKey, String sourceBucket, String sourcePrefix, Path spillDir) {
        this(inventoryBucket, manifestKey, sourceBucket, sourcePrefix, spillDir, DEFAULT_RUN_SIZE);
    }

    /** @param runSize entries held in memory before a sorted run is spilled to {@code spillDir} */
    public InventoryListing(S3Bucket inventoryBucket, String manifestKey, String sourceBucket, String sourcePrefix, Path spillDir,
                            int runSize) {
        this(inventoryBucket, manifestKey, sourceBucket, sourcePrefix, spillDir, runSize, DEFAULT_FAN_IN, RetryPolicy.standard(4));
    }

    InventoryListing(S3Bucket inventoryBucket, String manifestKey, String sourceBucket, String sourcePrefix, Path spillDir,
                     int runSize, int fanIn, RetryPolicy retry) {
        if (runSize < 1) {
            throw new IllegalArgumentException("the run size must be at least 1, not " + runSize);
        }
        this.bucket = inventoryBucket;
        this.location = new InventoryLocation(inventoryBucket.bucket(), manifestKey);
        this.sourceBucket = sourceBucket;
        this.listingPrefix = ObjectKeys.listingPrefix(ObjectKeys.normalizePrefix(sourcePrefix));
        this.spillDir = spillDir;
        this.runSize = runSize;
        this.fanIn = fanIn;
        this.retry = retry;
    }

    /**
     * Parses {@code s3://bucket/path/manifest.json}.
     *
     * @throws ConfigException with a sentence saying what is wrong and what is expected
     */
    public static InventoryLocation parse(String uri) {
        String example = "s3://inventory-bucket/prefix/source-bucket/config-ID/YYYY-MM-DDTHH-MMZ/manifest.json";
        if (uri == null || uri.isBlank()) {
            throw new ConfigException("no S3 Inventory manifest is given; name its manifest.json, as in " + example);
        }
        String text = uri.trim();
        if (!text.regionMatches(true, 0, "s3://", 0, 5)) {
            throw new ConfigException("the S3 Inventory manifest \"" + text + "\" is no s3:// address; name its manifest.json, as in " + example);
        }
        String rest = text.substring(5);
        int slash = rest.indexOf('/');
        String bucketName = slash < 0 ? rest : rest.substring(0, slash);
        String key = slash < 0 ? "" : rest.substring(slash + 1);
        if (bucketName.isEmpty()) {
            throw new ConfigException("the S3 Inventory manifest \"" + text + "\" names no bucket; write it as " + example);
        }
        if (!key.equals("manifest.json") && !key.endsWith("/manifest.json")) {
            throw new ConfigException("the S3 Inventory manifest \"" + text + "\" does not end in /manifest.json; name the manifest.json of one"
                    + " published inventory, as in " + example);
        }
        return new InventoryLocation(bucketName, key);
    }

    /**
     * Every entry below the source prefix, in {@link dev.uploader.engine.KeyOrder} of its relative path; rows that
     * cannot be read go to {@code problems} and the listing goes on.
     *
     * @throws TransferException.Fatal when the inventory as a whole cannot be used (missing or altered manifest or data
     *                                 file, another bucket's inventory, a format other than CSV, spill files that cannot be written)
     */
    public void list(Consumer<SourceEntry> entries, Consumer<SourceProblem> problems) {
        try {
            listNow(entries, problems);
        } catch (TransferException.Retryable e) {
            // each read was tried again already: listing the inventory again from its start would read it all again
            throw new TransferException.Fatal("reading the inventory " + location.describe() + " failed: " + e.getMessage(), e);
        }
    }

    /** Ends the listing at its next row (the job was asked to stop); the store's requests are ended by the job. */
    public void cancel() {
        cancelled = true;
    }

    private volatile boolean cancelled;

    private void listNow(Consumer<SourceEntry> entries, Consumer<SourceProblem> problems) {
        InventoryManifest manifest = readManifest();
        InventoryColumns columns = InventoryColumns.of(manifest.columns()).orElseThrow(() -> new TransferException.Fatal(
                "the inventory manifest " + location.describe() + " has no Key and Size columns in its fileSchema (\"" + manifest.fileSchema()
                        + "\"); configure the inventory to include Size", null));
        try (ExternalSort sort = new ExternalSort(spillDir, runSize, fanIn)) {
            for (InventoryManifest.DataFile file : manifest.files()) {
                readDataFile(file, columns, sort, problems);
            }
            sort.drainTo(entries);
        }
    }

    private InventoryManifest readManifest() {
        String where = location.describe();
        ObjectHead head = head(location.manifestKey()).orElseThrow(() -> new TransferException.Fatal(
                "the inventory manifest " + where + " does not exist; name the manifest.json of a published inventory", null));
        if (head.size() > MAX_MANIFEST_BYTES) {
            throw new TransferException.Fatal("the inventory manifest " + where + " has " + head.size() + " bytes; a manifest.json of an S3"
                    + " Inventory is far smaller: is it the right file?", null);
        }
        byte[] json = readWhole(location.manifestKey(), head);
        String checksumWhere = "s3://" + location.bucket() + "/" + location.checksumKey();
        ObjectHead checksumHead = head(location.checksumKey()).orElseThrow(() -> new TransferException.Fatal(
                "the inventory manifest " + where + " has no manifest.checksum next to it (" + checksumWhere
                        + "); S3 writes it last, so the inventory may not be complete yet", null));
        if (checksumHead.size() > 1024) {
            throw new TransferException.Fatal("the inventory manifest " + where + " does not match its manifest.checksum: " + checksumWhere
                    + " has " + checksumHead.size() + " bytes, not an MD5", null);
        }
        String expected = new String(readWhole(location.checksumKey(), checksumHead), StandardCharsets.US_ASCII).trim();
        String actual = Md5.hex(Md5.of(json, 0, json.length));
        if (!actual.equalsIgnoreCase(expected)) {
            throw new TransferException.Fatal("the inventory manifest " + where + " does not match its manifest.checksum: its MD5 is " + actual
                    + ", manifest.checksum says \"" + expected + "\"; the manifest was altered or is incomplete", null);
        }
        InventoryManifest manifest;
        try {
            manifest = InventoryManifest.parse(json);
        } catch (IOException e) {
            throw new TransferException.Fatal("the inventory manifest " + where + " cannot be read: " + e.getMessage(), e);
        }
        if (manifest.sourceBucket() == null || !manifest.sourceBucket().equals(sourceBucket)) {
            throw new TransferException.Fatal("the inventory manifest " + where + " lists bucket " + manifest.sourceBucket()
                    + ", not the job's source bucket " + sourceBucket + "; name an inventory of " + sourceBucket, null);
        }
        if (!"CSV".equalsIgnoreCase(manifest.fileFormat())) {
            throw new TransferException.Fatal("the inventory manifest " + where + " is of format " + manifest.fileFormat()
                    + "; only CSV inventories can be read: configure the inventory's output format as CSV", null);
        }
        return manifest;
    }

    /** One data file, streamed: every row below the prefix into the sort, its MD5 checked when it has been read. */
    private void readDataFile(InventoryManifest.DataFile file, InventoryColumns columns, ExternalSort sort, Consumer<SourceProblem> problems) {
        String where = "s3://" + location.bucket() + "/" + file.key();
        ObjectHead head = head(file.key()).orElseThrow(() -> new TransferException.Fatal("the inventory data file " + where
                + " named by " + location.describe() + " does not exist; the inventory is incomplete", null));
        if (head.size() != file.size()) {
            throw new TransferException.Fatal("the inventory data file " + where + " has " + head.size() + " bytes, the manifest "
                    + location.describe() + " says " + file.size() + "; the inventory was altered or is incomplete", null);
        }
        MessageDigest md5 = Md5.newDigest();
        try (DigestInputStream compressed = new DigestInputStream(new PinnedObjectStream(bucket, file.key(), head.etag(), head.size(), CHUNK, retry), md5)) {
            try {
                readRows(compressed, where, columns, sort, problems);
            } catch (IOException | UncheckedIOException e) {
                // a broken file: an MD5 that does not match says more than the decompressor's complaint
                drain(compressed);
                checkMd5(file, where, md5);
                throw new TransferException.Fatal("the inventory data file " + where + " cannot be read as gzip-compressed CSV: " + e.getMessage(), e);
            }
            drain(compressed);
            checkMd5(file, where, md5);
        } catch (IOException e) {
            throw new TransferException.Fatal("the inventory data file " + where + " cannot be read: " + e.getMessage(), e);
        }
    }

    private void readRows(InputStream compressed, String where, InventoryColumns columns, ExternalSort sort, Consumer<SourceProblem> problems)
            throws IOException {
        // not closed here: closing would close the digest stream before the rest of it is read for the MD5
        GZIPInputStream gzip = new GZIPInputStream(compressed, 64 * 1024);
        CSVParser csv = CSVFormat.DEFAULT.parse(new BufferedReader(new InputStreamReader(gzip, StandardCharsets.UTF_8), 64 * 1024));
        Iterator<CSVRecord> rows = csv.iterator();
        while (rows.hasNext()) {
            if (cancelled) {
                throw new TransferException.Fatal("stopped while the inventory " + location.describe() + " was read: nothing was sent", null);
            }
            CSVRecord row = rows.next();
            String key = null;
            try {
                key = columns.key(row);
                if (!key.startsWith(listingPrefix)) {
                    continue;
                }
                String relative = key.substring(listingPrefix.length());
                SourceEntry entry = columns.entry(row, key, relative);
                if (entry == null || relative.isEmpty() || (relative.endsWith("/") && entry.size() == 0)) {
                    continue; // no current object, or a "folder" marker, not content
                }
                sort.add(entry);
            } catch (InventoryColumns.BadRow bad) {
                String known = key != null ? key : bad.key;
                String path = known == null ? where + " row " + row.getRecordNumber()
                        : known.startsWith(listingPrefix) ? known.substring(listingPrefix.length()) : known;
                problems.accept(new SourceProblem(path, "row " + row.getRecordNumber() + " of the inventory data file " + where
                        + " cannot be read: " + bad.getMessage()));
            }
        }
    }

    private static void drain(InputStream in) throws IOException {
        byte[] sink = new byte[64 * 1024];
        while (in.read(sink) >= 0) {
            // only for the digest
        }
    }

    private static void checkMd5(InventoryManifest.DataFile file, String where, MessageDigest md5) {
        String actual = Md5.hex(md5.digest());
        if (!actual.equalsIgnoreCase(file.md5())) {
            throw new TransferException.Fatal("the inventory data file " + where + " does not match the MD5checksum of its manifest: its MD5 is "
                    + actual + ", the manifest says " + file.md5() + "; the inventory was altered or is incomplete", null);
        }
    }

    private Optional<ObjectHead> head(String key) {
        return retry.call("HEAD s3://" + location.bucket() + "/" + key, () -> bucket.headObject(key));
    }

    private byte[] readWhole(String key, ObjectHead head) {
        try (InputStream in = new PinnedObjectStream(bucket, key, head.etag(), head.size(), CHUNK, retry)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new TransferException.Fatal("s3://" + location.bucket() + "/" + key + " cannot be read: " + e.getMessage(), e);
        }
    }
}
