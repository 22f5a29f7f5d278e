package dev.uploader.storage.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.uploader.engine.Md5;
import dev.uploader.engine.RemoteObject;
import dev.uploader.engine.StoredObject;
import dev.uploader.engine.TransferException;
import dev.uploader.engine.UploadOptions;
import dev.uploader.storage.s3.S3Location;
import dev.uploader.testing.S3TestServer;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The lean path over https against S3Proxy's TLS endpoint, with a certificate made for 127.0.0.1 by keytool
 * and trusted only by this test's TLS sockets (the JVM's own trust store is left alone).
 */
class HttpS3BucketTlsTest {
    private static final String BUCKET = "tls";
    @TempDir
    static Path dir;
    private static S3Proxy proxy;
    private static SSLSocketFactory trusting;
    private static final StaticCredentialsProvider KEYS =
            StaticCredentialsProvider.create(AwsBasicCredentials.create(S3TestServer.ACCESS_KEY, S3TestServer.SECRET_KEY));

    @BeforeAll
    static void start() throws Exception {
        Path keystore = dir.resolve("server.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "s3", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2", "-dname", "CN=127.0.0.1",
                "-ext", "SAN=ip:127.0.0.1", "-storetype", "PKCS12", "-keystore", keystore.toString(), "-storepass", "changeit",
                "-keypass", "changeit").redirectErrorStream(true).start();
        String output = new String(keytool.getInputStream().readAllBytes());
        assertEquals(0, keytool.waitFor(), output);
        proxy = S3Proxy.builder()
                .blobStore(new TransientNio2BlobStore())
                .endpoint(URI.create("http://127.0.0.1:0"))
                .secureEndpoint(URI.create("https://127.0.0.1:0"))
                .keyStore(keystore.toString(), "changeit")
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, S3TestServer.ACCESS_KEY, S3TestServer.SECRET_KEY)
                .build();
        proxy.start();
        for (long deadline = System.currentTimeMillis() + 10_000; !proxy.getState().equals("STARTED"); ) {
            assertTrue(System.currentTimeMillis() < deadline, "S3Proxy did not start: " + proxy.getState());
            Thread.sleep(10);
        }
        KeyStore trust = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            trust.load(in, "changeit".toCharArray());
        }
        TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trustManagers.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trustManagers.getTrustManagers(), null);
        trusting = context.getSocketFactory();
        try (S3Client s3 = plainClient()) {
            s3.createBucket(b -> b.bucket(BUCKET));
        }
    }

    @AfterAll
    static void stop() throws Exception {
        proxy.stop();
    }

    private static S3Client plainClient() {
        return S3Client.builder().endpointOverride(URI.create("http://127.0.0.1:" + proxy.getPort())).region(Region.US_EAST_1)
                .forcePathStyle(true).credentialsProvider(KEYS).build();
    }

    private static HttpS3Bucket storeAt(String host) {
        S3Location location = new S3Location(URI.create("https://" + host + ":" + proxy.getSecurePort()), "tls", null, true);
        return HttpS3Bucket.forBucket(location, BUCKET, KEYS, "us-east-1", Map.of(), dev.uploader.storage.s3.StoreSettings.defaults(), () -> trusting)
                .orElseThrow();
    }

    @Test
    void putObject_httpsEndpointWithTrustedCertificate_storedIntact() {
        byte[] data = new byte[3 * 1024 * 1024 + 5];
        new Random(11).nextBytes(data);
        byte[] md5 = Md5.newDigest().digest(data);
        try (HttpS3Bucket store = storeAt("127.0.0.1")) {
            StoredObject stored = store.putObject("over/tls.bin", () -> new ByteArrayInputStream(data), data.length, md5,
                    new UploadOptions(null, null));
            assertEquals(Md5.hex(md5), stored.etag());
            List<RemoteObject> listed = new ArrayList<>();
            store.listObjects("over/", listed::add);
            assertEquals(List.of("over/tls.bin"), listed.stream().map(RemoteObject::key).toList());
            assertEquals(data.length, store.head("over/tls.bin").orElseThrow().size());
        }
        try (S3Client s3 = plainClient()) {
            assertArrayEquals(data, s3.getObjectAsBytes(r -> r.bucket(BUCKET).key("over/tls.bin")).asByteArray());
        }
    }

    /**
     * A TLS server on 127.0.0.1 with the test's certificate that completes each handshake and then never reads: a
     * store that stopped taking a body. A writer blocks inside TLS holding its record lock.
     */
    private static javax.net.ssl.SSLServerSocket stallingTlsServer() throws Exception {
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(dir.resolve("server.p12"))) {
            keys.load(in, "changeit".toCharArray());
        }
        javax.net.ssl.KeyManagerFactory keyManagers = javax.net.ssl.KeyManagerFactory.getInstance(javax.net.ssl.KeyManagerFactory.getDefaultAlgorithm());
        keyManagers.init(keys, "changeit".toCharArray());
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keyManagers.getKeyManagers(), null, null);
        javax.net.ssl.SSLServerSocket server = (javax.net.ssl.SSLServerSocket) context.getServerSocketFactory()
                .createServerSocket(0, 10, java.net.InetAddress.getLoopbackAddress());
        Thread accept = new Thread(() -> {
            List<java.net.Socket> held = new ArrayList<>();
            try {
                while (true) {
                    javax.net.ssl.SSLSocket client = (javax.net.ssl.SSLSocket) server.accept();
                    client.setReceiveBufferSize(8 * 1024);
                    client.startHandshake();
                    held.add(client); // never read
                }
            } catch (java.io.IOException closed) {
                // the test is over
            }
        }, "stalling-tls");
        accept.setDaemon(true);
        accept.start();
        return server;
    }

    private static HttpS3Bucket storeOn(int port, java.time.Duration idle) {
        S3Location location = new S3Location(URI.create("https://127.0.0.1:" + port), "tls", null, true);
        return HttpS3Bucket.forBucket(location, BUCKET, KEYS, "us-east-1", Map.of(),
                new dev.uploader.storage.s3.StoreSettings(false, idle, null), () -> trusting).orElseThrow();
    }

    @Test
    void putObject_httpsStoreStopsReadingTheBody_retryableWithinTheIdleTimeout() throws Exception {
        byte[] data = new byte[16 * 1024 * 1024];
        try (javax.net.ssl.SSLServerSocket server = stallingTlsServer(); HttpS3Bucket store = storeOn(server.getLocalPort(), java.time.Duration.ofSeconds(2))) {
            long start = System.nanoTime();

            TransferException e = assertThrows(TransferException.class, () -> store.putObject("stall.bin", () -> new ByteArrayInputStream(data),
                    data.length, Md5.newDigest().digest(data), new UploadOptions(null, null)));

            assertEquals(TransferException.Retryable.class, e.getClass(), e.getMessage());
            assertTrue(e.getMessage().contains("no progress"), "says why: " + e.getMessage());
            assertTrue(java.time.Duration.ofNanos(System.nanoTime() - start).toSeconds() < 8, "ended by the 2 s idle timeout");
        }
    }

    @Test
    void cancelInFlight_httpsWriteBlockedOnAStoreThatStoppedReading_endsWithinSeconds() throws Exception {
        byte[] data = new byte[16 * 1024 * 1024];
        try (javax.net.ssl.SSLServerSocket server = stallingTlsServer(); HttpS3Bucket store = storeOn(server.getLocalPort(), java.time.Duration.ofSeconds(120))) {
            java.util.concurrent.CompletableFuture<Throwable> put = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                try {
                    store.putObject("stall.bin", () -> new ByteArrayInputStream(data), data.length, Md5.newDigest().digest(data),
                            new UploadOptions(null, null));
                    return null;
                } catch (RuntimeException e) {
                    return e;
                }
            });
            Thread.sleep(1500); // the writer is blocked inside TLS by now
            long start = System.nanoTime();

            store.cancelInFlight();
            Throwable ended = put.get(5, java.util.concurrent.TimeUnit.SECONDS);

            assertTrue(ended instanceof TransferException, String.valueOf(ended));
            assertTrue(java.time.Duration.ofNanos(System.nanoTime() - start).toSeconds() < 5, "Stop is not held by the blocked writer");
        }
    }

    @Test
    void putObject_certificateNamesAnotherHost_refusedAsTlsFailureAndNothingStored() {
        byte[] data = "x".getBytes();
        try (HttpS3Bucket store = storeAt("localhost")) {
            TransferException e = assertThrows(TransferException.class, () -> store.putObject("wrong-host", () -> new ByteArrayInputStream(data),
                    data.length, Md5.newDigest().digest(data), new UploadOptions(null, null)));
            assertTrue(e.getMessage().contains("TLS"), e.getMessage());
        }
        try (S3Client s3 = plainClient()) {
            assertTrue(s3.listObjectsV2(r -> r.bucket(BUCKET).prefix("wrong-host")).contents().isEmpty());
        }
    }
}
