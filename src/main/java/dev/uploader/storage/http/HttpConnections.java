package dev.uploader.storage.http;

import dev.uploader.engine.PartBody;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * Keep-alive HTTP/1.1 connections to one host, for request bodies of known length: the body goes from its
 * file to the socket (sendfile, plain http) or from its stream in large writes, with no per-request machinery
 * in between. Only what an S3 store's PUT, GET and HEAD need: Content-Length bodies out; Content-Length, chunked
 * or close-delimited replies in.
 *
 * <p>Never stuck: a watchdog closes a connection on which less than {@link #MIN_PROGRESS} bytes moved, either way,
 * for the idle timeout (a store that stops reading a body, a reply that never comes or comes a byte at a time),
 * or that outlives its request's deadline; the request then fails as a timeout, which the engine retries on a new
 * connection. {@link #abortAll()} ends every request in flight at once (the job was asked to stop). Only
 * idempotent requests are sent again by this class on a kept-alive connection the server closed: a POST could
 * have been carried out already.
 */
final class HttpConnections implements AutoCloseable {
    /** Servers close idle connections after 5 to 60 s; one idle longer than this is not worth trying. */
    private static final long MAX_IDLE_NANOS = Duration.ofSeconds(10).toNanos();
    /** Listings of 1,000 long keys run to a few MiB; anything beyond this is not an S3 answer. */
    private static final int MAX_REPLY_BODY = 16 << 20;
    private static final int BODY_SLICE = 256 * 1024;
    /** More than a signed head takes (about 700 bytes with a long key and a session token). */
    private static final int HEAD_ROOM = 8 * 1024;
    private static final String SELECTOR_PROVIDER = "java.nio.channels.spi.SelectorProvider";

    static {
        // The first SocketChannel asks for the selector provider, and without this property the JDK looks for
        // others with a ServiceLoader, which opens every jar of the class path: 30 ms of a run that otherwise
        // opens none (docs/decisions/0007). The property names the JDK's own default for this OS, and only once
        // the JDK is seen to have that class; a value set by the user is left alone.
        if (System.getProperty(SELECTOR_PROVIDER) == null) {
            jdkSelectorProvider(System.getProperty("os.name", "")).ifPresent(name -> System.setProperty(SELECTOR_PROVIDER, name));
        }
    }

    private final String host;
    private final int port;
    private final SSLSocketFactory tls;
    private final int connectTimeoutMillis;
    private final int readTimeoutMillis;
    private final long idleNanos;
    private final ConcurrentLinkedDeque<Connection> idle = new ConcurrentLinkedDeque<>();
    private final java.util.Set<Connection> busy = java.util.concurrent.ConcurrentHashMap.newKeySet();
    /** Sockets still connecting or in their TLS handshake. */
    private final java.util.Set<Socket> connecting = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final Object watchdogLock = new Object();
    private Thread watchdog;
    private volatile boolean closed;
    /** Fewer bytes than this moved within the idle timeout is a stall (a reply dripped a byte at a time is one). */
    static final int MIN_PROGRESS = 1024;
    /** A POST goes on a connection only this fresh: the server will hardly have closed it, and it is never sent twice. */
    private static final long POST_REUSE_NANOS = Duration.ofSeconds(2).toNanos();
    /** The slowest a request may go, on average, before its deadline ends it. */
    private static final long MIN_BYTES_PER_SECOND = 1024;

    /**
     * @param tls         null for plain http; else the TLS sockets to use (the JDK's default trust for real stores)
     * @param idleTimeout no progress for this long fails a request (reads, writes, waiting for a reply)
     */
    HttpConnections(String host, int port, SSLSocketFactory tls, Duration connectTimeout, Duration idleTimeout) {
        this.host = host;
        this.port = port;
        this.tls = tls;
        this.connectTimeoutMillis = (int) connectTimeout.toMillis();
        this.readTimeoutMillis = (int) idleTimeout.toMillis();
        this.idleNanos = idleTimeout.toNanos();
    }

    /** The class of the JDK's default selector provider on this OS (JDK 17 to 25), where the JDK has it. */
    static Optional<String> jdkSelectorProvider(String osName) {
        String os = osName.toLowerCase(Locale.ROOT);
        String name = os.startsWith("linux") ? "sun.nio.ch.EPollSelectorProvider"
                : os.startsWith("mac") ? "sun.nio.ch.KQueueSelectorProvider"
                : os.startsWith("windows") ? "sun.nio.ch.WEPollSelectorProvider" : null;
        if (name == null) {
            return Optional.empty();
        }
        try {
            Class.forName(name, false, null); // the boot loader's: only the JDK's own class will do
            return Optional.of(name);
        } catch (ClassNotFoundException | LinkageError e) {
            return Optional.empty();
        }
    }

    /** One request line with its headers, already signed; Host and Content-Length are among the headers. */
    record Request(String method, String target, List<Map.Entry<String, String>> headers) {
    }

    /** A reply: status, headers by lower-case name, and the body (small: error documents). */
    record Reply(int status, Map<String, String> headers, byte[] body) {
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    /**
     * Where the body of a successful (2xx) reply goes: exactly {@code length} bytes into {@code array} from
     * {@code offset}, read from the socket straight into it. A reply of another length is an error.
     */
    record BodyTarget(byte[] array, int offset, int length) {
    }

    /**
     * Sends the request with {@code length} bytes of body (none where {@code body} is null) and reads the reply. A kept-alive connection the server
     * has closed in the meantime is retried once on a new connection; any other failure is the caller's.
     */
    Reply exchange(Request request, PartBody body, long length) throws IOException {
        return exchange(request, body, length, null);
    }

    /** As {@link #exchange(Request, PartBody, long)}, a successful reply's body read into {@code into} (null: into the Reply). */
    Reply exchange(Request request, PartBody body, long length, BodyTarget into) throws IOException {
        return exchange(request, body, length, into, null);
    }

    /** @param idleTimeout this request's idle timeout where it differs from the connections' (the access check's is short) */
    Reply exchange(Request request, PartBody body, long length, BodyTarget into, Duration idleTimeout) throws IOException {
        long idle = idleTimeout == null ? idleNanos : idleTimeout.toNanos();
        boolean idempotent = !request.method().equals("POST");
        Connection reused = takeIdle(idempotent ? MAX_IDLE_NANOS : POST_REUSE_NANOS);
        if (reused != null) {
            try {
                return exchangeOn(reused, request, body, length, into, idle);
            } catch (StaleConnection e) {
                if (!idempotent) {
                    throw e.failure; // it may have been carried out: the caller decides what to do
                }
                // the server had closed it: one more try on a new connection
            }
        }
        try {
            return exchangeOn(connect(), request, body, length, into, idle);
        } catch (StaleConnection e) {
            throw e.failure;
        }
    }

    /** The idle timeout of requests that do not ask for another. */
    Duration idleTimeout() {
        return Duration.ofNanos(idleNanos);
    }

    /** Ends every request in flight now (their callers get an IOException); kept-alive idle connections are closed too. */
    void abortAll() {
        for (Connection c = idle.poll(); c != null; c = idle.poll()) {
            c.close();
        }
        for (Connection c : busy) {
            c.aborted = true;
            c.abort();
        }
        for (Socket s : connecting) {
            abortQuietly(s);
        }
    }

    private Reply exchangeOn(Connection c, Request request, PartBody body, long length, BodyTarget into, long idle) throws IOException {
        long expected = length + (into == null ? 0 : into.length());
        c.started(idle, System.nanoTime() + 4 * idle + expected * 1_000_000_000L / MIN_BYTES_PER_SECOND);
        c.socket.setSoTimeout((int) Math.max(1, idle / 1_000_000));
        busy.add(c);
        startWatchdog();
        try {
            return exchangeWatched(c, request, body, length, into);
        } catch (IOException e) {
            if (c.stalled) {
                throw new Stalled("no progress for " + Math.max(1, idle / 1_000_000_000L) + " s (the store stopped reading or answering,"
                        + " or answered too slowly); tried again on a new connection", e);
            }
            if (c.aborted) {
                java.io.InterruptedIOException stopped = new java.io.InterruptedIOException("stopped: the job was asked to stop");
                stopped.initCause(e);
                throw stopped;
            }
            throw e;
        } finally {
            busy.remove(c);
            // back to the pool only once out of busy: a connection in both could be taken by another request while
            // this one's removal from busy is still to come, leaving that request unwatched
            if (c.keep) {
                c.keep = false;
                if (closed) {
                    c.close();
                } else {
                    c.lastUsed = System.nanoTime();
                    c.reused = true;
                    c.replyStarted = false;
                    this.idle.push(c);
                }
            }
        }
    }

    private Reply exchangeWatched(Connection c, Request request, PartBody body, long length, BodyTarget into) throws IOException {
        boolean keep = false;
        try {
            try {
                c.out.write(head(request));
                boolean sent = body == null;
                if (!sent && c.channel != null && length > 0) {
                    // The head goes out just before the first slice from the file. A body that is not in a file
                    // follows the head through the buffer instead: a small request is one write and one segment,
                    // which the store reads in one go. (The caller's body counts its own progress.)
                    boolean[] headSent = {false};
                    sent = body.transferTo(c.channel, n -> {
                        if (!headSent[0]) {
                            c.out.flush();
                            headSent[0] = true;
                        }
                        c.moved(n);
                    });
                }
                if (!sent) {
                    try (InputStream in = body.open()) {
                        copy(in, c.out, length, c.slice);
                    }
                }
                c.out.flush();
            } catch (IOException writeFailure) {
                if (writeFailure instanceof SourceFailure source) {
                    throw source.getCause();
                }
                if (c.stalled || c.aborted) {
                    throw writeFailure;
                }
                // the server may have answered and closed before taking the whole body (403, 400, ...)
                Reply early = replyAfterWriteFailure(c);
                if (early != null) {
                    return early;
                }
                throw c.reused ? new StaleConnection(writeFailure) : writeFailure;
            }
            Reply reply;
            // a small answer (XML, a HEAD) may come a byte at a time while the store works, as S3 keeps a long
            // completion alive with spaces: any byte is progress then, and the request's deadline bounds the drip
            c.anyByteIsProgress = into == null;
            try {
                reply = readReply(c, request.method(), into);
            } catch (EOFException | java.net.SocketException e) {
                if (c.reused && !c.replyStarted) {
                    throw new StaleConnection(e);
                }
                throw e;
            }
            keep = c.keepAlive;
            return reply;
        } finally {
            if (keep && !closed) {
                c.keep = true; // exchangeOn returns it to the pool
            } else {
                c.close();
            }
        }
    }

    private Reply replyAfterWriteFailure(Connection c) {
        try {
            c.socket.setSoTimeout(Math.min(readTimeoutMillis, 2000));
            return readReply(c, "PUT", null);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static byte[] head(Request request) {
        StringBuilder text = new StringBuilder(512);
        text.append(request.method()).append(' ').append(request.target()).append(" HTTP/1.1\r\n");
        for (Map.Entry<String, String> h : request.headers()) {
            String value = h.getValue();
            if (value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0) {
                throw new IllegalArgumentException("header " + h.getKey() + " has a line break");
            }
            text.append(h.getKey()).append(": ").append(value).append("\r\n");
        }
        text.append("\r\n");
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** A failure reading the caller's body: not the connection's fault, never retried here. */
    private static final class SourceFailure extends IOException {
        SourceFailure(IOException cause) {
            super(cause);
        }

        @Override
        public synchronized IOException getCause() {
            return (IOException) super.getCause();
        }
    }

    private static void copy(InputStream in, OutputStream out, long length, byte[] slice) throws IOException {
        long left = length;
        while (left > 0) {
            int n;
            try {
                n = in.read(slice, 0, (int) Math.min(slice.length, left));
            } catch (IOException e) {
                throw new SourceFailure(e);
            }
            if (n < 0) {
                throw new SourceFailure(new EOFException("the body ended " + left + " bytes short of its length " + length));
            }
            out.write(slice, 0, n);
            left -= n;
        }
    }

    private Reply readReply(Connection c, String method, BodyTarget into) throws IOException {
        while (true) {
            String statusLine = readLine(c.in, c);
            if (statusLine == null) {
                throw new EOFException("the server closed the connection without a reply");
            }
            if (statusLine.isEmpty()) {
                continue;
            }
            String[] parts = statusLine.split(" ", 3);
            if (parts.length < 2 || !parts[0].startsWith("HTTP/")) {
                throw new IOException("not an HTTP reply: " + abbreviate(statusLine));
            }
            int status;
            try {
                status = Integer.parseInt(parts[1].trim());
            } catch (NumberFormatException e) {
                throw new IOException("not an HTTP status: " + abbreviate(statusLine));
            }
            Map<String, String> headers = new TreeMap<>();
            for (String line = readLine(c.in, c); line != null && !line.isEmpty(); line = readLine(c.in, c)) {
                int colon = line.indexOf(':');
                if (colon > 0) {
                    String name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
                    String value = line.substring(colon + 1).trim();
                    headers.merge(name, value, (a, b) -> a + ", " + b);
                }
            }
            if (status >= 100 && status < 200) {
                continue; // 100 Continue and other interim replies
            }
            String connection = headers.getOrDefault("connection", "").toLowerCase(Locale.ROOT);
            boolean http10 = parts[0].equals("HTTP/1.0");
            c.keepAlive = http10 ? connection.contains("keep-alive") : !connection.contains("close");
            byte[] body;
            if (method.equals("HEAD") || status == 204 || status == 304) {
                body = new byte[0];
            } else if (into != null && status / 100 == 2) {
                readInto(c, headers, into);
                body = new byte[0];
            } else if (chunked(headers)) {
                body = readChunked(c);
            } else if (headers.containsKey("content-length")) {
                body = readFixed(c, contentLength(headers));
            } else {
                c.keepAlive = false;
                body = readToEnd(c);
            }
            return new Reply(status, headers, body);
        }
    }

    /** A successful reply's body, exactly the target's length, into the target: Content-Length, chunked or to the end. */
    private void readInto(Connection c, Map<String, String> headers, BodyTarget into) throws IOException {
        byte[] array = into.array();
        int end = into.offset() + into.length();
        int at = into.offset();
        if (chunked(headers)) {
            for (long size = nextChunkSize(c); size > 0; size = nextChunkSize(c)) {
                if (size > end - at) {
                    c.keepAlive = false;
                    throw new IOException("the reply is longer than the " + into.length() + " bytes asked for");
                }
                readFully(c, array, at, (int) size);
                at += (int) size;
                readLine(c.in, c); // the CRLF after the chunk
            }
        } else if (headers.containsKey("content-length")) {
            long n = contentLength(headers);
            if (n != into.length()) {
                c.keepAlive = false;
                throw new IOException("the reply has " + n + " bytes where " + into.length() + " were asked for");
            }
            readFully(c, array, at, (int) n);
            at += (int) n;
        } else {
            c.keepAlive = false;
            for (int n; at < end && (n = c.in.read(array, at, Math.min(BODY_SLICE, end - at))) >= 0; ) {
                at += n;
            }
            if (c.in.read() >= 0) {
                throw new IOException("the reply is longer than the " + into.length() + " bytes asked for");
            }
        }
        if (at != end) {
            c.keepAlive = false;
            throw new IOException("the reply has " + (at - into.offset()) + " bytes where " + into.length() + " were asked for");
        }
    }

    /**
     * Reads in slices of at most {@link #BODY_SLICE}: the JDK reads a socket into a heap array through a temporary
     * direct buffer of the size asked for, kept per thread, so one read of a whole 8 MiB part would hold 8 MiB of
     * native memory per thread for the rest of the job.
     */
    private static void readFully(Connection c, byte[] array, int offset, int length) throws IOException {
        int at = offset;
        int end = offset + length;
        while (at < end) {
            int n = c.in.read(array, at, Math.min(BODY_SLICE, end - at));
            if (n < 0) {
                throw new EOFException("the reply ended " + (end - at) + " bytes short");
            }
            at += n;
        }
    }

    private byte[] readFixed(Connection c, long n) throws IOException {
        if (n > MAX_REPLY_BODY) {
            c.keepAlive = false; // not read to its end: the connection cannot carry another request
            throw tooLong(n + " bytes");
        }
        byte[] body = c.in.readNBytes((int) n);
        if (body.length < n) {
            throw new EOFException("the reply ended " + (n - body.length) + " bytes short");
        }
        return body;
    }

    private byte[] readChunked(Connection c) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (long size = nextChunkSize(c); size > 0; size = nextChunkSize(c)) {
            if (body.size() + size > MAX_REPLY_BODY) {
                c.keepAlive = false;
                throw tooLong("over " + MAX_REPLY_BODY + " bytes");
            }
            byte[] chunk = c.in.readNBytes((int) size);
            if (chunk.length < size) {
                throw new EOFException("the reply ended inside a chunk");
            }
            body.write(chunk);
            readLine(c.in, c); // the CRLF after the chunk
        }
        return body.toByteArray();
    }

    private static boolean chunked(Map<String, String> headers) {
        return headers.getOrDefault("transfer-encoding", "").toLowerCase(Locale.ROOT).contains("chunked");
    }

    private static long contentLength(Map<String, String> headers) throws IOException {
        try {
            return Long.parseLong(headers.get("content-length").trim());
        } catch (NumberFormatException e) {
            throw new IOException("bad Content-Length in reply: " + headers.get("content-length"));
        }
    }

    /** The size of the next chunk; at the last (0) the trailers are read too, which carry nothing needed here. */
    private static long nextChunkSize(Connection c) throws IOException {
        String sizeLine = readLine(c.in, c);
        if (sizeLine == null) {
            throw new EOFException("the reply ended inside a chunk");
        }
        int semicolon = sizeLine.indexOf(';');
        long size;
        try {
            size = Long.parseLong((semicolon >= 0 ? sizeLine.substring(0, semicolon) : sizeLine).trim(), 16);
        } catch (NumberFormatException e) {
            throw new IOException("bad chunk size in reply: " + abbreviate(sizeLine));
        }
        if (size < 0) {
            throw new IOException("bad chunk size in reply: " + abbreviate(sizeLine));
        }
        if (size == 0) {
            for (String trailer = readLine(c.in, c); trailer != null && !trailer.isEmpty(); trailer = readLine(c.in, c)) {
                // skipped
            }
        }
        return size;
    }

    private static byte[] readToEnd(Connection c) throws IOException {
        byte[] body = c.in.readNBytes(MAX_REPLY_BODY + 1);
        if (body.length > MAX_REPLY_BODY) {
            throw tooLong("over " + MAX_REPLY_BODY + " bytes");
        }
        return body;
    }

    /** An answer longer than any S3 answer is refused rather than cut and read as if whole. */
    private static IOException tooLong(String size) {
        return new IOException("the store's answer of " + size + " is longer than the " + (MAX_REPLY_BODY >> 20)
                + " MiB any S3 answer takes; refused");
    }

    /** A line without its CRLF, or null at the end of the stream before any byte. */
    private static String readLine(ConnectionInput in, Connection c) throws IOException {
        String line = in.readLine(16 * 1024);
        if (line != null) {
            c.replyStarted = true;
        }
        return line;
    }

    private static String abbreviate(String s) {
        return s.length() > 80 ? s.substring(0, 80) + "..." : s;
    }

    /** A kept-alive connection used within {@code maxIdleNanos}; older ones are closed. */
    private Connection takeIdle(long maxIdleNanos) {
        long now = System.nanoTime();
        for (Connection c = idle.poll(); c != null; c = idle.poll()) {
            if (now - c.lastUsed < maxIdleNanos && !c.socket.isClosed()) {
                return c;
            }
            c.close();
        }
        return null;
    }

    /** One watchdog thread per host, started with the first request, ending with {@link #close()}. */
    private void startWatchdog() {
        synchronized (watchdogLock) {
            if (watchdog != null || closed) {
                return;
            }
            watchdog = new Thread(this::watch, "http-watchdog-" + host);
            watchdog.setDaemon(true);
            watchdog.start();
        }
    }

    private void watch() {
        // ticks fine enough for the shortest idle timeout a request may ask for (the access check's)
        long tick = Math.max(50_000_000L, Math.min(250_000_000L, idleNanos / 4));
        while (!closed) {
            java.util.concurrent.locks.LockSupport.parkNanos(tick);
            long now = System.nanoTime();
            for (Connection c : busy) {
                if (now - c.progressAt > c.idleNanos || now - c.deadline > 0) {
                    c.stalled = true;
                    c.abort(); // the blocked read or write fails at once
                }
            }
        }
    }

    private Connection connect() throws IOException {
        if (closed) {
            throw new IOException("the connections to " + host + " are closed");
        }
        // every address the name resolves to, in turn: one that does not answer is not the store's only one
        java.net.InetAddress[] addresses = java.net.InetAddress.getAllByName(host);
        IOException last = null;
        for (java.net.InetAddress address : addresses) {
            try {
                return connect(address);
            } catch (java.net.ConnectException | java.net.NoRouteToHostException e) {
                last = e;
            }
        }
        throw last != null ? last : new java.net.UnknownHostException(host);
    }

    private Connection connect(java.net.InetAddress address) throws IOException {
        // plain http on a channel, so that file bodies can go to it with sendfile
        SocketChannel channel = tls != null ? null : SocketChannel.open();
        Socket plain = channel == null ? new Socket() : channel.socket();
        connecting.add(plain); // Stop reaches a connect or a TLS handshake too
        try {
            plain.setTcpNoDelay(true);
            plain.connect(new InetSocketAddress(address, port), connectTimeoutMillis);
            plain.setSoTimeout(readTimeoutMillis);
            Socket socket = plain;
            if (tls != null) {
                SSLSocket secure = (SSLSocket) tls.createSocket(plain, host, port, true);
                SSLParameters parameters = secure.getSSLParameters();
                parameters.setEndpointIdentificationAlgorithm("HTTPS"); // the certificate must name this host
                secure.setSSLParameters(parameters);
                secure.startHandshake();
                socket = secure;
            }
            return new Connection(socket, plain, channel);
        } catch (IOException | RuntimeException e) {
            closeQuietly(plain);
            if (e instanceof SocketTimeoutException timeout) {
                throw new java.net.ConnectException("connect to " + host + ":" + port + " timed out: " + timeout.getMessage());
            }
            throw e;
        } finally {
            connecting.remove(plain);
        }
    }

    @Override
    public void close() {
        closed = true;
        synchronized (watchdogLock) {
            if (watchdog != null) {
                java.util.concurrent.locks.LockSupport.unpark(watchdog);
            }
        }
        List<Connection> all = new ArrayList<>();
        for (Connection c = idle.poll(); c != null; c = idle.poll()) {
            all.add(c);
        }
        all.forEach(Connection::close);
    }

    /** Closes with a reset and no linger: nothing waits to be sent, so closing cannot block. */
    private static void abortQuietly(Socket socket) {
        try {
            socket.setSoLinger(true, 0);
        } catch (IOException | RuntimeException ignored) {
            // already closed
        }
        closeQuietly(socket);
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing: nothing to do
        }
    }

    /** A request ended by the watchdog: no progress within the idle timeout, or past its deadline. */
    static final class Stalled extends SocketTimeoutException {
        Stalled(String message, IOException cause) {
            super(message);
            initCause(cause);
        }
    }

    /** The request could not even start on a kept-alive connection: the server had closed it. */
    private static final class StaleConnection extends IOException {
        private final IOException failure;

        StaleConnection(IOException failure) {
            super(failure);
            this.failure = failure;
        }
    }

    private static final class Connection {
        final Socket socket;
        final SocketChannel channel;
        final ConnectionInput in;
        final OutputStream out;
        final byte[] slice = new byte[BODY_SLICE];
        long lastUsed = System.nanoTime();
        boolean reused;
        boolean replyStarted;
        boolean keepAlive;
        /** The request is over and the connection goes back to the pool. */
        boolean keep;
        /** When at least MIN_PROGRESS bytes had last moved; read by the watchdog. */
        volatile long progressAt;
        volatile long idleNanos;
        boolean anyByteIsProgress;
        volatile long deadline;
        volatile boolean stalled;
        volatile boolean aborted;
        private long sinceProgress;

        /** The TCP socket (under the TLS one on https). */
        final Socket plain;

        Connection(Socket socket, Socket plain, SocketChannel channel) throws IOException {
            this.socket = socket;
            this.plain = plain;
            this.channel = channel;
            this.in = new ConnectionInput(new java.io.FilterInputStream(socket.getInputStream()) {
                @Override
                public int read() throws IOException {
                    int b = super.read();
                    if (b >= 0) {
                        moved(1);
                    }
                    return b;
                }

                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    int n = super.read(b, off, len);
                    if (n > 0) {
                        moved(n);
                    }
                    return n;
                }
            }, 16 * 1024);
            // large body slices bypass this buffer; it gathers the head and a body of up to 64 KiB into one write
            this.out = new BufferedOutputStream(new java.io.FilterOutputStream(socket.getOutputStream()) {
                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    out.write(b, off, len);
                    moved(len);
                }
            }, 64 * 1024 + HEAD_ROOM);
        }

        /** A request starts on this connection: its idle timeout, its clock of progress and its deadline. */
        void started(long idle, long deadlineNanos) {
            idleNanos = idle;
            progressAt = System.nanoTime();
            sinceProgress = 0;
            anyByteIsProgress = false;
            deadline = deadlineNanos;
        }

        /** Bytes moved, either way (on the request's own thread). */
        void moved(long n) {
            sinceProgress += n;
            if (sinceProgress >= MIN_PROGRESS || anyByteIsProgress) {
                sinceProgress = 0;
                progressAt = System.nanoTime();
            }
        }

        void close() {
            closeQuietly(socket);
        }

        /**
         * Ends the connection from another thread (the watchdog, Stop) while a request may be blocked on it. On https
         * closing the TLS socket would wait for the lock its blocked writer holds (to send close_notify): the TCP socket
         * under it is shut and reset first, which fails the blocked read or write at once.
         */
        void abort() {
            // shutdown(2) acts on the socket itself and wakes a thread blocked in it, sendfile included; a close only
            // drops this process's descriptor while the blocked call keeps the socket, until the peer gives up
            try {
                plain.shutdownInput();
            } catch (IOException | RuntimeException ignored) {
                // not connected or already shut
            }
            try {
                plain.shutdownOutput();
            } catch (IOException | RuntimeException ignored) {
                // not connected or already shut
            }
            abortQuietly(plain);
            if (socket != plain) {
                abortQuietly(socket);
            }
        }
    }
}
