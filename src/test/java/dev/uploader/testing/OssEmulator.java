package dev.uploader.testing;

import com.aliyun.oss.common.utils.CRC64;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;

/**
 * An HTTP hop in front of an S3Proxy without authentication that makes it answer like Alibaba OSS where the
 * OSS SDK needs it, because no OSS server can run here:
 * <ul>
 *   <li>list answers lose S3's XML namespace (the OSS SDK reads list XML without one);</li>
 *   <li>HEAD and GET of a whole object carry {@code x-oss-hash-crc64ecma}, the object's CRC64 as OSS gives it
 *       (computed here from the stored bytes, or a value a test sets to play a corrupt store).</li>
 * </ul>
 * Everything else, ranges and If-Match included, is S3Proxy's own answer.
 */
public final class OssEmulator implements AutoCloseable {
    private static final Set<String> HOP_HEADERS = Set.of("host", "connection", "content-length", "expect", "upgrade",
            "transfer-encoding", "keep-alive", "date");

    private final URI backend;
    private final HttpServer server;
    private final HttpClient http = HttpClient.newHttpClient();
    private final Map<String, Long> crcOverrides = new ConcurrentHashMap<>();

    public OssEmulator(URI backend) throws IOException {
        this.backend = backend;
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 50);
        server.setExecutor(Executors.newFixedThreadPool(16));
        server.createContext("/", this::handle);
        server.start();
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** From now on this object's CRC64 header says {@code crc}, whatever its bytes are. */
    public void lieAboutCrc(String bucket, String key, long crc) {
        crcOverrides.put("/" + bucket + "/" + key, crc);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            URI uri = URI.create(backend + exchange.getRequestURI().getRawPath()
                    + (exchange.getRequestURI().getRawQuery() == null ? "" : "?" + exchange.getRequestURI().getRawQuery()));
            HttpRequest.Builder request = HttpRequest.newBuilder(uri);
            exchange.getRequestHeaders().forEach((name, values) -> {
                if (!HOP_HEADERS.contains(name.toLowerCase())) {
                    values.forEach(v -> request.header(name, v));
                }
            });
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            request.method(method, body.length == 0 ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
            HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            byte[] answer = response.body();
            String contentType = response.headers().firstValue("Content-Type").orElse("");
            if (contentType.contains("xml") && answer.length > 0) {
                answer = new String(answer, StandardCharsets.UTF_8)
                        .replace(" xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"", "").getBytes(StandardCharsets.UTF_8);
            }
            response.headers().map().forEach((name, values) -> {
                if (!HOP_HEADERS.contains(name.toLowerCase()) && !name.startsWith(":")) {
                    exchange.getResponseHeaders().put(name, values);
                }
            });
            boolean objectRead = (method.equals("HEAD") || method.equals("GET")) && response.statusCode() / 100 == 2
                    && exchange.getRequestURI().getRawQuery() == null && exchange.getRequestURI().getRawPath().chars().filter(c -> c == '/').count() >= 2;
            if (objectRead) {
                exchange.getResponseHeaders().put("x-oss-hash-crc64ecma", List.of(Long.toUnsignedString(crcOf(exchange.getRequestURI().getRawPath()))));
            }
            if (method.equals("HEAD")) {
                response.headers().firstValue("Content-Length").ifPresent(v -> exchange.getResponseHeaders().put("Content-Length", List.of(v)));
                exchange.sendResponseHeaders(response.statusCode(), -1);
                return;
            }
            exchange.sendResponseHeaders(response.statusCode(), answer.length == 0 ? -1 : answer.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private long crcOf(String rawPath) throws IOException, InterruptedException {
        Long lie = crcOverrides.get(URI.create(rawPath).getPath());
        if (lie != null) {
            return lie;
        }
        HttpResponse<byte[]> whole = http.send(HttpRequest.newBuilder(URI.create(backend + rawPath)).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
        CRC64 crc = new CRC64();
        crc.update(whole.body(), whole.body().length);
        return crc.getValue();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
