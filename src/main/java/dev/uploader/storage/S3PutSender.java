package dev.uploader.storage;

import dev.uploader.engine.Md5;
import dev.uploader.engine.PartBody;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLSocketFactory;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.SdkHttpFullResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * PutObject and UploadPart, the requests that carry the data, sent over {@link HttpConnections} and signed by
 * {@link SigV4Signer}. The SDK's sync pipeline (interceptors, endpoint rules, metrics, Apache's 4 KiB body
 * writes) cost more CPU per request than a small file's whole upload, see docs/decisions/0005. Everything else
 * (listing, multipart bookkeeping, copies) stays on the SDK. Used only where its addressing is certain to match
 * the SDK's: a custom endpoint, no proxy, and path-style or a plain DNS bucket name.
 *
 * <p>Replies other than 2xx become the SDK's {@link S3Exception} and network failures its
 * {@link SdkClientException}, so that one {@link S3ErrorMapper} maps both paths alike.
 */
final class S3PutSender implements AutoCloseable {
    private static final Pattern PLAIN_BUCKET = Pattern.compile("[a-z0-9][a-z0-9-]{1,61}[a-z0-9]");
    private static final String USER_AGENT = "uploader/1.0 (" + System.getProperty("os.name", "?") + "; java "
            + System.getProperty("java.version", "?") + ")";

    private final HttpConnections connections;
    private final SigV4Signer signer;
    private final AwsCredentialsProvider credentials;
    private final Clock clock;
    private final String hostHeader;
    private final String pathPrefix;

    private S3PutSender(HttpConnections connections, AwsCredentialsProvider credentials, String region, Clock clock,
            String hostHeader, String pathPrefix) {
        this.connections = connections;
        this.credentials = credentials;
        this.signer = new SigV4Signer(region, "s3");
        this.clock = clock;
        this.hostHeader = hostHeader;
        this.pathPrefix = pathPrefix;
    }

    /** A sender for this bucket, or empty where the SDK must address it (AWS endpoints, proxies, dotted names). */
    static Optional<S3PutSender> forBucket(S3Location location, String bucket, AwsCredentialsProvider credentials, String region,
            Map<String, String> environment) {
        return forBucket(location, bucket, credentials, region, environment, (SSLSocketFactory) SSLSocketFactory.getDefault());
    }

    /** @param tlsSockets for https endpoints: the JDK's default (its trust store) except in tests */
    static Optional<S3PutSender> forBucket(S3Location location, String bucket, AwsCredentialsProvider credentials, String region,
            Map<String, String> environment, SSLSocketFactory tlsSockets) {
        URI endpoint = location.endpoint();
        if (location.isAws() || endpoint.getHost() == null || usesProxy(environment)) {
            return Optional.empty();
        }
        String scheme = endpoint.getScheme() == null ? "" : endpoint.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            return Optional.empty();
        }
        boolean pathStyle = location.usesPathStyle();
        if (!pathStyle && !PLAIN_BUCKET.matcher(bucket).matches()) {
            return Optional.empty();
        }
        boolean tls = scheme.equals("https");
        int port = endpoint.getPort() > 0 ? endpoint.getPort() : tls ? 443 : 80;
        String host = pathStyle ? endpoint.getHost() : bucket + "." + endpoint.getHost();
        boolean defaultPort = port == (tls ? 443 : 80);
        String hostHeader = defaultPort ? host : host + ":" + port;
        String basePath = endpoint.getRawPath() == null ? "" : endpoint.getRawPath().replaceAll("/+$", "");
        String pathPrefix = basePath + (pathStyle ? "/" + SigV4Signer.uriEncode(bucket, true) : "");
        String connectHost = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        HttpConnections connections = new HttpConnections(connectHost, port, tls ? tlsSockets : null, Duration.ofSeconds(10),
                Duration.ofSeconds(120));
        return Optional.of(new S3PutSender(connections, credentials, region, Clock.systemUTC(), hostHeader, pathPrefix));
    }

    /** The SDK's HTTP client takes proxies from these; the lean path does not speak to proxies. */
    private static boolean usesProxy(Map<String, String> environment) {
        for (String property : new String[] {"http.proxyHost", "https.proxyHost", "socksProxyHost"}) {
            String value = System.getProperty(property);
            if (value != null && !value.isBlank()) {
                return true;
            }
        }
        for (String variable : new String[] {"HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy", "ALL_PROXY", "all_proxy"}) {
            String value = environment.get(variable);
            if (value != null && !value.isBlank()) {
                return true;
            }
        }
        return false;
    }

    /** The headers of a successful PutObject. */
    Map<String, String> putObject(String key, PartBody body, long length, byte[] md5, String contentType, String storageClass) {
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        headers.add(Map.entry("Content-Type", contentType));
        if (storageClass != null) {
            headers.add(Map.entry("x-amz-storage-class", storageClass));
        }
        return send(key, List.of(), headers, body, length, md5).headers();
    }

    /** The ETag of the uploaded part, as the store sent it. */
    String uploadPart(String key, String uploadId, int partNumber, PartBody body, long length, byte[] md5) {
        return send(key, List.of(Map.entry("partNumber", Integer.toString(partNumber)), Map.entry("uploadId", uploadId)),
                List.of(Map.entry("Content-Type", "application/octet-stream")), body, length, md5).header("etag");
    }

    private HttpConnections.Reply send(String key, List<Map.Entry<String, String>> query, List<Map.Entry<String, String>> extraHeaders,
            PartBody body, long length, byte[] md5) {
        String path = pathPrefix + "/" + SigV4Signer.uriEncode(key, false);
        List<Map.Entry<String, String>> unsigned = new ArrayList<>(8);
        unsigned.add(Map.entry("Host", hostHeader));
        unsigned.add(Map.entry("Content-Length", Long.toString(length)));
        unsigned.add(Map.entry("Content-MD5", Md5.base64(md5)));
        unsigned.add(Map.entry("User-Agent", USER_AGENT));
        unsigned.addAll(extraHeaders);
        List<Map.Entry<String, String>> headers;
        try {
            headers = signer.sign("PUT", path, query, unsigned, credentials.resolveCredentials(), clock.instant());
        } catch (RuntimeException e) {
            throw SdkClientException.builder().message("Unable to sign the request: " + e.getMessage()).cause(e).build();
        }
        String queryString = SigV4Signer.queryString(query);
        String target = queryString.isEmpty() ? path : path + "?" + queryString;
        HttpConnections.Reply reply;
        try {
            reply = connections.exchange(new HttpConnections.Request("PUT", target, headers), body, length);
        } catch (IOException e) {
            throw SdkClientException.builder().message("Unable to execute HTTP request: " + e.getMessage()).cause(e).build();
        }
        if (reply.status() / 100 != 2) {
            throw serviceError(reply);
        }
        return reply;
    }

    /** The store's error document as the SDK would have thrown it. */
    private static S3Exception serviceError(HttpConnections.Reply reply) {
        String xml = new String(reply.body(), StandardCharsets.UTF_8);
        String code = element(xml, "Code");
        String message = element(xml, "Message");
        String requestId = Optional.ofNullable(element(xml, "RequestId")).orElse(reply.header("x-amz-request-id"));
        SdkHttpFullResponse.Builder response = SdkHttpFullResponse.builder().statusCode(reply.status());
        reply.headers().forEach(response::putHeader);
        return (S3Exception) S3Exception.builder()
                .statusCode(reply.status())
                .requestId(requestId)
                .message((message == null ? "HTTP " + reply.status() : message) + " (Service: S3, Status Code: " + reply.status() + ")")
                .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage(message).serviceName("S3")
                        .sdkHttpResponse(response.build()).build())
                .build();
    }

    private static String element(String xml, String name) {
        Matcher m = Pattern.compile("<" + name + ">([^<]*)</" + name + ">").matcher(xml);
        if (!m.find()) {
            return null;
        }
        return m.group(1).replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&apos;", "'")
                .replace("&amp;", "&").trim();
    }

    @Override
    public void close() {
        connections.close();
    }
}
