package dev.uploader.storage.inventory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.uploader.engine.KeyOrder;
import dev.uploader.engine.Md5;
import dev.uploader.engine.RetryPolicy;
import dev.uploader.engine.SourceEntry;
import dev.uploader.engine.SourceProblem;
import dev.uploader.engine.TransferException;
import dev.uploader.storage.S3ClientFactory;
import dev.uploader.storage.s3.S3Bucket;
import dev.uploader.storage.s3.S3Location;
import dev.uploader.storage.s3.StoreSettings;
import dev.uploader.testing.InMemoryServerTest;
import dev.uploader.testing.TestProfiles;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/** A real inventory (manifest.json, manifest.checksum, gzipped CSV data files) in a bucket of a real S3Proxy, listed. */
class InventoryListingTest extends InMemoryServerTest {
    private static final AtomicInteger BUCKETS = new AtomicInteger();
    private static final String SOURCE = "photos-src";
    private static final String SCHEMA = "Bucket, Key, VersionId, IsLatest, IsDeleteMarker, Size, LastModifiedDate, ETag, StorageClass";
    private static final String TIME = "2026-11-30T10:15:30.000Z";
    private static final long MILLIS = Instant.parse(TIME).toEpochMilli();
    private static final String ETAG = "0123456789abcdef0123456789abcdef";
    private static final String FOLDER = "inventories/" + SOURCE + "/daily/2026-11-30T00-00Z/";

    @TempDir
    Path spill;

    @Test
    void list_twoDataFilesOutOfOrder_everyLatestObjectBelowThePrefixInKeyOrder() throws Exception {
        Inventory inventory = new Inventory();
        inventory.dataFile("data/one.csv.gz", gzip(
                row("photos/z+last.jpg", "v9", "true", "false", "30", "\"" + ETAG + "\""),
                row("photos/a%2Bb.txt", "", "true", "false", "12", ETAG),
                row(encoded("photos/ünï cødé.txt"), "", "true", "false", "7", ETAG),
                row("photos/deleted.txt", "d2", "true", "true", "", ""),
                row("photos/deleted.txt", "d1", "false", "false", "5", ETAG),
                row("other/outside.txt", "", "true", "false", "1", ETAG),
                row("photos2024/x.txt", "", "true", "false", "1", ETAG),
                row("photos", "", "true", "false", "1", ETAG)));
        // the second file is two gzip members, as concatenated gzip files are
        inventory.dataFile("data/two.csv.gz", concat(gzip(
                        row("photos/old.txt", "v1", "false", "false", "100", ETAG),
                        row(encoded("photos/\uD83D\uDE00.txt"), "", "true", "false", "4", ETAG),
                        row("photos/old.txt", "v2", "true", "false", "200", ETAG)),
                gzip(
                        row(encoded("photos/\uFF21.txt"), "", "true", "false", "3", ETAG),
                        row("photos/sub/", "", "true", "false", "0", ETAG),
                        row("photos/b.txt", "", "true", "false", "2", ETAG))));
        inventory.publish();
        List<SourceProblem> problems = new ArrayList<>();

        List<SourceEntry> listed = inventory.list("photos", problems);

        assertEquals(List.of(
                new SourceEntry("a+b.txt", 12, MILLIS, ETAG, null),
                new SourceEntry("b.txt", 2, MILLIS, ETAG, null),
                new SourceEntry("old.txt", 200, MILLIS, ETAG, "v2"),
                new SourceEntry("z last.jpg", 30, MILLIS, ETAG, "v9"),
                new SourceEntry("ünï cødé.txt", 7, MILLIS, ETAG, null),
                new SourceEntry("\uFF21.txt", 3, MILLIS, ETAG, null),
                new SourceEntry("\uD83D\uDE00.txt", 4, MILLIS, ETAG, null)), listed);
        assertEquals(List.of(), problems);
        assertSpillDirEmpty();
    }

    @Test
    void list_deleteMarkersAndOldVersions_onlyLatestListed() throws Exception {
        Inventory inventory = new Inventory();
        inventory.dataFile("data/one.csv.gz", gzip(
                row("k/a.txt", "a3", "true", "true", "", ""),
                row("k/a.txt", "a2", "false", "false", "2", ETAG),
                row("k/b.txt", "b1", "false", "false", "1", ETAG),
                row("k/b.txt", "b2", "true", "false", "22", ETAG)));
        inventory.publish();

        assertEquals(List.of(new SourceEntry("b.txt", 22, MILLIS, ETAG, "b2")), inventory.list("k/", new ArrayList<>()));
    }

    @Test
    void list_noPrefix_everyObjectWithItsWholeKey() throws Exception {
        Inventory inventory = new Inventory();
        inventory.dataFile("data/one.csv.gz", gzip(row("x/y.txt", "", "true", "false", "1", ETAG), row("b", "", "true", "false", "1", ETAG)));
        inventory.publish();

        assertEquals(List.of("b", "x/y.txt"), paths(inventory.list("", new ArrayList<>())));
    }

    @Test
    void list_unreadableRows_reportedAsProblemsAndTheRestListed() throws Exception {
        Inventory inventory = new Inventory();
        inventory.dataFile("data/one.csv.gz", gzip(
                row("photos/broken.txt", "", "true", "false", "twelve", ETAG),
                "\"" + SOURCE + "\",\"photos/short.txt\",\"\"\n",
                row("photos/bad%zzescape.txt", "", "true", "false", "1", ETAG),
                row("photos/ok.txt", "", "true", "false", "1", ETAG),
                row("elsewhere/broken.txt", "", "true", "false", "twelve", ETAG)));
        inventory.publish();
        List<SourceProblem> problems = new ArrayList<>();

        List<SourceEntry> listed = inventory.list("photos", problems);

        assertEquals(List.of("ok.txt"), paths(listed));
        assertEquals(3, problems.size(), problems.toString());
        assertEquals("broken.txt", problems.get(0).path());
        assertTrue(problems.get(0).reason().contains("row 1 of the inventory data file s3://") && problems.get(0).reason().contains("twelve"),
                problems.get(0).reason());
        assertTrue(problems.get(1).reason().contains("has 3 fields where the manifest's fileSchema names 9"), problems.get(1).reason());
        assertTrue(problems.get(2).reason().contains("%-escape"), problems.get(2).reason());
    }

    @Test
    void list_smallRunSize_mergesSeveralSpillFilesInKeyOrderAndLeavesTheSpillDirEmpty() throws Exception {
        assertMergedInKeyOrder(3, InventoryListing.DEFAULT_FAN_IN);
    }

    @Test
    void list_moreRunsThanTheFanIn_mergedInSeveralPassesInKeyOrder() throws Exception {
        assertMergedInKeyOrder(2, 2);
    }

    private void assertMergedInKeyOrder(int runSize, int fanIn) throws Exception {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            names.add("n" + i + (i % 3 == 0 ? " \uD83D\uDE00" : i % 3 == 1 ? "\uFF21" : "") + ".bin");
        }
        Collections.shuffle(names, new Random(7));
        Inventory inventory = new Inventory();
        inventory.dataFile("data/one.csv.gz", gzip(names.subList(0, 25).stream().map(n -> row(encoded("p/" + n), "", "true", "false", "1", ETAG))
                .toArray(String[]::new)));
        inventory.dataFile("data/two.csv.gz", gzip(names.subList(25, 40).stream().map(n -> row(encoded("p/" + n), "", "true", "false", "1", ETAG))
                .toArray(String[]::new)));
        inventory.publish();
        List<String> listed = new ArrayList<>();
        int[] mostSpillFiles = {0};

        try (S3Bucket store = open(inventory.bucket)) {
            new InventoryListing(store, FOLDER + "manifest.json", SOURCE, "p", spill, runSize, fanIn, RetryPolicy.standard(1)).list(e -> {
                listed.add(e.relativePath());
                mostSpillFiles[0] = Math.max(mostSpillFiles[0], spillFiles());
            }, p -> { });
        }

        List<String> expected = new ArrayList<>(names);
        expected.sort(KeyOrder.INSTANCE);
        assertEquals(expected, listed);
        assertTrue(mostSpillFiles[0] >= 2, "spill files seen while merging: " + mostSpillFiles[0]);
        assertSpillDirEmpty();
    }

    @Test
    void list_consumerFailsWhileMerging_spillDirEmptyAfterwards() throws Exception {
        Inventory inventory = new Inventory();
        inventory.dataFile("data/one.csv.gz", gzip(Stream.of("e", "d", "c", "b", "a").map(n -> row("p/" + n, "", "true", "false", "1", ETAG))
                .toArray(String[]::new)));
        inventory.publish();

        try (S3Bucket store = open(inventory.bucket)) {
            InventoryListing listing = new InventoryListing(store, FOLDER + "manifest.json", SOURCE, "p", spill, 2);
            assertThrows(IllegalStateException.class, () -> listing.list(e -> {
                throw new IllegalStateException("the consumer gave up");
            }, p -> { }));
        }
        assertSpillDirEmpty();
    }

    @Test
    void list_sameKeyTwiceAsLatest_theRowReadLastKept() throws Exception {
        Inventory inventory = new Inventory();
        inventory.dataFile("data/one.csv.gz", gzip(row("p/dup.txt", "", "true", "false", "1", ETAG), row("p/a.txt", "", "true", "false", "1", ETAG)));
        inventory.dataFile("data/two.csv.gz", gzip(row("p/dup.txt", "", "true", "false", "2", ETAG)));
        inventory.publish();

        List<SourceEntry> listed = inventory.list("p", new ArrayList<>());

        assertEquals(List.of("a.txt", "dup.txt"), paths(listed));
        assertEquals(2, listed.get(1).size());
    }

    @Test
    void list_wrongManifestChecksum_fatalNamingTheManifest() throws Exception {
        Inventory inventory = new Inventory();
        inventory.dataFile("data/one.csv.gz", gzip(row("p/a.txt", "", "true", "false", "1", ETAG)));
        inventory.checksum = "00000000000000000000000000000000";
        inventory.publish();

        TransferException.Fatal fatal = assertThrows(TransferException.Fatal.class, () -> inventory.list("p", new ArrayList<>()));

        assertTrue(fatal.getMessage().startsWith("the inventory manifest s3://" + inventory.bucket + "/" + FOLDER
                + "manifest.json does not match its manifest.checksum: "), fatal.getMessage());
    }

    @Test
    void list_missingManifestChecksum_fatalSayingSo() throws Exception {
        Inventory inventory = new Inventory();
        inventory.dataFile("data/one.csv.gz", gzip(row("p/a.txt", "", "true", "false", "1", ETAG)));
        inventory.withChecksum = false;
        inventory.publish();

        TransferException.Fatal fatal = assertThrows(TransferException.Fatal.class, () -> inventory.list("p", new ArrayList<>()));

        assertTrue(fatal.getMessage().contains("has no manifest.checksum"), fatal.getMessage());
    }

    @Test
    void list_missingManifest_fatalSayingSo() throws Exception {
        String bucket = newBucket();
        try (S3Bucket store = open(bucket)) {
            InventoryListing listing = new InventoryListing(store, FOLDER + "manifest.json", SOURCE, "", spill);
            TransferException.Fatal fatal = assertThrows(TransferException.Fatal.class, () -> listing.list(e -> { }, p -> { }));
            assertTrue(fatal.getMessage().contains("does not exist"), fatal.getMessage());
        }
    }

    @Test
    void list_dataFileDiffersFromItsMd5Checksum_fatalNamingTheDataFile() throws Exception {
        Inventory inventory = new Inventory();
        inventory.dataFile("data/one.csv.gz", gzip(row("p/a.txt", "", "true", "false", "1", ETAG)));
        byte[] other = gzip(row("p/b.txt", "", "true", "false", "1", ETAG));
        inventory.dataFile("data/two.csv.gz", other);
        inventory.md5s.set(1, Md5.hex(Md5.of(other, 0, other.length - 1))); // the manifest's MD5 of other bytes
        inventory.publish();

        TransferException.Fatal fatal = assertThrows(TransferException.Fatal.class, () -> inventory.list("p", new ArrayList<>()));

        assertTrue(fatal.getMessage().startsWith("the inventory data file s3://" + inventory.bucket + "/" + FOLDER
                + "data/two.csv.gz does not match the MD5checksum of its manifest"), fatal.getMessage());
        assertSpillDirEmpty();
    }

    @Test
    void list_dataFileNotGzip_fatalNamingTheDataFile() throws Exception {
        Inventory inventory = new Inventory();
        inventory.dataFile("data/one.csv.gz", row("p/a.txt", "", "true", "false", "1", ETAG).getBytes(StandardCharsets.UTF_8));
        inventory.publish();

        TransferException.Fatal fatal = assertThrows(TransferException.Fatal.class, () -> inventory.list("p", new ArrayList<>()));

        assertTrue(fatal.getMessage().contains("data/one.csv.gz cannot be read as gzip-compressed CSV"), fatal.getMessage());
    }

    @Test
    void list_orcInventory_fatalSayingOnlyCsvIsRead() throws Exception {
        Inventory inventory = new Inventory();
        inventory.format = "ORC";
        inventory.dataFile("data/one.orc", new byte[] {'O', 'R', 'C'});
        inventory.publish();

        TransferException.Fatal fatal = assertThrows(TransferException.Fatal.class, () -> inventory.list("p", new ArrayList<>()));

        assertTrue(fatal.getMessage().contains("is of format ORC; only CSV inventories can be read"), fatal.getMessage());
    }

    @Test
    void list_inventoryOfAnotherBucket_fatalNamingBoth() throws Exception {
        Inventory inventory = new Inventory();
        inventory.sourceBucket = "someone-else";
        inventory.dataFile("data/one.csv.gz", gzip(row("p/a.txt", "", "true", "false", "1", ETAG)));
        inventory.publish();

        TransferException.Fatal fatal = assertThrows(TransferException.Fatal.class, () -> inventory.list("p", new ArrayList<>()));

        assertTrue(fatal.getMessage().contains("lists bucket someone-else, not the job's source bucket " + SOURCE), fatal.getMessage());
    }

    @Test
    void list_schemaWithoutSize_fatal() throws Exception {
        Inventory inventory = new Inventory();
        inventory.schema = "Bucket, Key";
        inventory.dataFile("data/one.csv.gz", gzip("\"" + SOURCE + "\",\"p/a.txt\"\n"));
        inventory.publish();

        TransferException.Fatal fatal = assertThrows(TransferException.Fatal.class, () -> inventory.list("p", new ArrayList<>()));

        assertTrue(fatal.getMessage().contains("has no Key and Size columns"), fatal.getMessage());
    }

    @Test
    void list_unversionedSchema_noVersionsAndEveryRowListed() throws Exception {
        Inventory inventory = new Inventory();
        inventory.schema = "Bucket, Key, Size, LastModifiedDate, ETag";
        inventory.dataFile("data/one.csv.gz", gzip("\"" + SOURCE + "\",\"p/b.txt\",\"5\",\"" + TIME + "\",\"" + ETAG + "\"\n",
                "\"" + SOURCE + "\",\"p/a.txt\",\"6\",\"\",\"\"\n"));
        inventory.publish();

        assertEquals(List.of(new SourceEntry("a.txt", 6, 0, null, null), new SourceEntry("b.txt", 5, MILLIS, ETAG, null)),
                inventory.list("p", new ArrayList<>()));
    }

    @Test
    void objectStream_smallChunks_readsTheWholeObjectAndAGzipMemberEndingOnAChunkBoundary() throws Exception {
        String bucket = newBucket();
        byte[] first = gzip("first member\n");
        byte[] both = concat(first, gzip("second member\n"));
        put(bucket, "two-members.gz", both);
        try (S3Bucket store = open(bucket)) {
            var head = store.headObject("two-members.gz").orElseThrow();
            try (var in = new PinnedObjectStream(store, "two-members.gz", head.etag(), head.size(), 7, RetryPolicy.standard(1))) {
                assertEquals(java.util.Arrays.toString(both), java.util.Arrays.toString(in.readAllBytes()));
            }
            try (var in = new java.util.zip.GZIPInputStream(new PinnedObjectStream(store, "two-members.gz", head.etag(), head.size(),
                    first.length, RetryPolicy.standard(1)), 1)) {
                assertEquals("first member\nsecond member\n", new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
    }

    @Test
    void objectStream_objectReplacedWhileRead_fatalSayingItChanged() throws Exception {
        String bucket = newBucket();
        put(bucket, "data.csv.gz", new byte[100]);
        try (S3Bucket store = open(bucket)) {
            var head = store.headObject("data.csv.gz").orElseThrow();
            var in = new PinnedObjectStream(store, "data.csv.gz", head.etag(), head.size(), 10, RetryPolicy.standard(1));
            in.read(new byte[10]);
            put(bucket, "data.csv.gz", new byte[101]);

            TransferException.Fatal fatal = assertThrows(TransferException.Fatal.class, () -> in.read(new byte[10]));

            assertTrue(fatal.getMessage().contains("data.csv.gz changed while it was read"), fatal.getMessage());
        }
    }

    // --- a real inventory in a bucket of the test server

    private final class Inventory {
        final String bucket = newBucket();
        final List<String> keys = new ArrayList<>();
        final List<Integer> sizes = new ArrayList<>();
        final List<String> md5s = new ArrayList<>();
        String sourceBucket = SOURCE;
        String format = "CSV";
        String schema = SCHEMA;
        String checksum;
        boolean withChecksum = true;

        void dataFile(String name, byte[] bytes) {
            put(bucket, FOLDER + name, bytes);
            keys.add(FOLDER + name);
            sizes.add(bytes.length);
            md5s.add(Md5.hex(Md5.of(bytes, 0, bytes.length)));
        }

        /** manifest.json as S3 writes it (with fields this listing ignores), then manifest.checksum. */
        void publish() {
            StringBuilder files = new StringBuilder();
            for (int i = 0; i < keys.size(); i++) {
                files.append(i == 0 ? "" : ",").append("{\"key\":\"").append(keys.get(i)).append("\",\"size\":").append(sizes.get(i))
                        .append(",\"MD5checksum\":\"").append(md5s.get(i)).append("\"}");
            }
            String manifest = "{\n  \"sourceBucket\" : \"" + sourceBucket + "\",\n  \"destinationBucket\" : \"arn:aws:s3:::" + bucket + "\",\n"
                    + "  \"version\" : \"2016-11-30\",\n  \"creationTimestamp\" : \"1796083200000\",\n  \"fileFormat\" : \"" + format + "\",\n"
                    + "  \"fileSchema\" : \"" + schema + "\",\n  \"files\" : [" + files + "]\n}\n";
            byte[] json = manifest.getBytes(StandardCharsets.UTF_8);
            put(bucket, FOLDER + "manifest.json", json);
            if (withChecksum) {
                put(bucket, FOLDER + "manifest.checksum", ((checksum != null ? checksum : Md5.hex(Md5.of(json, 0, json.length))) + "\n")
                        .getBytes(StandardCharsets.US_ASCII));
            }
        }

        List<SourceEntry> list(String prefix, List<SourceProblem> problems) {
            List<SourceEntry> listed = new ArrayList<>();
            try (S3Bucket store = open(bucket)) {
                new InventoryListing(store, FOLDER + "manifest.json", SOURCE, prefix, spill).list(listed::add, problems::add);
            }
            return listed;
        }
    }

    /** One CSV line of the test schema, every field quoted as S3 writes them; the key as given (already URL-encoded). */
    private static String row(String encodedKey, String version, String latest, String deleteMarker, String size, String etag) {
        return Stream.of(SOURCE, encodedKey, version, latest, deleteMarker, size, size.isEmpty() ? "" : TIME, etag, "STANDARD")
                .map(f -> "\"" + f.replace("\"", "\"\"") + "\"").reduce((a, b) -> a + "," + b).orElseThrow() + "\n";
    }

    /** Form URL encoding, as S3 Inventory writes keys in CSV (spaces as '+'); slashes left as they are. */
    private static String encoded(String key) {
        return URLEncoder.encode(key, StandardCharsets.UTF_8).replace("%2F", "/");
    }

    private static byte[] gzip(String... lines) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            for (String line : lines) {
                gz.write(line.getBytes(StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] both = new byte[a.length + b.length];
        System.arraycopy(a, 0, both, 0, a.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }

    private static List<String> paths(List<SourceEntry> entries) {
        return entries.stream().map(SourceEntry::relativePath).toList();
    }

    private static String newBucket() {
        String name = "inventory-" + BUCKETS.incrementAndGet();
        server.createBucket(name);
        return name;
    }

    private static S3Bucket open(String bucket) {
        return new S3ClientFactory().openStore(new S3Location(server.endpoint(), TestProfiles.PROFILE, null, false), bucket, 2,
                StoreSettings.defaults());
    }

    private static void put(String bucket, String key, byte[] bytes) {
        try (S3Client s3 = server.client()) {
            s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromBytes(bytes));
        }
    }

    private int spillFiles() {
        try (Stream<Path> files = Files.list(spill)) {
            return (int) files.count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void assertSpillDirEmpty() {
        if (Files.isDirectory(spill)) {
            assertEquals(0, spillFiles(), "files left in the spill folder");
        }
    }
}
