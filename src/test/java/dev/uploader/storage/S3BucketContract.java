package dev.uploader.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.uploader.engine.CompletedPart;
import dev.uploader.engine.CopySource;
import dev.uploader.engine.Md5;
import dev.uploader.engine.PartBody;
import dev.uploader.engine.PendingUpload;
import dev.uploader.engine.RemoteObject;
import dev.uploader.engine.RemotePart;
import dev.uploader.engine.RetryPolicy;
import dev.uploader.engine.StoredObject;
import dev.uploader.engine.TransferException;
import dev.uploader.engine.UploadOptions;
import dev.uploader.storage.s3.ObjectHead;
import dev.uploader.storage.s3.S3Bucket;
import dev.uploader.testing.InMemoryServerTest;
import dev.uploader.testing.TestProfiles;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * One contract for every implementation of the store port ({@link S3Bucket}), run against a real S3Proxy, as rclone
 * runs one suite against every backend: the same requests give the same results and the same engine errors, whichever
 * client sends them. Subclasses say which implementation, and whether the requests cross a {@code FaultyRelay} (each
 * request then goes through the engine's retry policy, as in a job, and must still end right).
 */
abstract class S3BucketContract extends InMemoryServerTest {
    private static final UploadOptions OPTIONS = new UploadOptions(null, null);
    private static final AtomicInteger BUCKETS = new AtomicInteger();
    private static final RetryPolicy RETRY = new RetryPolicy(4, Duration.ofMillis(1), Duration.ofMillis(5), d -> Thread.sleep(d.toMillis()));

    /** A relay in front of the test server that spoils every fourth request (for the "through faults" variants). */
    static dev.uploader.testing.FaultyRelay startFaultyRelay() throws java.io.IOException {
        return new dev.uploader.testing.FaultyRelay(server.endpoint(), 4, dev.uploader.testing.FaultyRelay.Fault.ofTheWire());
    }

    /** How the implementation under test speaks to the store; through faults, with a short idle timeout so stalls end fast. */
    protected dev.uploader.storage.s3.StoreSettings settings(boolean forceSdk) {
        return new dev.uploader.storage.s3.StoreSettings(forceSdk, faulty() ? java.time.Duration.ofSeconds(2)
                : dev.uploader.storage.s3.StoreSettings.DEFAULT_IDLE_TIMEOUT, null);
    }

    /** Ends a faulty relay, checking that every kind of fault was in fact dealt during the class's tests. */
    static void closeCheckingEveryFaultWasDealt(dev.uploader.testing.FaultyRelay relay) throws java.io.IOException {
        try {
            for (dev.uploader.testing.FaultyRelay.Fault fault : relay.faults()) {
                assertTrue(relay.injected(fault) > 0, "no " + fault + " in " + relay.requests() + " requests");
            }
        } finally {
            relay.close();
        }
    }

    /** The implementation under test, for this bucket of the server at this endpoint. */
    protected abstract S3Bucket open(URI endpoint, String bucket, String profile);

    /** Where the implementation sends its requests: the server itself, or a relay in front of it. */
    protected URI endpoint() {
        return server.endpoint();
    }

    /** Whether the requests cross faults that a retry must get through. */
    protected boolean faulty() {
        return false;
    }

    /** One request, retried as the engine retries it when the requests cross faults. */
    protected <T> T call(Callable<T> request) {
        if (faulty()) {
            return RETRY.call("contract request", request);
        }
        try {
            return request.call();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private void run(Runnable request) {
        call(() -> {
            request.run();
            return null;
        });
    }

    private String newBucket() {
        String name = "contract-" + getClass().getSimpleName().toLowerCase().replaceAll("[^a-z0-9]", "").substring(0, 12) + "-"
                + BUCKETS.incrementAndGet();
        server.createBucket(name);
        return name;
    }

    private S3Bucket open(String bucket) {
        return open(endpoint(), bucket, TestProfiles.PROFILE);
    }

    private static byte[] bytes(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    private static byte[] md5(byte[] b) {
        return Md5.of(b, 0, b.length);
    }

    private static PartBody body(byte[] b) {
        return () -> new ByteArrayInputStream(b);
    }

    private static byte[] read(String bucket, String key) {
        try (S3Client s3 = server.client()) {
            return s3.getObjectAsBytes(r -> r.bucket(bucket).key(key)).asByteArray();
        }
    }

    private StoredObject put(S3Bucket store, String key, byte[] data) {
        return call(() -> store.putObject(key, body(data), data.length, md5(data), OPTIONS));
    }

    // no "a//b" key: S3Proxy's Jetty merges the slashes whichever client sends it
    private static final List<String> AWKWARD = List.of("plain.txt", "a b/c+d%e=f&g.bin", "ünïcödé/日本語 ファイル.txt",
            "q?x#y;z,w'v\"u<&>.dat", "tilde~star*paren(1)[2]{3}!$@^.log", "emoji-\uD83D\uDE00.txt", "trailing space ", "%41%2B+.txt");

    @Test
    void putObject_awkwardKeys_storedUnderExactKeyWithMd5Etag() {
        String bucket = newBucket();
        try (S3Bucket store = open(bucket)) {
            int seed = 0;
            for (String key : AWKWARD) {
                byte[] data = bytes(1000 + seed * 777, seed++);
                StoredObject stored = put(store, key, data);
                assertEquals(Md5.hex(md5(data)), stored.etag(), key);
                assertTrue(stored.etagIsContentHash());
                assertArrayEquals(data, read(bucket, key), key);
            }
        }
    }

    @Test
    void listObjects_awkwardKeysUnderAPrefix_exactlyThoseWithSizesEtagsAndTimes() {
        String bucket = newBucket();
        Map<String, byte[]> put = new LinkedHashMap<>();
        try (S3Bucket store = open(bucket)) {
            int seed = 100;
            for (String key : AWKWARD) {
                byte[] data = bytes(10 + seed, seed++);
                put(store, "listed/" + key, data);
                put.put("listed/" + key, data);
            }
            put(store, "listedother/not-mine.txt", bytes(3, 1));
            run(() -> store.checkAccess("listed/"));
            List<RemoteObject> listed = call(() -> {
                List<RemoteObject> all = new ArrayList<>();
                store.listObjects("listed/", all::add);
                return all;
            });

            assertEquals(put.keySet().stream().sorted().toList(), listed.stream().map(RemoteObject::key).sorted().toList());
            for (RemoteObject o : listed) {
                assertEquals(put.get(o.key()).length, o.size(), o.key());
                assertEquals(Md5.hex(md5(put.get(o.key()))), o.etag(), o.key());
                assertTrue(o.lastModified() != null && Math.abs(o.lastModified().getEpochSecond() - Instant.now().getEpochSecond()) < 600,
                        o.key() + " " + o.lastModified());
            }
        }
    }

    @Test
    void firstLevel_foldersAndObjectsOfAwkwardNames_eachOnceWithItsKey() {
        String bucket = newBucket();
        try (S3Bucket store = open(bucket)) {
            put(store, "lv/top file.txt", bytes(5, 1));
            put(store, "lv/ünï cødé/a.bin", bytes(6, 2));
            put(store, "lv/ünï cødé/deeper/b.bin", bytes(7, 3));
            put(store, "lv/hash#1 +plus/c.bin", bytes(8, 4));
            put(store, "lvother/not-mine.txt", bytes(3, 5));

            dev.uploader.engine.StoreLevel level = call(() -> store.firstLevel("lv/")).orElseThrow();

            assertEquals(List.of("lv/top file.txt"), level.objects().stream().map(RemoteObject::key).toList());
            assertEquals(5, level.objects().get(0).size());
            assertEquals(java.util.Set.of("lv/ünï cødé/", "lv/hash#1 +plus/"), new java.util.HashSet<>(level.folders()));
        }
    }

    @Test
    void listLevel_pagesOfTwo_everyObjectAndFolderOnceWithItsKeySizeAndTime() {
        String bucket = newBucket();
        try (S3Bucket store = open(bucket)) {
            put(store, "pg/top file.txt", bytes(5, 1));
            put(store, "pg/zz.bin", bytes(9, 6));
            put(store, "pg/ünï cødé/a.bin", bytes(6, 2));
            put(store, "pg/ünï cødé/deeper/b.bin", bytes(7, 3));
            put(store, "pg/hash#1 +plus/c.bin", bytes(8, 4));
            put(store, "pg/more/d.bin", bytes(8, 7));
            put(store, "pgother/not-mine.txt", bytes(3, 5));

            List<RemoteObject> objects = new ArrayList<>();
            List<String> folders = new ArrayList<>();
            String token = null;
            int pages = 0;
            do {
                String from = token;
                dev.uploader.storage.s3.LevelPage page = call(() -> store.listLevel("pg/", from, 2));
                assertTrue(page.objects().size() + page.folders().size() <= 2, page.toString());
                objects.addAll(page.objects());
                folders.addAll(page.folders());
                token = page.nextToken();
                pages++;
            } while (token != null && pages < 20);

            assertTrue(pages >= 3, "six entries in pages of two: " + pages + " pages");
            assertEquals(List.of("pg/top file.txt", "pg/zz.bin"), objects.stream().map(RemoteObject::key).sorted().toList());
            assertEquals(5, objects.stream().filter(o -> o.key().equals("pg/top file.txt")).findFirst().orElseThrow().size());
            assertTrue(objects.stream().allMatch(o -> o.lastModified() != null), objects.toString());
            assertEquals(List.of("pg/hash#1 +plus/", "pg/more/", "pg/ünï cødé/"), folders.stream().sorted().toList());
        }
    }

    @Test
    void listLevel_wholeLevelInOnePage_noNextTokenAndTheBucketRootListsToo() {
        String bucket = newBucket();
        try (S3Bucket store = open(bucket)) {
            put(store, "one/a.txt", bytes(1, 1));
            put(store, "root.txt", bytes(2, 2));

            dev.uploader.storage.s3.LevelPage level = call(() -> store.listLevel("one/", null, 1000));
            dev.uploader.storage.s3.LevelPage root = call(() -> store.listLevel("", null, 1000));

            assertEquals(List.of("one/a.txt"), level.objects().stream().map(RemoteObject::key).toList());
            assertFalse(level.hasMore());
            assertEquals(List.of("root.txt"), root.objects().stream().map(RemoteObject::key).toList());
            assertEquals(List.of("one/"), root.folders());
        }
    }

    @Test
    void headObject_existingAndMissingKeys_sizeEtagTimeOrEmpty() {
        String bucket = newBucket();
        byte[] data = bytes(4321, 77);
        try (S3Bucket store = open(bucket)) {
            put(store, "headed/ä b+c.bin", data);

            ObjectHead there = call(() -> store.headObject("headed/ä b+c.bin")).orElseThrow();
            assertEquals(data.length, there.size());
            assertEquals(Md5.hex(md5(data)), there.etag());
            assertTrue(there.lastModified() != null);
            assertFalse(there.kmsOrCustomerKey());
            assertTrue(call(() -> store.headObject("headed/missing")).isEmpty());
            assertEquals(data.length, call(() -> store.head("headed/ä b+c.bin")).orElseThrow().size());
        }
    }

    @Test
    void deleteObject_awkwardKeysDeletedTwiceAndAMissingKey_goneOthersKeptNeverAFailure() {
        String bucket = newBucket();
        try (S3Bucket store = open(bucket)) {
            int seed = 200;
            for (String key : AWKWARD) {
                put(store, "deleted/" + key, bytes(100, seed++));
            }
            put(store, "deletednot/kept.txt", bytes(10, 1));

            for (String key : AWKWARD) {
                run(() -> store.deleteObject("deleted/" + key));
                run(() -> store.deleteObject("deleted/" + key)); // again, as after an answer lost on its way back
            }
            run(() -> store.deleteObject("deleted/never-there.bin"));

            List<String> left = call(() -> {
                List<String> all = new ArrayList<>();
                store.listObjects("deleted", o -> all.add(o.key()));
                return all;
            });
            assertEquals(List.of("deletednot/kept.txt"), left);
            assertTrue(call(() -> store.headObject("deleted/" + AWKWARD.get(1))).isEmpty());
        }
    }

    @Test
    void deleteObject_missingBucket_fatalNamingTheBucket() {
        try (S3Bucket store = open("no-such-bucket-to-delete-in")) {
            TransferException e = assertThrows(TransferException.Fatal.class, () -> run(() -> store.deleteObject("x")));
            assertTrue(e.getMessage().contains("s3://no-such-bucket-to-delete-in does not exist"), e.getMessage());
        }
    }

    @Test
    void checkAccess_missingBucket_fatalNamingTheBucket() {
        try (S3Bucket store = open("no-such-bucket")) {
            TransferException e = assertThrows(TransferException.Fatal.class, () -> run(() -> store.checkAccess("")));
            assertTrue(e.getMessage().contains("s3://no-such-bucket does not exist"), e.getMessage());
        }
    }

    @Test
    void checkAccess_wrongSecret_fatalNamingTheProfileNeverTheSecret() {
        String bucket = newBucket();
        try (S3Bucket store = open(endpoint(), bucket, "wrong")) {
            TransferException e = assertThrows(TransferException.Fatal.class, () -> run(() -> store.checkAccess("any/")));
            assertTrue(e.getMessage().contains("'wrong'"), e.getMessage());
            assertFalse(e.getMessage().contains("not-the-secret"), e.getMessage());
        }
    }

    @Test
    void putObject_wrongSecret_fatalNamingTheProfile() {
        String bucket = newBucket();
        byte[] data = bytes(100, 3);
        try (S3Bucket store = open(endpoint(), bucket, "wrong")) {
            TransferException e = assertThrows(TransferException.Fatal.class, () -> put(store, "denied", data));
            assertTrue(e.getMessage().contains("'wrong'"), e.getMessage());
        }
    }

    @Test
    void putObject_md5OfOtherBytes_retryableBadDigestAndNothingStored() {
        String bucket = newBucket();
        byte[] data = bytes(4096, 9);
        byte[] wrong = md5(bytes(4096, 10));
        try (S3Bucket store = open(bucket)) {
            TransferException e = assertThrows(TransferException.Retryable.class,
                    () -> call(() -> store.putObject("bad-digest", body(data), data.length, wrong, OPTIONS)));
            // through faults the last try may have met an injected fault instead: Retryable all the same
            assertTrue(faulty() || e.getMessage().contains("BadDigest"), e.getMessage());
            assertTrue(call(() -> store.headObject("bad-digest")).isEmpty());
        }
    }

    @Test
    void putObject_emptyBody_emptyObjectWithMd5OfNothing() {
        String bucket = newBucket();
        try (S3Bucket store = open(bucket)) {
            StoredObject stored = put(store, "empty", new byte[0]);
            assertEquals(Md5.hex(md5(new byte[0])), stored.etag());
            assertEquals(0, read(bucket, "empty").length);
        }
    }

    @Test
    void multipartUpload_createPartsListCompleteAndAbort_objectWithCompositeEtag() {
        String bucket = newBucket();
        byte[] first = bytes(5 * 1024 * 1024, 21);
        byte[] second = bytes(1000, 22);
        String key = "mpu/ä+b c.bin";
        try (S3Bucket store = open(bucket)) {
            String id = call(() -> store.createMultipartUpload(key, new UploadOptions(null, "text/plain")));
            String e1 = call(() -> store.uploadPart(key, id, 1, body(first), first.length, md5(first)));
            String e2 = call(() -> store.uploadPart(key, id, 2, body(second), second.length, md5(second)));
            assertEquals(Md5.hex(md5(first)), e1);

            assertEquals(List.of(new RemotePart(1, first.length, e1), new RemotePart(2, second.length, e2)),
                    call(() -> store.listParts(key, id)));
            assertTrue(call(() -> store.listMultipartUploads("mpu/")).stream().anyMatch(u -> u.uploadId().equals(id) && u.key().equals(key)));
            StoredObject done = call(() -> store.completeMultipartUpload(key, id, List.of(new CompletedPart(1, e1), new CompletedPart(2, e2))));
            assertEquals(Md5.multipartEtag(List.of(md5(first), md5(second))), done.etag());

            String abandoned = call(() -> store.createMultipartUpload("mpu/abandoned.bin", OPTIONS));
            run(() -> store.abortMultipartUpload("mpu/abandoned.bin", abandoned));
            assertTrue(call(() -> store.listMultipartUploads("mpu/")).stream().noneMatch(u -> u.uploadId().equals(abandoned)));
        }
        byte[] all = read(bucket, key);
        assertArrayEquals(first, Arrays.copyOf(all, first.length));
        assertArrayEquals(second, Arrays.copyOfRange(all, first.length, all.length));
    }

    @Test
    void completeMultipartUpload_partWithAnotherEtag_uploadGoneSoTheFileStartsAfresh() {
        String bucket = newBucket();
        byte[] part = bytes(5 * 1024 * 1024, 31);
        try (S3Bucket store = open(bucket)) {
            String id = call(() -> store.createMultipartUpload("invalid.bin", OPTIONS));
            call(() -> store.uploadPart("invalid.bin", id, 1, body(part), part.length, md5(part)));

            TransferException e = assertThrows(TransferException.UploadGone.class, () -> call(() -> store.completeMultipartUpload("invalid.bin",
                    id, List.of(new CompletedPart(1, "0123456789abcdef0123456789abcdef")))));

            assertTrue(e.getMessage().contains("InvalidPart"), e.getMessage());
            run(() -> store.abortMultipartUpload("invalid.bin", id));
        }
    }

    @Test
    void listMultipartUploads_awkwardKeysUnderAPrefix_eachWithItsIdAndTime() {
        String bucket = newBucket();
        Map<String, String> ids = new HashMap<>();
        try (S3Bucket store = open(bucket)) {
            for (String key : List.of("pending/a b+c%41.bin", "pending/ünï/日本.iso", "pendingnot/other.bin")) {
                ids.put(key, call(() -> store.createMultipartUpload(key, OPTIONS)));
            }
            List<PendingUpload> pending = call(() -> store.listMultipartUploads("pending/"));

            assertEquals(List.of("pending/a b+c%41.bin", "pending/ünï/日本.iso"), pending.stream().map(PendingUpload::key).sorted().distinct().toList());
            for (PendingUpload u : pending) {
                assertTrue(u.initiated() != null, u.key());
            }
            assertTrue(pending.stream().anyMatch(u -> u.uploadId().equals(ids.get(u.key()))));
        }
    }

    @Test
    void getRange_pinnedToTheEtag_exactlyThatRangeAndAReplacedOrDeletedObjectIsAChange() {
        String bucket = newBucket();
        byte[] data = bytes(3 * 1024 * 1024 + 7, 61);
        byte[] other = bytes(3 * 1024 * 1024 + 7, 62);
        try (S3Bucket store = open(bucket)) {
            String etag = put(store, "ranged/ä b.bin", data).etag();
            byte[] into = new byte[2 * 1024 * 1024 + 3];

            run(() -> store.getRange("ranged/ä b.bin", etag, null, 1000, into.length, into));
            assertArrayEquals(Arrays.copyOfRange(data, 1000, 1000 + into.length), into);

            put(store, "ranged/ä b.bin", other);
            TransferException.SourceChanged replaced = assertThrows(TransferException.SourceChanged.class,
                    () -> run(() -> store.getRange("ranged/ä b.bin", etag, null, 0, 10, new byte[10])));
            assertTrue(replaced.getMessage().contains("replaced"), replaced.getMessage());
            TransferException.SourceChanged deleted = assertThrows(TransferException.SourceChanged.class,
                    () -> run(() -> store.getRange("ranged/never.bin", etag, null, 0, 10, new byte[10])));
            assertTrue(deleted.getMessage().contains("deleted"), deleted.getMessage());
        }
    }

    @Test
    void headPart_storeThatIgnoresPartNumber_emptyAndAReplacedObjectIsAChange() {
        String bucket = newBucket();
        byte[] data = bytes(2048, 71);
        try (S3Bucket store = open(bucket)) {
            String etag = put(store, "parts/one.bin", data).etag();

            // S3Proxy answers HEAD ?partNumber=1 like a plain HEAD, without a part count: the layout is not told
            assertTrue(call(() -> store.headPart("parts/one.bin", 1, etag)).isEmpty());
            assertThrows(TransferException.SourceChanged.class,
                    () -> call(() -> store.headPart("parts/one.bin", 1, "0123456789abcdef0123456789abcdef")));
            // and for a multipart object it answers 501 NotImplemented: not told either, never a failure
            byte[] part = bytes(5 * 1024 * 1024, 72);
            String id = call(() -> store.createMultipartUpload("parts/two.bin", OPTIONS));
            String e1 = call(() -> store.uploadPart("parts/two.bin", id, 1, body(part), part.length, md5(part)));
            String e2 = call(() -> store.uploadPart("parts/two.bin", id, 2, body(data), data.length, md5(data)));
            String composite = call(() -> store.completeMultipartUpload("parts/two.bin", id,
                    List.of(new CompletedPart(1, e1), new CompletedPart(2, e2)))).etag();
            assertTrue(call(() -> store.headPart("parts/two.bin", 1, composite)).isEmpty());
        }
    }

    @Test
    void copyObject_pinnedToTheSourceEtag_copiedOrAChangeWhenReplaced() {
        String bucket = newBucket();
        byte[] data = bytes(2048, 55);
        try (S3Bucket store = open(bucket)) {
            StoredObject original = put(store, "copy/original ä.bin", data);

            StoredObject copied = call(() -> store.copyObject("copy/copied ä.bin",
                    new CopySource(bucket, "copy/original ä.bin", original.etag(), null, data.length), OPTIONS));
            assertEquals(original.etag(), copied.etag());
            assertArrayEquals(data, read(bucket, "copy/copied ä.bin"));

            assertThrows(TransferException.SourceChanged.class, () -> call(() -> store.copyObject("copy/stale.bin",
                    new CopySource(bucket, "copy/original ä.bin", "0123456789abcdef0123456789abcdef", null, 0), OPTIONS)));
        }
    }

    @Test
    void uploadPartCopy_rangesOfAStoredObject_completedObjectHoldsThoseBytes() {
        String bucket = newBucket();
        byte[] data = bytes(6 * 1024 * 1024 + 11, 91);
        try (S3Bucket store = open(bucket)) {
            String etag = put(store, "pc/source.bin", data).etag();
            CopySource from = new CopySource(bucket, "pc/source.bin", etag, null, 0);
            String id = call(() -> store.createMultipartUpload("pc/target.bin", OPTIONS));
            long half = 5 * 1024 * 1024;
            String e1 = call(() -> store.uploadPartCopy("pc/target.bin", id, 1, from, 0, half));
            String e2 = call(() -> store.uploadPartCopy("pc/target.bin", id, 2, from, half, data.length - half));
            call(() -> store.completeMultipartUpload("pc/target.bin", id, List.of(new CompletedPart(1, e1), new CompletedPart(2, e2))));

            assertArrayEquals(data, read(bucket, "pc/target.bin"));
        }
    }

    @Test
    void putObject_serverDown_retryableCannotConnectWithinSeconds() throws Exception {
        int port;
        try (java.net.ServerSocket free = new java.net.ServerSocket(0)) {
            port = free.getLocalPort();
        }
        byte[] data = bytes(100, 4);
        long start = System.nanoTime();
        try (S3Bucket store = open(URI.create("http://127.0.0.1:" + port), "down", TestProfiles.PROFILE)) {
            TransferException e = assertThrows(TransferException.Retryable.class,
                    () -> store.putObject("x", body(data), data.length, md5(data), OPTIONS));
            assertTrue(e.getMessage().contains("cannot connect"), e.getMessage());
            TransferException fatal = assertThrows(TransferException.Fatal.class, () -> store.checkAccess(""));
            assertTrue(fatal.getMessage().contains("cannot connect"), fatal.getMessage());
        }
        assertTrue(Duration.ofNanos(System.nanoTime() - start).toSeconds() < 10);
    }
}
