package dev.uploader.storage;

import dev.uploader.engine.Md5;
import dev.uploader.engine.PartBody;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
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
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.utils.http.SdkHttpUtils;

/**
 * PutObject and UploadPart, the requests that carry the data, sent over {@link HttpConnections} and signed with
 * the SDK's SigV4 signer. The SDK's sync pipeline (interceptors, endpoint rules, metrics, Apache's 4 KiB body
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
    private final AwsV4HttpSigner signer = AwsV4HttpSigner.create();
    private final AwsCredentialsProvider credentials;
    private final String region;
    private final String host;
    private final int port;
    private final String hostHeader;
    private final String pathPrefix;

    private S3PutSender(HttpConnections connections, AwsCredentialsProvider credentials, String region, String host, int port,
            String hostHeader, String pathPrefix) {
        this.connections = connections;
        this.credentials = credentials;
        this.region = region;
        this.host = host;
        this.port = port;
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
        String pathPrefix = basePath + (pathStyle ? "/" + SdkHttpUtils.urlEncode(bucket) : "");
        String connectHost = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        HttpConnections connections = new HttpConnections(connectHost, port, tls ? tlsSockets : null, Duration.ofSeconds(10),
                Duration.ofSeconds(120));
        return Optional.of(new S3PutSender(connections, credentials, region, host, port, hostHeader, pathPrefix));
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
        return send(key, Map.of(), headers, body, length, md5).headers();
    }

    /** The ETag of the uploaded part, as the store sent it. */
    String uploadPart(String key, String uploadId, int partNumber, PartBody body, long length, byte[] md5) {
        return send(key, Map.of("partNumber", List.of(Integer.toString(partNumber)), "uploadId", List.of(uploadId)),
                List.of(Map.entry("Content-Type", "application/octet-stream")), body, length, md5).header("etag");
    }

    private HttpConnections.Reply send(String key, Map<String, List<String>> query, List<Map.Entry<String, String>> extraHeaders,
            PartBody body, long length, byte[] md5) {
        SdkHttpRequest.Builder unsigned = SdkHttpRequest.builder()
                .method(SdkHttpMethod.PUT)
                // shown as https so that the signer signs UNSIGNED-PAYLOAD also over http: Content-MD5, a signed
                // header the store checks, protects the body (see ContentMd5SigV4Scheme); the protocol is not signed
                .protocol("https")
                .host(host)
                .port(port)
                .encodedPath(pathPrefix + "/" + SdkHttpUtils.urlEncodeIgnoreSlashes(key))
                .putHeader("Host", hostHeader)
                .putHeader("Content-Length", Long.toString(length))
                .putHeader("Content-MD5", Md5.base64(md5))
                .putHeader("User-Agent", USER_AGENT);
        query.forEach(unsigned::putRawQueryParameter);
        extraHeaders.forEach(h -> unsigned.putHeader(h.getKey(), h.getValue()));
        SignedRequest signed;
        try {
            signed = signer.sign(r -> r.identity(credentials.resolveCredentials())
                    .request(unsigned.build())
                    .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "s3")
                    .putProperty(AwsV4HttpSigner.REGION_NAME, region)
                    .putProperty(AwsV4HttpSigner.DOUBLE_URL_ENCODE, false)
                    .putProperty(AwsV4HttpSigner.NORMALIZE_PATH, false)
                    .putProperty(AwsV4FamilyHttpSigner.PAYLOAD_SIGNING_ENABLED, false)
                    .putProperty(AwsV4FamilyHttpSigner.CHUNK_ENCODING_ENABLED, false));
        } catch (RuntimeException e) {
            throw SdkClientException.builder().message("Unable to sign the request: " + e.getMessage()).cause(e).build();
        }
        SdkHttpRequest request = signed.request();
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        request.forEachHeader((name, values) -> values.forEach(v -> headers.add(Map.entry(name, v))));
        String target = request.encodedPath() + SdkHttpUtils.encodeAndFlattenQueryParameters(request.rawQueryParameters())
                .map(q -> "?" + q).orElse("");
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
