package dev.uploader.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.uploader.engine.TransferException;
import dev.uploader.storage.s3.S3Bucket;
import dev.uploader.storage.s3.S3Location;
import dev.uploader.storage.s3.StoreSettings;
import dev.uploader.testing.InMemoryServerTest;
import dev.uploader.testing.TestProfiles;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A ranged GET whose answer's head comes at once and whose body then comes 160 bytes a second: a drip under the idle
 * rule (less than 1 KiB in the idle time) that a socket timeout never ends. A scripted server, because no real one
 * can be asked to drip just a body; both clients must end it within seconds of their 2 s idle timeout, long before
 * its deadline (4 x 2 s plus 64 s for its 64 KiB).
 */
class RangedGetDripTest extends InMemoryServerTest {
    private static final int LENGTH = 64 * 1024;

    @ParameterizedTest(name = "sdk={0}")
    @ValueSource(booleans = {false, true})
    void getRange_bodyDrippedAfterAQuickHead_retryableWithinSeconds(boolean sdk) throws Exception {
        try (ServerSocket server = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
            Thread serve = new Thread(() -> dripBodies(server), "drip-server");
            serve.setDaemon(true);
            serve.start();
            S3Location location = new S3Location(URI.create("http://127.0.0.1:" + server.getLocalPort()), TestProfiles.PROFILE, "us-east-1", true);
            try (S3Bucket store = new S3ClientFactory().openStore(location, "drip", 2, new StoreSettings(sdk, Duration.ofSeconds(2), null))) {
                long start = System.nanoTime();

                TransferException e = assertThrows(TransferException.class,
                        () -> store.getRange("k.bin", "0123456789abcdef0123456789abcdef", null, 0, LENGTH, new byte[LENGTH]));

                long seconds = Duration.ofNanos(System.nanoTime() - start).toSeconds();
                assertEquals(TransferException.Retryable.class, e.getClass(), e.getMessage());
                assertTrue(seconds < 8, "ended by the idle rule, not the deadline: " + seconds + " s; " + e.getMessage());
            }
        }
    }

    private static void dripBodies(ServerSocket server) {
        while (!server.isClosed()) {
            try (Socket client = server.accept()) {
                InputStream in = client.getInputStream();
                ByteArrayOutputStream head = new ByteArrayOutputStream();
                for (int b = in.read(), matched = 0; b >= 0 && matched < 4; b = in.read()) {
                    head.write(b);
                    matched = (b == '\r' && (matched == 0 || matched == 2)) || (b == '\n' && (matched == 1 || matched == 3)) ? matched + 1 : 0;
                    if (matched == 4) {
                        break;
                    }
                }
                OutputStream out = client.getOutputStream();
                out.write(("HTTP/1.1 206 Partial Content\r\nContent-Length: " + LENGTH + "\r\nContent-Range: bytes 0-" + (LENGTH - 1) + "/" + LENGTH
                        + "\r\nETag: \"0123456789abcdef0123456789abcdef\"\r\nContent-Type: application/octet-stream\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                out.flush();
                for (int sent = 0; sent < LENGTH; sent += 16) {
                    out.write(new byte[16]);
                    out.flush();
                    Thread.sleep(100);
                }
            } catch (Exception closed) {
                // the client gave up (as it should), or the test is over
            }
        }
    }
}
