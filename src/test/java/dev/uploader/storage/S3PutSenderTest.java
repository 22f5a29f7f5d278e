package dev.uploader.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.uploader.engine.CompletedPart;
import dev.uploader.engine.Md5;
import dev.uploader.engine.PartBody;
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
class S3PutSenderTest extends InMemoryServerTest {
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
            assertTrue(store.usesPutSender());
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
            assertTrue(store.usesPutSender());
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
        assertTrue(S3PutSender.forBucket(new S3Location(null, "p", null, false), "b", credentials, "us-east-1", Map.of()).isEmpty(),
                "AWS endpoints: the SDK's endpoint rules");
        assertTrue(S3PutSender.forBucket(new S3Location(endpoint, "p", null, false), "b", credentials, "us-east-1",
                Map.of("HTTPS_PROXY", "http://proxy:3128")).isEmpty(), "proxies");
        assertTrue(S3PutSender.forBucket(new S3Location(endpoint, "p", null, false), "with.dots", credentials, "us-east-1", Map.of())
                .isEmpty(), "dotted names, virtual-hosted");
        assertTrue(S3PutSender.forBucket(new S3Location(endpoint, "p", null, true), "with.dots", credentials, "us-east-1", Map.of())
                .isPresent(), "dotted names, path-style");
        assertTrue(S3PutSender.forBucket(new S3Location(endpoint, "p", null, false), "plain-name", credentials, "us-east-1", Map.of())
                .isPresent(), "virtual-hosted plain names");
    }
}
