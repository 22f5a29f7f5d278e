package dev.uploader.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.uploader.testing.CliRun;
import dev.uploader.testing.S3TestServer;
import dev.uploader.testing.TestConfig;
import dev.uploader.testing.TestFiles;
import dev.uploader.testing.TestProfiles;
import dev.uploader.testing.UploaderProcess;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
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
 * A store behind a private certificate authority (as a MinIO or Ceph inside a company): S3Proxy over https with a
 * certificate no system trusts, reached by the real command line with the authority's PEM given as aws-cli takes it.
 */
class PrivateCertificateAuthorityTest {
    @TempDir
    static Path home;
    private static S3Proxy proxy;
    private static Path pem;

    @BeforeAll
    static void start() throws Exception {
        Path keystore = home.resolve("server.p12");
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        run(keytool, "-genkeypair", "-alias", "s3", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2", "-dname", "CN=127.0.0.1",
                "-ext", "SAN=ip:127.0.0.1", "-storetype", "PKCS12", "-keystore", keystore.toString(), "-storepass", "changeit", "-keypass", "changeit");
        pem = home.resolve("private-ca.pem");
        run(keytool, "-exportcert", "-rfc", "-alias", "s3", "-keystore", keystore.toString(), "-storepass", "changeit", "-file", pem.toString());
        proxy = S3Proxy.builder().blobStore(new TransientNio2BlobStore())
                .endpoint(URI.create("http://127.0.0.1:0")).secureEndpoint(URI.create("https://127.0.0.1:0"))
                .keyStore(keystore.toString(), "changeit")
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, S3TestServer.ACCESS_KEY, S3TestServer.SECRET_KEY).build();
        proxy.start();
        for (long deadline = System.currentTimeMillis() + 10_000; !proxy.getState().equals("STARTED"); ) {
            assertTrue(System.currentTimeMillis() < deadline);
            Thread.sleep(10);
        }
        try (S3Client s3 = plain()) {
            s3.createBucket(b -> b.bucket("private"));
        }
        TestProfiles.write(home.resolve("aws"), S3TestServer.ACCESS_KEY, S3TestServer.SECRET_KEY);
        TestProfiles.useInThisJvm(home.resolve("aws"));
    }

    private static void run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), out);
    }

    @AfterAll
    static void stop() throws Exception {
        proxy.stop();
    }

    private static S3Client plain() {
        return S3Client.builder().endpointOverride(URI.create("http://127.0.0.1:" + proxy.getPort())).region(Region.US_EAST_1)
                .forcePathStyle(true).credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(S3TestServer.ACCESS_KEY, S3TestServer.SECRET_KEY))).build();
    }

    private static Path config(String name) throws Exception {
        Path src = home.resolve(name + "-src");
        TestFiles.write(src.resolve("a.bin"), 6 * TestFiles.MIB, 1);
        TestFiles.write(src.resolve("b.txt"), 100, 2);
        return new TestConfig(URI.create("https://127.0.0.1:" + proxy.getSecurePort()), "private", name, src).write(home.resolve(name + ".ini"));
    }

    @Test
    void run_caBundleOption_ownClientTrustsThePrivateAuthority() throws Exception {
        CliRun run = CliRun.run(home, "--nogui", "--config", config("option").toString(), "--ca-bundle", pem.toString());

        assertEquals(0, run.exitCode, run.toString());
        try (S3Client s3 = plain()) {
            assertEquals(6 * TestFiles.MIB, s3.headObject(b -> b.bucket("private").key("option/a.bin")).contentLength());
        }
    }

    @Test
    void run_awsCaBundleVariable_sdkTrustsThePrivateAuthority() throws Exception {
        Map<String, String> env = new HashMap<>(TestProfiles.environment(home.resolve("aws")));
        env.put("AWS_CA_BUNDLE", pem.toString());
        Path out = home.resolve("variable.out");
        Process p = UploaderProcess.start(home, out, env, List.of(), "--nogui", "--config", config("variable").toString(), "--s3-client", "sdk");

        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), Files.readString(out));
        try (S3Client s3 = plain()) {
            assertEquals(100, s3.headObject(b -> b.bucket("private").key("variable/b.txt")).contentLength());
        }
    }

    @Test
    void run_noBundle_tlsRefusedInOneLineWithinSeconds() throws Exception {
        Map<String, String> env = new HashMap<>(TestProfiles.environment(home.resolve("aws")));
        env.put("AWS_CA_BUNDLE", "");
        Path out = home.resolve("none.out");
        long start = System.nanoTime();
        Process p = UploaderProcess.start(home, out, env, List.of(), "--nogui", "--config", config("none").toString());

        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        String text = Files.readString(out);
        assertEquals(3, p.exitValue(), text);
        assertTrue(text.contains("TLS failed"), text);
        assertTrue(text.contains("--ca-bundle"), "says what to give: " + text);
        assertFalse(text.contains("Exception"), "no Java class name: " + text);
        assertTrue(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start) < 20, "within seconds");
    }
}
