package dev.uploader.testing;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An HTTP/1.1 proxy on 127.0.0.1 in front of a real server that spoils every {@code every}-th request with one fault
 * of the network or the store, dealt in turn from the faults it was given: the connection reset before the request
 * reaches the store or in the middle of its body, 503 SlowDown (with Retry-After), 500 InternalError, a slow answer,
 * a stall (the request read and never answered, or its body never read), an answer dripped a few bytes at a time,
 * and for requests that may be repeated (GET, HEAD, PUT, DELETE of an object) an answer lost after the store acted
 * and an answer cut in the middle. {@link Fault#LOST_POST_ANSWER} loses the answer to a POST the store carried out
 * (a new multipart upload, a completion): dealt only where asked for. Faults never hit two requests in a row, so one
 * retry always gets through: a client that retries what is transient, never waits without end, and maps what it sees
 * to the right error ends with the right result.
 */
public final class FaultyRelay implements AutoCloseable {
    /** The faults, in the order they are dealt. */
    public enum Fault {
        RESET_BEFORE_REQUEST, SLOW_DOWN_503, INTERNAL_ERROR_500, LOST_ANSWER, CUT_ANSWER, SLOW_ANSWER,
        RESET_MID_BODY, SLOW_DOWN_RETRY_AFTER, STALL_ANSWER, STOP_READING_BODY, DRIP_ANSWER, LOST_POST_ANSWER;

        /** Every fault but the lost answer to a POST, whose settling is the engine's part, not a store's. */
        public static java.util.Set<Fault> ofTheWire() {
            return java.util.EnumSet.complementOf(java.util.EnumSet.of(LOST_POST_ANSWER));
        }
    }

    private static final byte[] CRLF = {'\r', '\n'};

    private final ServerSocket listener;
    private final URI server;
    private final int every;
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicInteger dealt = new AtomicInteger();
    private final ConcurrentHashMap<Fault, AtomicInteger> injected = new ConcurrentHashMap<>();
    private final java.util.List<Fault> faults;
    private final java.util.Set<Socket> open = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;
    private volatile java.util.function.Predicate<String> refuse = head -> false;
    private volatile boolean stallEverything;
    private volatile String refusal;
    /** Requests (method and target) that met a fault and have not yet been answered: when the fault was dealt. */
    private final ConcurrentHashMap<String, Long> pending = new ConcurrentHashMap<>();
    private final java.util.concurrent.atomic.AtomicLong longestRecoveryNanos = new java.util.concurrent.atomic.AtomicLong();

    /** @param every one request in this many gets a fault (at least 2); the faults of the original six */
    public FaultyRelay(URI server, int every) throws IOException {
        this(server, every, java.util.EnumSet.of(Fault.RESET_BEFORE_REQUEST, Fault.SLOW_DOWN_503, Fault.INTERNAL_ERROR_500,
                Fault.LOST_ANSWER, Fault.CUT_ANSWER, Fault.SLOW_ANSWER));
    }

    /**
     * @param every one request in this many gets one of {@code faults}, in turn (at least 2)
     * @param faults the faults to deal, each no more often than the others; of those dealt equally often, the first
     *     in this order (give a shuffled list to deal a few faults at random)
     */
    public FaultyRelay(URI server, int every, java.util.Collection<Fault> faults) throws IOException {
        if (every < 2) {
            throw new IllegalArgumentException("faults on consecutive requests would need more than one retry");
        }
        this.server = server;
        this.every = every;
        this.faults = List.copyOf(faults);
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread accept = new Thread(this::acceptLoop, "faulty-relay-accept");
        accept.setDaemon(true);
        accept.start();
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + listener.getLocalPort());
    }

    /** How many faults of this kind were injected. */
    public int injected(Fault fault) {
        AtomicInteger n = injected.get(fault);
        return n == null ? 0 : n.get();
    }

    public int requests() {
        return requests.get();
    }

    /** The faults this relay deals. */
    public java.util.List<Fault> faults() {
        return faults;
    }

    /**
     * The longest time from a fault to the first answer the store gave to the same request (method and target) after it,
     * retries and backoff included: how long the worst fault held its request up. Faults whose request was never
     * repeated (its client was killed, or gave the file up) are not counted; see {@link #forgetPending()}.
     */
    public java.time.Duration longestRecovery() {
        return java.time.Duration.ofNanos(longestRecoveryNanos.get());
    }

    /** Drops the faults still waiting for their request to be answered (as when the client was killed). */
    public void forgetPending() {
        pending.clear();
    }

    /** From now on every request is read and never answered, as by a store that hangs. */
    public void stallEverything() {
        stallEverything = true;
    }

    /**
     * Answers every request whose head (request line and headers) {@code which} accepts with {@code statusAndCode}, such
     * as "501 NotImplemented", as a store that does not do that request would: not a fault, the store's answer.
     */
    public void refuse(java.util.function.Predicate<String> which, String statusAndCode) {
        this.refusal = statusAndCode;
        this.refuse = which;
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket client = listener.accept();
                Thread t = new Thread(() -> serve(client), "faulty-relay");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                if (closed) {
                    return;
                }
            }
        }
    }

    /** One client connection: its requests in turn, over one upstream connection. */
    private void serve(Socket client) {
        Socket upstream = null;
        try (client) {
            InputStream fromClient = client.getInputStream();
            OutputStream toClient = client.getOutputStream();
            open.add(client);
            while (true) {
                ByteArrayOutputStream head = readHead(fromClient);
                if (head == null) {
                    return;
                }
                String headText = head.toString(StandardCharsets.ISO_8859_1);
                String method = headText.substring(0, headText.indexOf(' '));
                String target = headText.substring(0, Math.max(0, headText.indexOf("\r\n")));
                Fault fault = stallEverything ? Fault.STOP_READING_BODY : faultFor(method, target);
                if (fault != null) {
                    pending.putIfAbsent(target, System.nanoTime());
                }
                if (fault == Fault.STOP_READING_BODY) {
                    // the body is never read: the client's write blocks once the socket buffers are full
                    for (int waited = 0; waited < 600 && !closed; waited++) {
                        Thread.sleep(100);
                    }
                    return;
                }
                if (fault == Fault.RESET_MID_BODY) {
                    long length = headerValue(headText, "content-length").map(Long::parseLong).orElse(0L);
                    fromClient.readNBytes((int) Math.min(length / 2, 64 * 1024));
                    client.setSoLinger(true, 0);
                    return;
                }
                Request request = Request.readBody(method, head, headText, fromClient, toClient);
                if (fault == Fault.RESET_BEFORE_REQUEST) {
                    client.setSoLinger(true, 0); // a reset, not an orderly close
                    return;
                }
                if (fault == Fault.STALL_ANSWER) {
                    waitUntilClosed(client); // read, never answered
                    return;
                }
                if (refuse.test(headText)) {
                    String[] parts = refusal.split(" ", 2);
                    answerError(toClient, method, parts[0] + " " + parts[1], parts[1], "refused by the test's relay as the store would", null);
                    continue;
                }
                if (fault == Fault.SLOW_DOWN_503 || fault == Fault.INTERNAL_ERROR_500 || fault == Fault.SLOW_DOWN_RETRY_AFTER) {
                    boolean slow = fault != Fault.INTERNAL_ERROR_500;
                    answerError(toClient, method, slow ? "503 Slow Down" : "500 Internal Server Error", slow ? "SlowDown" : "InternalError",
                            "injected by the test's faulty relay", fault == Fault.SLOW_DOWN_RETRY_AFTER ? "1" : null);
                    continue;
                }
                if (fault == Fault.SLOW_ANSWER) {
                    Thread.sleep(300);
                }
                if (upstream == null || upstream.isClosed()) {
                    upstream = new Socket(server.getHost(), server.getPort());
                }
                upstream.getOutputStream().write(request.bytes);
                upstream.getOutputStream().flush();
                Response response = Response.read(upstream.getInputStream(), request.method);
                if (fault == Fault.LOST_ANSWER || fault == Fault.LOST_POST_ANSWER) {
                    client.setSoLinger(true, 0);
                    return;
                }
                if (fault == Fault.DRIP_ANSWER) {
                    for (byte b : response.bytes) {
                        toClient.write(b);
                        toClient.flush();
                        Thread.sleep(50); // 20 bytes a second: less than any client should wait for
                    }
                    answered(target);
                    continue;
                }
                if (fault == Fault.CUT_ANSWER) {
                    int cut = response.headLength + Math.max(0, (response.bytes.length - response.headLength) / 2);
                    toClient.write(response.bytes, 0, cut == response.bytes.length ? Math.max(1, cut / 2) : cut);
                    toClient.flush();
                    client.setSoLinger(true, 0);
                    return;
                }
                toClient.write(response.bytes);
                toClient.flush();
                answered(target);
                if (response.closes) {
                    return;
                }
            }
        } catch (IOException | InterruptedException e) {
            // the client or the server closed: this connection is over
        } finally {
            open.remove(client);
            if (upstream != null) {
                try {
                    upstream.close();
                } catch (IOException ignored) {
                    // closing
                }
            }
        }
    }

    private void answered(String target) {
        Long since = pending.remove(target);
        if (since != null) {
            longestRecoveryNanos.accumulateAndGet(System.nanoTime() - since, Math::max);
        }
    }

    /** @param requestLine the request's first line: method, target and version */
    private Fault faultFor(String method, String requestLine) {
        boolean post = method.equals("POST");
        synchronized (dealt) {
            // POSTs are few: the first one meets its fault, whatever its turn
            if (post && faults.contains(Fault.LOST_POST_ANSWER) && injected(Fault.LOST_POST_ANSWER) == 0) {
                requests.incrementAndGet();
                injected.computeIfAbsent(Fault.LOST_POST_ANSWER, f -> new AtomicInteger()).incrementAndGet();
                return Fault.LOST_POST_ANSWER;
            }
            if (requests.incrementAndGet() % every != 0) {
                return null;
            }
            // a DELETE of an object may be repeated too; one of an upload (abort) answers NoSuchUpload the second time
            boolean repeatable = method.equals("GET") || method.equals("HEAD") || method.equals("PUT")
                    || (method.equals("DELETE") && !requestLine.contains("uploadId="));
            // the fault dealt least so far that this request can take: every fault is dealt about as often as the others
            Fault chosen = null;
            for (Fault fault : faults) {
                boolean usable = (repeatable || (fault != Fault.LOST_ANSWER && fault != Fault.CUT_ANSWER))
                        && (post || fault != Fault.LOST_POST_ANSWER);
                if (usable && (chosen == null || injected(fault) < injected(chosen))) {
                    chosen = fault;
                }
            }
            if (chosen != null) {
                injected.computeIfAbsent(chosen, f -> new AtomicInteger()).incrementAndGet();
            }
            return chosen;
        }
    }

    private static void answerError(OutputStream toClient, String method, String status, String code, String message, String retryAfter)
            throws IOException {
        String body = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>" + code + "</Code><Message>" + message
                + "</Message><RequestId>FAULT</RequestId></Error>";
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        String head = "HTTP/1.1 " + status + "\r\nContent-Type: application/xml\r\n" + (retryAfter == null ? "" : "Retry-After: " + retryAfter + "\r\n")
                + "Content-Length: " + bytes.length + "\r\n\r\n";
        toClient.write(head.getBytes(StandardCharsets.US_ASCII));
        toClient.write(method.equals("HEAD") ? new byte[0] : bytes);
        toClient.flush();
    }

    /** Holds a connection open without answering until the client gives up on it (or the relay closes). */
    private void waitUntilClosed(Socket client) {
        try {
            InputStream in = client.getInputStream();
            byte[] sink = new byte[8192];
            while (!closed && in.read(sink) >= 0) {
                // whatever more comes is dropped
            }
        } catch (IOException e) {
            // closed
        }
    }

    @Override
    public void close() throws IOException {
        closed = true;
        listener.close();
        for (Socket s : open) {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing
            }
        }
    }

    /** A whole request as the client sent it (head and Content-Length body). */
    private record Request(String method, byte[] bytes) {
        static Request readBody(String method, ByteArrayOutputStream head, String text, InputStream in, OutputStream toClient) throws IOException {
            long length = headerValue(text, "content-length").map(Long::parseLong).orElse(0L);
            if (headerValue(text, "expect").map(v -> v.toLowerCase(Locale.ROOT).contains("100-continue")).orElse(false)) {
                toClient.write("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                toClient.flush();
            }
            if (headerValue(text, "transfer-encoding").isPresent()) {
                throw new IOException("chunked request bodies are not relayed by this test proxy");
            }
            head.write(in.readNBytes((int) length));
            return new Request(method, head.toByteArray());
        }
    }

    /** A whole response, interim 1xx answers dropped (the relay answered 100 Continue itself). */
    private record Response(byte[] bytes, int headLength, boolean closes) {
        static Response read(InputStream in, String method) throws IOException {
            while (true) {
                ByteArrayOutputStream head = readHead(in);
                if (head == null) {
                    throw new EOFException("the server closed without answering");
                }
                String text = head.toString(StandardCharsets.ISO_8859_1);
                int status = Integer.parseInt(text.split(" ", 3)[1].trim());
                if (status >= 100 && status < 200) {
                    continue;
                }
                int headLength = head.size();
                boolean closes = headerValue(text, "connection").map(v -> v.equalsIgnoreCase("close")).orElse(false);
                if (method.equals("HEAD") || status == 204 || status == 304) {
                    return new Response(head.toByteArray(), headLength, closes);
                }
                if (headerValue(text, "transfer-encoding").map(v -> v.toLowerCase(Locale.ROOT).contains("chunked")).orElse(false)) {
                    while (true) {
                        String sizeLine = readLine(in);
                        head.write(sizeLine.getBytes(StandardCharsets.ISO_8859_1));
                        head.write(CRLF);
                        int size = Integer.parseInt(sizeLine.split(";")[0].trim(), 16);
                        if (size == 0) {
                            for (String trailer = readLine(in); ; trailer = readLine(in)) {
                                head.write(trailer.getBytes(StandardCharsets.ISO_8859_1));
                                head.write(CRLF);
                                if (trailer.isEmpty()) {
                                    break;
                                }
                            }
                            return new Response(head.toByteArray(), headLength, closes);
                        }
                        head.write(in.readNBytes(size));
                        readLine(in);
                        head.write(CRLF);
                    }
                }
                java.util.Optional<Long> length = headerValue(text, "content-length").map(Long::parseLong);
                if (length.isPresent()) {
                    head.write(in.readNBytes((int) (long) length.get()));
                    return new Response(head.toByteArray(), headLength, closes);
                }
                head.write(in.readAllBytes());
                return new Response(head.toByteArray(), headLength, true);
            }
        }
    }

    private static ByteArrayOutputStream readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                return null;
            }
            head.write(b);
            matched = (b == '\r' && (matched == 0 || matched == 2)) || (b == '\n' && (matched == 1 || matched == 3)) ? matched + 1 : b == '\r' ? 1 : 0;
        }
        return head;
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new EOFException();
            }
            if (b != '\r') {
                line.append((char) b);
            }
        }
        return line.toString();
    }

    private static java.util.Optional<String> headerValue(String head, String name) {
        for (String line : head.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) {
                return java.util.Optional.of(line.substring(colon + 1).trim());
            }
        }
        return java.util.Optional.empty();
    }
}
