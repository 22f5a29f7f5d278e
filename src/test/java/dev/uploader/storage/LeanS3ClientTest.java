package dev.uploader.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.uploader.engine.CompletedPart;
import dev.uploader.engine.Md5;
import dev.uploader.engine.PartBody;
import dev.uploader.engine.RemoteObject;
import dev.uploader.engine.StoredObject;
import dev.uploader.engine.TransferException;
import dev.uploader.engine.UploadOptions;
import dev.uploader.testing.InMemoryServerTest;
import dev.uploader.testing.TestProfiles;
import java.io.ByteArrayInputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.services.s3.S3Client;

/** PutObject and UploadPart over the lean path against a real S3-compatible server (S3Proxy). */
class LeanS3ClientTest extends InMemoryServerTest {
    private static final String BUCKET = "lean";
    private static final UploadOptions OPTIONS = new UploadOptions(null, null);

    @BeforeAll
    static void bucket() {
        server.createBucket(BUCKET);
    }

    private static S3ObjectStore store(String profile) {
        return new S3ClientFactory().openStore(new S3Location(server.endpoint(), profile, null, false), BUCKET, 4);
    }

    private static byte[] bytes(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    private static byte[] md5(byte[] b) {
        return Md5.newDigest().digest(b);
    }

    private static PartBody body(byte[] b) {
        return () -> new ByteArrayInputStream(b);
    }

    private static byte[] read(String key) {
        try (S3Client s3 = server.client()) {
            return s3.getObjectAsBytes(r -> r.bucket(BUCKET).key(key)).asByteArray();
        }
    }

    // no "a//b" key: S3Proxy's Jetty merges the slashes whichever client sends it
    @Test
    void putObject_awkwardKeys_storedUnderExactKeyWithMd5Etag() {
        List<String> keys = List.of("plain.txt", "a b/c+d%e=f&g.bin", "ünïcödé/日本語 ファイル.txt", "q?x#y;z,w'v\"u.dat",
                "tilde~star*paren(1)[2]{3}!$@^.log", "emoji-\uD83D\uDE00.txt", "trailing space ");
        try (S3ObjectStore store = store(TestProfiles.PROFILE)) {
            assertTrue(store.usesLeanClient());
            int seed = 0;
            for (String key : keys) {
                byte[] data = bytes(1000 + seed * 777, seed++);
                StoredObject stored = store.putObject(key, body(data), data.length, md5(data), OPTIONS);
                assertEquals(Md5.hex(md5(data)), stored.etag(), key);
                assertTrue(stored.etagIsContentHash());
                assertArrayEquals(data, read(key), key);
            }
        }
        try (S3Client s3 = server.client()) {
            List<String> listed = s3.listObjectsV2Paginator(r -> r.bucket(BUCKET)).contents().stream().map(o -> o.key()).toList();
            assertTrue(listed.containsAll(keys), listed.toString());
        }
    }

    @Test
    void listObjects_awkwardKeysUnderAPrefix_listedExactlyWithSizesAndEtagsWithoutTheSdkClient() {
        List<String> keys = List.of("listed/plain.txt", "listed/a b/c+d%e=f&g.bin", "listed/%41%2B+.txt", "listed/ünïcödé/日本語.txt",
                "listed/q?x#y;z,w'v\"u<&>.dat", "listed/trailing space ", "listedother/not-mine.txt");
        Map<String, byte[]> put = new java.util.LinkedHashMap<>();
        try (S3ObjectStore store = store(TestProfiles.PROFILE)) {
            int seed = 100;
            for (String key : keys) {
                byte[] data = bytes(10 + seed, seed++);
                store.putObject(key, body(data), data.length, md5(data), OPTIONS);
                put.put(key, data);
            }
            store.checkAccess("listed/");
            List<RemoteObject> listed = new java.util.ArrayList<>();
            store.listObjects("listed/", listed::add);

            assertEquals(keys.stream().filter(k -> k.startsWith("listed/")).sorted().toList(),
                    listed.stream().map(RemoteObject::key).sorted().toList());
            for (RemoteObject o : listed) {
                assertEquals(put.get(o.key()).length, o.size(), o.key());
                assertEquals(Md5.hex(md5(put.get(o.key()))), o.etag(), o.key());
                assertTrue(o.lastModified() != null && Math.abs(o.lastModified().getEpochSecond() - java.time.Instant.now().getEpochSecond()) < 600,
                        o.key() + " " + o.lastModified());
            }
            assertFalse(store.sdkClientBuilt(), "access check, listing and PutObject need no SDK client");
        }
    }

    @Test
    void listObjects_smallPages_followsContinuationTokensToTheEnd() {
        try (S3ObjectStore store = store(TestProfiles.PROFILE)) {
            for (int i = 0; i < 7; i++) {
                byte[] data = bytes(5, i);
                store.putObject("paged/" + i, body(data), data.length, md5(data), OPTIONS);
            }
        }
        LeanS3Client lean = LeanS3Client.forBucket(new S3Location(server.endpoint(), TestProfiles.PROFILE, null, false), BUCKET,
                S3ClientFactory.credentials(TestProfiles.PROFILE), "us-east-1", Map.of()).orElseThrow();
        try (lean) {
            List<String> seen = new java.util.ArrayList<>();
            String token = null;
            int pages = 0;
            do {
                LeanS3Client.ListPage page = lean.listObjects("paged/", 3, token);
                page.objects().forEach(o -> seen.add(o.key()));
                token = page.nextToken();
                pages++;
            } while (token != null);
            assertEquals(3, pages);
            assertEquals(List.of("paged/0", "paged/1", "paged/2", "paged/3", "paged/4", "paged/5", "paged/6"), seen);
        }
    }

    @Test
    void head_existingAndMissingKeys_sizeAndEtagOrEmpty() {
        byte[] data = bytes(4321, 77);
        try (S3ObjectStore store = store(TestProfiles.PROFILE)) {
            store.putObject("headed/ä b+c.bin", body(data), data.length, md5(data), OPTIONS);

            RemoteObject there = store.head("headed/ä b+c.bin").orElseThrow();
            assertEquals(data.length, there.size());
            assertEquals(Md5.hex(md5(data)), there.etag());
            assertTrue(there.lastModified() != null);
            assertTrue(store.head("headed/missing").isEmpty());
            assertFalse(store.sdkClientBuilt());
        }
    }

    @Test
    void checkAccess_missingBucket_fatalNamingTheBucket() {
        try (S3ObjectStore store = new S3ClientFactory().openStore(new S3Location(server.endpoint(), TestProfiles.PROFILE, null, false),
                "no-such-bucket", 4)) {
            TransferException e = assertThrows(TransferException.Fatal.class, () -> store.checkAccess(""));
            assertTrue(e.getMessage().contains("s3://no-such-bucket does not exist"), e.getMessage());
        }
    }

    @Test
    void checkAccess_wrongSecret_fatalNamingTheProfile() {
        try (S3ObjectStore store = store("wrong")) {
            TransferException e = assertThrows(TransferException.Fatal.class, () -> store.checkAccess("any/"));
            assertTrue(e.getMessage().contains("'wrong'"), e.getMessage());
            assertFalse(e.getMessage().contains("not-the-secret"), e.getMessage());
        }
    }

    @Test
    void listMultipartUploads_awkwardKeysUnderAPrefix_eachUploadWithItsIdAndTime() {
        List<String> keys = List.of("pending/a b+c%41.bin", "pending/ünï/日本.iso", "pendingnot/other.bin");
        Map<String, String> ids = new java.util.HashMap<>();
        try (S3ObjectStore sdkStore = store(TestProfiles.PROFILE)) {
            for (String key : keys) {
                ids.put(key, sdkStore.createMultipartUpload(key, OPTIONS));
            }
        }
        try (S3ObjectStore store = store(TestProfiles.PROFILE)) {
            List<dev.uploader.engine.PendingUpload> pending = store.listMultipartUploads("pending/");

            assertEquals(List.of("pending/a b+c%41.bin", "pending/ünï/日本.iso"),
                    pending.stream().map(dev.uploader.engine.PendingUpload::key).sorted().toList());
            for (dev.uploader.engine.PendingUpload u : pending) {
                assertEquals(ids.get(u.key()), u.uploadId(), u.key());
                assertTrue(u.initiated() != null, u.key());
            }
            assertFalse(store.sdkClientBuilt(), "listing unfinished uploads needs no SDK client");
            for (String key : keys) {
                store.abortMultipartUpload(key, ids.get(key));
            }
        }
    }

    @Test
    void getRange_pinnedToTheEtag_readsExactlyThatRangeAndRefusesAReplacedObject() {
        byte[] data = bytes(3 * 1024 * 1024 + 7, 61);
        byte[] other = bytes(3 * 1024 * 1024 + 7, 62);
        LeanS3Client lean = LeanS3Client.forBucket(new S3Location(server.endpoint(), TestProfiles.PROFILE, null, false), BUCKET,
                S3ClientFactory.credentials(TestProfiles.PROFILE), "us-east-1", Map.of()).orElseThrow();
        try (S3ObjectStore store = store(TestProfiles.PROFILE); lean) {
            String etag = store.putObject("ranged/ä b.bin", body(data), data.length, md5(data), OPTIONS).etag();
            byte[] into = new byte[2 * 1024 * 1024 + 3];

            lean.getRange("ranged/ä b.bin", etag, null, 1000, into.length, into);
            assertArrayEquals(java.util.Arrays.copyOfRange(data, 1000, 1000 + into.length), into);

            store.putObject("ranged/ä b.bin", body(other), other.length, md5(other), OPTIONS);
            software.amazon.awssdk.services.s3.model.S3Exception replaced = assertThrows(software.amazon.awssdk.services.s3.model.S3Exception.class,
                    () -> lean.getRange("ranged/ä b.bin", etag, null, 0, 10, new byte[10]));
            assertEquals(412, replaced.statusCode());
            software.amazon.awssdk.services.s3.model.S3Exception missing = assertThrows(software.amazon.awssdk.services.s3.model.S3Exception.class,
                    () -> lean.getRange("ranged/never.bin", null, null, 0, 10, new byte[10]));
            assertEquals(404, missing.statusCode());
        }
    }

    @Test
    void copyObject_theRequestLeftToTheSdk_buildsTheSdkClientWhenFirstNeeded() {
        byte[] data = bytes(2048, 55);
        try (S3ObjectStore store = store(TestProfiles.PROFILE)) {
            StoredObject original = store.putObject("lazy/original.bin", body(data), data.length, md5(data), OPTIONS);
            assertFalse(store.sdkClientBuilt());

            store.copyObject("lazy/copy.bin", new dev.uploader.engine.CopySource(BUCKET, "lazy/original.bin", original.etag(), null), OPTIONS);

            assertTrue(store.sdkClientBuilt());
            assertArrayEquals(data, read("lazy/copy.bin"));
        }
    }

    @Test
    void multipartUpload_createListPartsCompleteAndAbort_allWithoutTheSdkClient() {
        byte[] first = bytes(5 * 1024 * 1024, 21);
        byte[] second = bytes(1000, 22);
        try (S3ObjectStore store = store(TestProfiles.PROFILE)) {
            String id = store.createMultipartUpload("lean mpu/ä+b.bin", new UploadOptions(null, "text/plain"));
            String e1 = store.uploadPart("lean mpu/ä+b.bin", id, 1, body(first), first.length, md5(first));
            String e2 = store.uploadPart("lean mpu/ä+b.bin", id, 2, body(second), second.length, md5(second));

            assertEquals(List.of(new dev.uploader.engine.RemotePart(1, first.length, e1), new dev.uploader.engine.RemotePart(2, second.length, e2)),
                    store.listParts("lean mpu/ä+b.bin", id));
            StoredObject done = store.completeMultipartUpload("lean mpu/ä+b.bin", id, List.of(new CompletedPart(1, e1), new CompletedPart(2, e2)));
            assertEquals(Md5.multipartEtag(List.of(md5(first), md5(second))), done.etag());

            String abandoned = store.createMultipartUpload("lean mpu/abandoned.bin", OPTIONS);
            store.abortMultipartUpload("lean mpu/abandoned.bin", abandoned);
            assertTrue(store.listMultipartUploads("lean mpu/").isEmpty());
            assertFalse(store.sdkClientBuilt(), "an upload from a local folder needs no SDK client");
        }
        byte[] all = read("lean mpu/ä+b.bin");
        assertEquals(first.length + second.length, all.length);
    }

    @Test
    void completeMultipartUpload_aPartWithAnotherEtag_rejectedAsInvalidPart() {
        byte[] part = bytes(5 * 1024 * 1024, 31);
        try (S3ObjectStore store = store(TestProfiles.PROFILE)) {
            String id = store.createMultipartUpload("lean mpu/invalid.bin", OPTIONS);
            store.uploadPart("lean mpu/invalid.bin", id, 1, body(part), part.length, md5(part));

            TransferException e = assertThrows(TransferException.class, () -> store.completeMultipartUpload("lean mpu/invalid.bin", id,
                    List.of(new CompletedPart(1, "0123456789abcdef0123456789abcdef"))));

            assertTrue(e.getMessage().contains("InvalidPart"), e.getMessage());
            store.abortMultipartUpload("lean mpu/invalid.bin", id);
        }
    }

    @Test
    void putObject_emptyBody_storesEmptyObject() {
        try (S3ObjectStore store = store(TestProfiles.PROFILE)) {
            byte[] none = new byte[0];
            StoredObject stored = store.putObject("empty", body(none), 0, md5(none), OPTIONS);
            assertEquals(Md5.hex(md5(none)), stored.etag());
            assertEquals(0, read("empty").length);
        }
    }

    @Test
    void uploadPart_twoPartsThenComplete_objectHasMultipartEtagAndBytes() {
        byte[] first = bytes(5 * 1024 * 1024, 1);
        byte[] second = bytes(123_457, 2);
        try (S3ObjectStore store = store(TestProfiles.PROFILE)) {
            String id = store.createMultipartUpload("multi/part.bin", OPTIONS);
            String e1 = store.uploadPart("multi/part.bin", id, 1, body(first), first.length, md5(first));
            String e2 = store.uploadPart("multi/part.bin", id, 2, body(second), second.length, md5(second));
            assertEquals(Md5.hex(md5(first)), e1);
            assertEquals(Md5.hex(md5(second)), e2);
            StoredObject done = store.completeMultipartUpload("multi/part.bin", id, List.of(new CompletedPart(1, e1), new CompletedPart(2, e2)));
            assertTrue(done.etag().endsWith("-2"), done.etag());
        }
        byte[] all = read("multi/part.bin");
        assertEquals(first.length + second.length, all.length);
        assertArrayEquals(second, java.util.Arrays.copyOfRange(all, first.length, all.length));
    }

    @Test
    void putObject_md5OfOtherBytes_rejectedByStoreAsRetryableBadDigestAndNothingStored() {
        byte[] data = bytes(4096, 9);
        byte[] wrong = md5(bytes(4096, 10));
        try (S3ObjectStore store = store(TestProfiles.PROFILE)) {
            TransferException e = assertThrows(TransferException.Retryable.class,
                    () -> store.putObject("bad-digest", body(data), data.length, wrong, OPTIONS));
            assertTrue(e.getMessage().contains("BadDigest"), e.getMessage());
            assertTrue(store.head("bad-digest").isEmpty());
        }
    }

    @Test
    void putObject_wrongSecret_fatalNamingTheProfileWithoutTheSecret() {
        byte[] data = bytes(100, 3);
        try (S3ObjectStore store = store("wrong")) {
            assertTrue(store.usesLeanClient());
            TransferException e = assertThrows(TransferException.Fatal.class,
                    () -> store.putObject("denied", body(data), data.length, md5(data), OPTIONS));
            assertTrue(e.getMessage().contains("'wrong'"), e.getMessage());
            assertFalse(e.getMessage().contains("not-the-secret"), e.getMessage());
        }
    }

    @Test
    void putObject_serverDown_retryableCannotConnect() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        S3Location down = new S3Location(URI.create("http://127.0.0.1:" + port), TestProfiles.PROFILE, null, false);
        byte[] data = bytes(100, 4);
        try (S3ObjectStore store = new S3ClientFactory().openStore(down, BUCKET, 2)) {
            TransferException e = assertThrows(TransferException.Retryable.class,
                    () -> store.putObject("x", body(data), data.length, md5(data), OPTIONS));
            assertTrue(e.getMessage().contains("cannot connect"), e.getMessage());
        }
    }

    @Test
    void putObject_bodyShorterThanLength_failsAndNothingStored() {
        byte[] data = bytes(1000, 5);
        try (S3ObjectStore store = store(TestProfiles.PROFILE)) {
            RuntimeException e = assertThrows(TransferException.class,
                    () -> store.putObject("short", body(java.util.Arrays.copyOf(data, 900)), data.length, md5(data), OPTIONS));
            assertTrue(e.getMessage().contains("short"), e.getMessage());
            assertTrue(store.head("short").isEmpty());
        }
    }

    @Test
    void forBucket_storesTheSenderCannotAddress_leftToTheSdk() {
        var credentials = AnonymousCredentialsProvider.create();
        URI endpoint = URI.create("https://s3.example.com");
        assertTrue(LeanS3Client.forBucket(new S3Location(null, "p", null, false), "b", credentials, "us-east-1", Map.of()).isEmpty(),
                "AWS endpoints: the SDK's endpoint rules");
        assertTrue(LeanS3Client.forBucket(new S3Location(endpoint, "p", null, false), "b", credentials, "us-east-1",
                Map.of("HTTPS_PROXY", "http://proxy:3128")).isEmpty(), "proxies");
        assertTrue(LeanS3Client.forBucket(new S3Location(endpoint, "p", null, false), "with.dots", credentials, "us-east-1", Map.of())
                .isEmpty(), "dotted names, virtual-hosted");
        assertTrue(LeanS3Client.forBucket(new S3Location(endpoint, "p", null, true), "with.dots", credentials, "us-east-1", Map.of())
                .isPresent(), "dotted names, path-style");
        assertTrue(LeanS3Client.forBucket(new S3Location(endpoint, "p", null, false), "plain-name", credentials, "us-east-1", Map.of())
                .isPresent(), "virtual-hosted plain names");
    }
}
