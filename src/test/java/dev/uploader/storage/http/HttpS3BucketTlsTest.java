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
