package dev.uploader.storage.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Connection handling a real S3 server does not show on demand: a kept-alive connection the server closed, an
 * answer before the whole body, chunked replies. A scripted socket server plays the server, and says so here.
 */
class HttpConnectionsTest {
    private ServerSocket listener;
    private final AtomicInteger accepted = new AtomicInteger();

    @AfterEach
    void stop() throws IOException {
        if (listener != null) {
            listener.close();
        }
    }

    /** A server that gives each new connection to the script, in order of arrival, one at a time. */
    private HttpConnections serve(List<ConnectionScript> scripts) throws IOException {
        listener = new ServerSocket(0);
        Thread t = new Thread(() -> {
            try {
                for (ConnectionScript script : scripts) {
                    try (Socket s = listener.accept()) {
                        accepted.incrementAndGet();
                        script.run(s.getInputStream(), s.getOutputStream());
                    }
                }
            } catch (IOException ignored) {
                // listener closed
            }
        });
        t.setDaemon(true);
        t.start();
        return new HttpConnections("127.0.0.1", listener.getLocalPort(), null, Duration.ofSeconds(2), Duration.ofSeconds(5));
    }

    @FunctionalInterface
    interface ConnectionScript {
        void run(InputStream in, OutputStream out) throws IOException;
    }

    private static HttpConnections.Request put(long length) {
        return new HttpConnections.Request("PUT", "/b/k", List.of(Map.entry("Host", "h"), Map.entry("Content-Length", Long.toString(length))));
    }

    /** Reads one request (head and a Content-Length body) and returns its body. */
    private static byte[] readRequest(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("no request");
            }
            head.append((char) b);
        }
        int at = head.indexOf("Content-Length: ");
        if (at < 0) {
            return new byte[0]; // a GET
        }
        at += "Content-Length: ".length();
        int n = Integer.parseInt(head.substring(at, head.indexOf("\r\n", at)));
        return in.readNBytes(n);
    }

    private static void reply(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    @Test
    void exchange_serverClosedKeptAliveConnection_resentOnNewConnection() throws Exception {
        byte[] body = "hello".getBytes(StandardCharsets.US_ASCII);
        HttpConnections http = serve(List.of(
                (in, out) -> { // answers keep-alive, then closes as an idle server does
                    readRequest(in);
                    reply(out, "HTTP/1.1 200 OK\r\nETag: \"one\"\r\nContent-Length: 0\r\n\r\n");
                },
                (in, out) -> {
                    assertArrayEquals(body, readRequest(in));
                    reply(out, "HTTP/1.1 200 OK\r\nETag: \"two\"\r\nContent-Length: 0\r\n\r\n");
                }));
        assertEquals("\"one\"", http.exchange(put(5), () -> new ByteArrayInputStream(body), 5).header("ETag"));
        Thread.sleep(100);
        assertEquals("\"two\"", http.exchange(put(5), () -> new ByteArrayInputStream(body), 5).header("etag"));
        assertEquals(2, accepted.get());
        http.close();
    }

    @Test
    void exchange_errorAnsweredBeforeWholeBody_replyReturned() throws Exception {
        HttpConnections http = serve(List.<ConnectionScript>of((in, out) -> {
            in.readNBytes(100); // the head and a little of the body, then the verdict, then gone
            reply(out, "HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Length: 40\r\n\r\n<Error><Code>AccessDenied</Code></Error>");
        }));
        long length = 64L * 1024 * 1024;
        HttpConnections.Reply reply = http.exchange(put(length), () -> new InputStream() {
            @Override
            public int read() {
                return 0;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                return len;
            }
        }, length);
        assertEquals(403, reply.status());
        assertTrue(new String(reply.body(), StandardCharsets.UTF_8).contains("AccessDenied"));
        http.close();
    }

    @Test
    void exchange_chunkedReply_bodyJoinedAndConnectionKept() throws Exception {
        HttpConnections http = serve(List.of((in, out) -> {
            readRequest(in);
            reply(out, "HTTP/1.1 400 Bad Request\r\nTransfer-Encoding: chunked\r\n\r\n7;x=y\r\n<Error>\r\n8\r\n</Error>\r\n0\r\n\r\n");
            readRequest(in); // the same connection carries the next request
            reply(out, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
        }));
        HttpConnections.Reply first = http.exchange(put(1), () -> new ByteArrayInputStream(new byte[1]), 1);
        assertEquals("<Error></Error>", new String(first.body(), StandardCharsets.UTF_8));
        HttpConnections.Reply second = http.exchange(put(1), () -> new ByteArrayInputStream(new byte[1]), 1);
        assertEquals("ok", new String(second.body(), StandardCharsets.UTF_8));
        assertEquals(1, accepted.get());
        http.close();
    }

    @Test
    void exchange_bodyEndsBeforeLength_failsWithoutResending() throws Exception {
        HttpConnections http = serve(List.of((in, out) -> in.readAllBytes(), (in, out) -> in.readAllBytes()));
        IOException e = assertThrows(IOException.class, () -> http.exchange(put(10), () -> new ByteArrayInputStream(new byte[4]), 10));
        assertTrue(e.getMessage().contains("short"), e.getMessage());
        http.close();
        Thread.sleep(100);
        assertEquals(1, accepted.get());
    }

    @Test
    void exchange_serverClosesWithoutReplyOnNewConnection_fails() throws Exception {
        HttpConnections http = serve(List.of((in, out) -> readRequest(in)));
        assertThrows(IOException.class, () -> http.exchange(put(3), () -> new ByteArrayInputStream(new byte[3]), 3));
        assertEquals(1, accepted.get());
        http.close();
    }

    private static HttpConnections.Request get() {
        return new HttpConnections.Request("GET", "/b/k", List.of(Map.entry("Host", "h"), Map.entry("Range", "bytes=0-9")));
    }

    @Test
    void exchangeInto_contentLengthAsAsked_bodyLandsInTheArrayAndConnectionKept() throws Exception {
        HttpConnections http = serve(List.of((in, out) -> {
            readRequest(in);
            reply(out, "HTTP/1.1 206 Partial Content\r\nContent-Length: 10\r\n\r\n0123456789");
            readRequest(in);
            reply(out, "HTTP/1.1 206 Partial Content\r\nTransfer-Encoding: chunked\r\n\r\n4\r\nabcd\r\n6\r\nefghij\r\n0\r\n\r\n");
        }));
        byte[] into = new byte[12];

        HttpConnections.Reply first = http.exchange(get(), null, 0, new HttpConnections.BodyTarget(into, 1, 10));
        assertEquals(206, first.status());
        assertEquals("0123456789", new String(into, 1, 10, StandardCharsets.US_ASCII));
        http.exchange(get(), null, 0, new HttpConnections.BodyTarget(into, 2, 10));
        assertEquals("abcdefghij", new String(into, 2, 10, StandardCharsets.US_ASCII));
        assertEquals(1, accepted.get(), "one connection for both");
        http.close();
    }

    @Test
    void exchangeInto_replyOfAnotherLength_refusedAndConnectionNotReused() throws Exception {
        HttpConnections http = serve(List.of(
                (in, out) -> {
                    readRequest(in);
                    reply(out, "HTTP/1.1 200 OK\r\nContent-Length: 20\r\n\r\n01234567890123456789");
                },
                (in, out) -> {
                    readRequest(in);
                    reply(out, "HTTP/1.1 206 Partial Content\r\nContent-Length: 10\r\n\r\n0123");
                }));
        byte[] into = new byte[10];

        IOException longer = assertThrows(IOException.class, () -> http.exchange(get(), null, 0, new HttpConnections.BodyTarget(into, 0, 10)));
        assertTrue(longer.getMessage().contains("20 bytes where 10"), longer.getMessage());
        IOException shorter = assertThrows(IOException.class, () -> http.exchange(get(), null, 0, new HttpConnections.BodyTarget(into, 0, 10)));
        assertTrue(shorter.getMessage().contains("short"), shorter.getMessage());
        assertEquals(2, accepted.get(), "a connection whose reply was not read to its end is not used again");
        http.close();
    }

    @Test
    void exchangeInto_errorReply_bodyInTheReplyNotTheArray() throws Exception {
        HttpConnections http = serve(List.of((in, out) -> {
            readRequest(in);
            reply(out, "HTTP/1.1 412 Precondition Failed\r\nContent-Length: 46\r\n\r\n<Error><Code>PreconditionFailed</Code></Error>");
        }));
        byte[] into = new byte[10];

        HttpConnections.Reply reply = http.exchange(get(), null, 0, new HttpConnections.BodyTarget(into, 0, 10));

        assertEquals(412, reply.status());
        assertTrue(new String(reply.body(), StandardCharsets.UTF_8).contains("PreconditionFailed"));
        assertArrayEquals(new byte[10], into);
        http.close();
    }
}
