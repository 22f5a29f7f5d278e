package dev.uploader.storage;

import dev.uploader.engine.CompletedPart;
import dev.uploader.engine.Md5;
import dev.uploader.engine.PartBody;
import dev.uploader.engine.PendingUpload;
import dev.uploader.engine.RemoteObject;
import dev.uploader.engine.RemotePart;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.net.ssl.SSLSocketFactory;
import javax.xml.stream.XMLInputFactory;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.SdkHttpFullResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * The requests of a job, without the AWS SDK's pipeline: PutObject and UploadPart, which carry the data;
 * ListObjectsV2, ListMultipartUploads and HeadObject, which plan it; CreateMultipartUpload, ListParts,
 * CompleteMultipartUpload and AbortMultipartUpload, which keep its multipart uploads. They go over {@link HttpConnections}, signed by
 * {@link SigV4Signer}. The SDK's sync pipeline (interceptors, endpoint rules, metrics, Apache's 4 KiB body
 * writes) cost more CPU per request than a small file's whole upload (docs/decisions/0005), and building the
 * SDK client cost about 0.1 s per run that a job from a local folder now never pays (docs/decisions/0006). The
 * ranged GETs of an S3 source come this way too. Copies, the listing of an S3 source and everything at AWS
 * endpoints stay on the SDK. Used only where its addressing is certain to match the SDK's:
 * a custom endpoint, no proxy, and path-style or a plain DNS bucket name.
 *
 * <p>Replies other than 2xx become the SDK's {@link S3Exception} and network failures its
 * {@link SdkClientException}, so that one {@link S3ErrorMapper} maps both paths alike.
 */
final class LeanS3Client implements AutoCloseable {
    private static final Pattern PLAIN_BUCKET = Pattern.compile("[a-z0-9][a-z0-9-]{1,61}[a-z0-9]");
    private static final String USER_AGENT = "uploader/1.0 (" + System.getProperty("os.name", "?") + "; java "
            + System.getProperty("java.version", "?") + ")";

    private final HttpConnections connections;
    private final SigV4Signer signer;
    private final AwsCredentialsProvider credentials;
    private final Clock clock;
    private final String hostHeader;
    private final String pathPrefix;
    private final XMLInputFactory xml = ListingXml.factory();

    private LeanS3Client(HttpConnections connections, AwsCredentialsProvider credentials, String region, Clock clock,
            String hostHeader, String pathPrefix) {
        this.connections = connections;
        this.credentials = new HeldCredentials(credentials, clock);
        this.signer = new SigV4Signer(region, "s3");
        this.clock = clock;
        this.hostHeader = hostHeader;
        this.pathPrefix = pathPrefix;
    }

    /** A sender for this bucket, or empty where the SDK must address it (AWS endpoints, proxies, dotted names). */
    static Optional<LeanS3Client> forBucket(S3Location location, String bucket, AwsCredentialsProvider credentials, String region,
            Map<String, String> environment) {
        // the JDK's default TLS context reads and parses its whole trust store: only for https endpoints
        URI endpoint = location.endpoint();
        boolean https = endpoint != null && "https".equalsIgnoreCase(endpoint.getScheme());
        return forBucket(location, bucket, credentials, region, environment, https ? (SSLSocketFactory) SSLSocketFactory.getDefault() : null);
    }

    /** @param tlsSockets for https endpoints: the JDK's default (its trust store) except in tests */
    static Optional<LeanS3Client> forBucket(S3Location location, String bucket, AwsCredentialsProvider credentials, String region,
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
        return Optional.of(new LeanS3Client(connections, credentials, region, Clock.systemUTC(), hostHeader, pathPrefix));
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
        List<Map.Entry<String, String>> headers = new ArrayList<>(extraHeaders.size() + 2);
        headers.add(Map.entry("Content-Length", Long.toString(length)));
        headers.add(Map.entry("Content-MD5", Md5.base64(md5)));
        headers.addAll(extraHeaders);
        return exchange("PUT", objectPath(key), query, headers, body, length);
    }

    private HttpConnections.Reply exchange(String method, String path, List<Map.Entry<String, String>> query,
            List<Map.Entry<String, String>> extraHeaders, PartBody body, long length) {
        return exchange(method, path, query, extraHeaders, body, length, null);
    }

    /**
     * One signed request; a reply other than 2xx (or 404 to a HEAD, which the caller reads) is thrown as the SDK
     * would. A successful reply's body goes into {@code into} where given.
     */
    private HttpConnections.Reply exchange(String method, String path, List<Map.Entry<String, String>> query,
            List<Map.Entry<String, String>> extraHeaders, PartBody body, long length, HttpConnections.BodyTarget into) {
        List<Map.Entry<String, String>> unsigned = new ArrayList<>(extraHeaders.size() + 2);
        unsigned.add(Map.entry("Host", hostHeader));
        unsigned.add(Map.entry("User-Agent", USER_AGENT));
        unsigned.addAll(extraHeaders);
        // one encoding of the query, for the signature and the request line alike
        String queryString = SigV4Signer.queryString(query);
        List<Map.Entry<String, String>> headers;
        try {
            headers = signer.sign(method, path, queryString, unsigned, credentials.resolveCredentials(), clock.instant());
        } catch (RuntimeException e) {
            throw SdkClientException.builder().message("Unable to sign the request: " + e.getMessage()).cause(e).build();
        }
        String target = queryString.isEmpty() ? path : path + "?" + queryString;
        HttpConnections.Reply reply;
        try {
            reply = connections.exchange(new HttpConnections.Request(method, target, headers), body, length, into);
        } catch (IOException e) {
            throw SdkClientException.builder().message("Unable to execute HTTP request: " + e.getMessage()).cause(e).build();
        }
        if (reply.status() / 100 != 2 && !(method.equals("HEAD") && reply.status() == 404)) {
            throw serviceError(reply);
        }
        return reply;
    }

    private String objectPath(String key) {
        return pathPrefix + "/" + SigV4Signer.uriEncode(key, false);
    }

    /** The bucket's own path, where its listings are asked for. */
    private String bucketPath() {
        return pathPrefix.isEmpty() ? "/" : pathPrefix;
    }

    /** Starts a multipart upload; returns its upload id. */
    String createMultipartUpload(String key, String contentType, String storageClass) {
        List<Map.Entry<String, String>> headers = new ArrayList<>(3);
        headers.add(Map.entry("Content-Length", "0"));
        headers.add(Map.entry("Content-Type", contentType));
        if (storageClass != null) {
            headers.add(Map.entry("x-amz-storage-class", storageClass));
        }
        HttpConnections.Reply reply = exchange("POST", objectPath(key), List.of(Map.entry("uploads", "")), headers, null, 0);
        String id = read("the answer to starting an upload of " + key,
                () -> ListingXml.field(reply.body(), xml, "InitiateMultipartUploadResult", "UploadId"));
        if (id == null || id.isBlank()) {
            throw SdkClientException.create("the store started an upload of " + key + " but sent no upload id");
        }
        return id.trim();
    }

    /**
     * Completes a multipart upload; returns the headers of the answer with the object's ETag under "etag" (from
     * the XML, where the headers do not carry it). An error document sent with status 200, which S3 does when
     * the completion fails after it began, is thrown like any error answer.
     */
    Map<String, String> completeMultipartUpload(String key, String uploadId, List<CompletedPart> parts) {
        StringBuilder xmlBody = new StringBuilder(64 + parts.size() * 80).append("<CompleteMultipartUpload xmlns=\"")
                .append("http://s3.amazonaws.com/doc/2006-03-01/\">");
        for (CompletedPart p : parts) {
            xmlBody.append("<Part><PartNumber>").append(p.partNumber()).append("</PartNumber><ETag>\"")
                    .append(escape(S3ObjectStore.unquote(p.etag()))).append("\"</ETag></Part>");
        }
        byte[] body = xmlBody.append("</CompleteMultipartUpload>").toString().getBytes(StandardCharsets.UTF_8);
        List<Map.Entry<String, String>> headers = List.of(Map.entry("Content-Length", Integer.toString(body.length)),
                Map.entry("Content-Type", "application/xml"));
        HttpConnections.Reply reply = exchange("POST", objectPath(key), List.of(Map.entry("uploadId", uploadId)), headers,
                () -> new ByteArrayInputStream(body), body.length);
        if (ListingXml.error(reply.body(), xml) != null) {
            throw serviceError(reply);
        }
        String etag = read("the answer to completing the upload of " + key,
                () -> ListingXml.field(reply.body(), xml, "CompleteMultipartUploadResult", "ETag"));
        Map<String, String> result = new HashMap<>(reply.headers());
        if (etag != null) {
            result.put("etag", etag);
        }
        return result;
    }

    void abortMultipartUpload(String key, String uploadId) {
        exchange("DELETE", objectPath(key), List.of(Map.entry("uploadId", uploadId)), List.of(), null, 0);
    }

    /** One page of the parts of an upload, whether more follow, and the marker of the next page (null where not given). */
    record PartsPage(List<RemotePart> parts, boolean truncated, Integer nextMarker) {
    }

    PartsPage listParts(String key, String uploadId, Integer marker) {
        List<Map.Entry<String, String>> query = new ArrayList<>(2);
        query.add(Map.entry("uploadId", uploadId));
        if (marker != null) {
            query.add(Map.entry("part-number-marker", marker.toString()));
        }
        HttpConnections.Reply reply = exchange("GET", objectPath(key), query, List.of(), null, 0);
        return read("the list of parts the store sent", () -> ListingXml.parseParts(reply.body(), xml));
    }

    /** Parses an answer; what cannot be read is a client-side failure, as the SDK reports it. */
    private static <T> T read(String what, XmlReading<T> reading) {
        try {
            return reading.read();
        } catch (RuntimeException | javax.xml.stream.XMLStreamException e) {
            throw SdkClientException.builder().message("Unable to read " + what + ": " + e.getMessage()).cause(e).build();
        }
    }

    @FunctionalInterface
    private interface XmlReading<T> {
        T read() throws javax.xml.stream.XMLStreamException;
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    /** One page of a listing: the objects and the token of the next page, null on the last. */
    record ListPage(List<RemoteObject> objects, String nextToken) {
    }

    /**
     * One page of ListObjectsV2 under {@code prefix}, keys asked URL-encoded (a key may hold characters XML 1.0
     * cannot carry) and decoded where the reply says they are.
     */
    ListPage listObjects(String prefix, int maxKeys, String continuationToken) {
        List<Map.Entry<String, String>> query = new ArrayList<>(5);
        query.add(Map.entry("list-type", "2"));
        query.add(Map.entry("encoding-type", "url"));
        query.add(Map.entry("max-keys", Integer.toString(maxKeys)));
        if (prefix != null && !prefix.isEmpty()) {
            query.add(Map.entry("prefix", prefix));
        }
        if (continuationToken != null) {
            query.add(Map.entry("continuation-token", continuationToken));
        }
        HttpConnections.Reply reply = exchange("GET", bucketPath(), query, List.of(), null, 0);
        return read("the listing the store sent", () -> ListingXml.parse(reply.body(), xml));
    }

    /** One page of unfinished uploads, whether more follow, and the markers of the next page (null where not given). */
    record UploadsPage(List<PendingUpload> uploads, boolean truncated, String nextKeyMarker, String nextUploadIdMarker) {
    }

    /** One page of ListMultipartUploads under {@code prefix}, from the markers of the page before (null for the first). */
    UploadsPage listMultipartUploads(String prefix, String keyMarker, String uploadIdMarker) {
        List<Map.Entry<String, String>> query = new ArrayList<>(5);
        query.add(Map.entry("uploads", ""));
        query.add(Map.entry("encoding-type", "url"));
        if (prefix != null && !prefix.isEmpty()) {
            query.add(Map.entry("prefix", prefix));
        }
        if (keyMarker != null) {
            query.add(Map.entry("key-marker", keyMarker));
        }
        if (uploadIdMarker != null) {
            query.add(Map.entry("upload-id-marker", uploadIdMarker));
        }
        HttpConnections.Reply reply = exchange("GET", bucketPath(), query, List.of(), null, 0);
        return read("the list of unfinished uploads the store sent", () -> ListingXml.parseUploads(reply.body(), xml));
    }

    /**
     * Reads {@code length} bytes of an object from {@code offset} into {@code into} with a ranged GET, pinned to the
     * object's ETag (If-Match) and version where given: a replaced object answers 412, a deleted one 404. An answer
     * of any other length is refused.
     */
    void getRange(String key, String etag, String versionId, long offset, int length, byte[] into) {
        List<Map.Entry<String, String>> headers = new ArrayList<>(2);
        headers.add(Map.entry("Range", "bytes=" + offset + "-" + (offset + length - 1)));
        if (etag != null && !etag.isEmpty()) {
            headers.add(Map.entry("If-Match", "\"" + etag + "\""));
        }
        List<Map.Entry<String, String>> query = versionId == null ? List.of() : List.of(Map.entry("versionId", versionId));
        exchange("GET", objectPath(key), query, headers, null, 0, new HttpConnections.BodyTarget(into, 0, length));
    }

    /** The object's size, ETag and time, or empty when there is none (404). */
    Optional<RemoteObject> head(String key) {
        HttpConnections.Reply reply = exchange("HEAD", objectPath(key), List.of(), List.of(), null, 0);
        if (reply.status() == 404) {
            return Optional.empty();
        }
        try {
            String length = reply.header("content-length");
            String modified = reply.header("last-modified");
            return Optional.of(new RemoteObject(key, length == null ? 0 : Long.parseLong(length.trim()),
                    modified == null ? null : ZonedDateTime.parse(modified.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant(),
                    S3ObjectStore.unquote(reply.header("etag"))));
        } catch (RuntimeException e) {
            throw SdkClientException.builder().message("Unable to read the store's answer about " + key + ": " + e.getMessage()).cause(e).build();
        }
    }

    /** The store's error document as the SDK would have thrown it. */
    private S3Exception serviceError(HttpConnections.Reply reply) {
        Map<String, String> error = Optional.ofNullable(ListingXml.error(reply.body(), xml)).orElse(Map.of());
        String code = error.get("Code");
        String message = error.get("Message");
        String requestId = Optional.ofNullable(error.get("RequestId")).orElse(reply.header("x-amz-request-id"));
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

    @Override
    public void close() {
        connections.close();
    }
}
