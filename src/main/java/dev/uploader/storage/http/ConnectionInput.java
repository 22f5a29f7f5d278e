package dev.uploader.storage.http;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * The socket's input behind a buffer of its own. Reply heads are read byte by byte, and BufferedInputStream takes
 * a lock for every byte: some 400 per reply, thousands of replies per job.
 */
final class ConnectionInput extends InputStream {
    private final InputStream socket;
    private final byte[] buffer;
    private int position;
    private int limit;

    ConnectionInput(InputStream socket, int size) {
        this.socket = socket;
        this.buffer = new byte[size];
    }

    /** False at the end of the stream. */
    private boolean fill() throws IOException {
        int n = socket.read(buffer, 0, buffer.length);
        if (n <= 0) {
            return false;
        }
        position = 0;
        limit = n;
        return true;
    }

    @Override
    public int read() throws IOException {
        if (position == limit && !fill()) {
            return -1;
        }
        return buffer[position++] & 0xff;
    }

    @Override
    public int read(byte[] into, int offset, int length) throws IOException {
        Objects.checkFromIndexSize(offset, length, into.length);
        if (length == 0) {
            return 0;
        }
        if (position == limit) {
            if (length >= buffer.length) {
                return socket.read(into, offset, length); // a large read goes straight into the caller's array
            }
            if (!fill()) {
                return -1;
            }
        }
        int n = Math.min(limit - position, length);
        System.arraycopy(buffer, position, into, offset, n);
        position += n;
        return n;
    }

    @Override
    public int available() throws IOException {
        return limit - position;
    }

    /**
     * One line without its line end (LF or CR LF), its bytes taken as ISO-8859-1 as HTTP heads are; what is left
     * at the end of the stream, or null if nothing is.
     */
    String readLine(int maxLength) throws IOException {
        StringBuilder longLine = null;
        while (true) {
            if (position == limit && !fill()) {
                return longLine == null || longLine.length() == 0 ? null : longLine.toString();
            }
            int start = position;
            while (position < limit && buffer[position] != '\n') {
                position++;
            }
            boolean ended = position < limit;
            int end = position;
            if (ended) {
                position++; // past the LF
                if (end > start && buffer[end - 1] == '\r') {
                    end--;
                } else if (end == start && longLine != null && longLine.length() > 0
                        && longLine.charAt(longLine.length() - 1) == '\r') {
                    longLine.setLength(longLine.length() - 1); // the CR came at the end of the last buffer
                }
            }
            String part = new String(buffer, start, end - start, StandardCharsets.ISO_8859_1);
            if (ended && longLine == null) {
                return part;
            }
            if (longLine == null) {
                longLine = new StringBuilder(part.length() * 2);
            }
            longLine.append(part);
            if (ended) {
                return longLine.toString();
            }
            if (longLine.length() > maxLength) {
                throw new IOException("a reply header line is too long");
            }
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
