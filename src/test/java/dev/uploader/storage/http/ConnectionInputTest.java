package dev.uploader.storage.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConnectionInputTest {
    /** A socket that hands out at most {@code chunk} bytes per read, as a network does. */
    private static InputStream trickle(byte[] bytes, int chunk) {
        return new ByteArrayInputStream(bytes) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, chunk));
            }
        };
    }

    private static byte[] latin1(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void readLine_everyBufferAndChunkSize_sameLinesAndBodyAsWritten() throws IOException {
        String head = "HTTP/1.1 200 OK\r\nETag: \"abc\"\r\nx-amz-meta-name: caf\u00e9\r\nLF-only: yes\n\r\n";
        byte[] body = new byte[300];
        for (int i = 0; i < body.length; i++) {
            body[i] = (byte) (i * 7);
        }
        byte[] all = new byte[latin1(head).length + body.length];
        System.arraycopy(latin1(head), 0, all, 0, latin1(head).length);
        System.arraycopy(body, 0, all, latin1(head).length, body.length);
        for (int size = 1; size <= 40; size++) {
            for (int chunk : new int[] {1, 2, 3, 7, 64, 1000}) {
                ConnectionInput in = new ConnectionInput(trickle(all, chunk), size);
                List<String> lines = new ArrayList<>();
                for (String line = in.readLine(1000); line != null && !line.isEmpty(); line = in.readLine(1000)) {
                    lines.add(line);
                }
                String at = "buffer " + size + ", chunk " + chunk;
                assertEquals(List.of("HTTP/1.1 200 OK", "ETag: \"abc\"", "x-amz-meta-name: caf\u00e9", "LF-only: yes"), lines, at);
                assertArrayEquals(body, in.readNBytes(body.length), at);
                assertEquals(-1, in.read(), at);
                assertNull(in.readLine(1000), at);
            }
        }
    }

    @Test
    void readLine_streamEndsInsideALine_returnsWhatCame() throws IOException {
        ConnectionInput in = new ConnectionInput(trickle(latin1("HTTP/1.1 200"), 3), 4);
        assertEquals("HTTP/1.1 200", in.readLine(100));
        assertNull(in.readLine(100));
    }

    @Test
    void readLine_lineLongerThanTheLimit_refused() {
        ConnectionInput in = new ConnectionInput(new ByteArrayInputStream(latin1("x".repeat(5000) + "\r\n")), 1024);
        assertThrows(IOException.class, () -> in.readLine(2000));
    }

    @Test
    void read_largeArrayAfterTheBufferIsEmpty_readsStraightIntoIt() throws IOException {
        byte[] bytes = new byte[100_000];
        new java.util.Random(3).nextBytes(bytes);
        ConnectionInput in = new ConnectionInput(trickle(bytes, 50_000), 16);
        assertEquals(bytes[0] & 0xff, in.read());
        byte[] rest = in.readNBytes(bytes.length - 1);
        assertArrayEquals(java.util.Arrays.copyOfRange(bytes, 1, bytes.length), rest);
        assertEquals(0, in.read(new byte[10], 0, 0));
        assertEquals(-1, in.read(new byte[10], 0, 10));
    }
}
