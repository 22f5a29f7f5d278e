package dev.uploader.storage.http;

import dev.uploader.engine.CompletedPart;
import dev.uploader.engine.CopySource;
import dev.uploader.engine.Md5;
import dev.uploader.engine.PartBody;
import dev.uploader.engine.PendingUpload;
import dev.uploader.engine.RemoteObject;
import dev.uploader.engine.RemotePart;
import dev.uploader.engine.StoredObject;
import dev.uploader.engine.TransferException;
import dev.uploader.engine.UploadOptions;
import dev.uploader.storage.s3.EtagText;
import dev.uploader.storage.s3.ListingPages;
import dev.uploader.storage.s3.ObjectHead;
import dev.uploader.storage.s3.S3Bucket;
import dev.uploader.storage.s3.S3Errors;
import dev.uploader.storage.s3.S3Location;
import dev.uploader.storage.s3.StoreSettings;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import javax.net.ssl.SSLSocketFactory;
import javax.xml.stream.XMLInputFactory;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;

/**
 * A bucket over the uploader's own HTTP/1.1 client: every request of a job (data, listings, HEAD, the multipart
 * bookkeeping, copies and ranged GETs) over {@link HttpConnections}, signed by {@link SigV4Signer}, with no SDK
 * pipeline in between. The SDK's sync pipeline cost more CPU per request than a small file's whole upload
 * (docs/decisions/0005), and building the SDK client about 0.1 s per run (docs/decisions/0006). Used only where
 * its addressing is certain to match the SDK's: a custom endpoint, no proxy, and path-style or a plain DNS bucket
 * name; {@code S3Client = sdk} turns it off. Answers other than success and failures of the network are mapped
 * here, through {@link S3Errors}, as the SDK implementation maps its exceptions.
 */
public final class HttpS3Bucket implements S3Bucket {
    private static final Pattern PLAIN_BUCKET = Pattern.compile("[a-z0-9][a-z0-9-]{1,61}[a-z0-9]");
    private static final String USER_AGENT = "uploader/1.0 (" + System.getProperty("os.name", "?") + "; java "
            + System.getProperty("java.version", "?") + ")";
    private static final String NS = "http://s3.amazonaws.com/doc/2006-03-01/";
    private static final int LIST_PAGE = 1000;

    private final HttpConnections connections;
    private final SigV4Signer signer;
    private final AwsCredentialsProvider credentials;
    private final Clock clock;
    private final String bucket;
    private final String hostHeader;
    private final String pathPrefix;
    private final S3Errors errors;
    private final XMLInputFactory xml = ListingXml.factory();
    private final Duration accessCheckTimeout;
    /** The store's clock minus this computer's, learned from a RequestTimeTooSkewed answer; added to every signature's time. */
    private volatile Duration skew = Duration.ZERO;

    private HttpS3Bucket(HttpConnections connections, AwsCredentialsProvider credentials, String region, Clock clock, String bucket,
                         String hostHeader, String pathPrefix, String profile, URI endpoint, Duration accessCheckTimeout) {
        this.connections = connections;
        this.credentials = new HeldCredentials(credentials, clock);
        this.signer = new SigV4Signer(region, "s3");
        this.clock = clock;
        this.bucket = bucket;
        this.hostHeader = hostHeader;
        this.pathPrefix = pathPrefix;
        this.errors = new S3Errors("s3://" + bucket, profile, endpoint);
        this.accessCheckTimeout = accessCheckTimeout;
    }

    /** The bucket over this client, or empty where the SDK must address it (AWS endpoints, proxies, dotted names). */
    public static Optional<HttpS3Bucket> forBucket(S3Location location, String bucket, AwsCredentialsProvider credentials, String region,
                                                   Map<String, String> environment) {
        return forBucket(location, bucket, credentials, region, environment, StoreSettings.defaults(), () -> (SSLSocketFactory) SSLSocketFactory.getDefault());
    }

    /**
     * @param tlsSockets for https endpoints (asked only for those: the JDK's default TLS context reads and parses its
     *                   whole trust store): the system's trust, with the settings' CA bundle where given, or a test's
     */
    public static Optional<HttpS3Bucket> forBucket(S3Location location, String bucket, AwsCredentialsProvider credentials, String region,
                                                   Map<String, String> environment, StoreSettings settings,
                                                   java.util.function.Supplier<SSLSocketFactory> tlsSockets) {
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
        HttpConnections connections = new HttpConnections(connectHost, port, tls ? tlsSockets.get() : null, Duration.ofSeconds(10),
                settings.idleTimeout());
        return Optional.of(new HttpS3Bucket(connections, credentials, region, Clock.systemUTC(), bucket, hostHeader, pathPrefix,
                location.profile(), endpoint, settings.accessCheckTimeout()));
    }

    /** The SDK's HTTP client takes proxies from these; this client does not speak to proxies. */
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

    @Override
    public String bucket() {
        return bucket;
    }

    // ---- requests ----

    /** One request's method, target, headers and body; {@code action} names it in messages. */
    private record Call(String action, String method, String path, List<Map.Entry<String, String>> query,
                        List<Map.Entry<String, String>> headers, PartBody body, long length, HttpConnections.BodyTarget into, Duration idle) {
        Call(String action, String method, String path, List<Map.Entry<String, String>> query, List<Map.Entry<String, String>> headers,
             PartBody body, long length, HttpConnections.BodyTarget into) {
            this(action, method, path, query, headers, body, length, into, null);
        }

        Call(String action, String method, String path, List<Map.Entry<String, String>> query, List<Map.Entry<String, String>> headers) {
            this(action, method, path, query, headers, null, 0, null, null);
        }
    }

    /**
     * Sends one signed request; no answer at all is a network failure (mapped), any answer is returned. A request the
     * store refuses because this computer's clock is off (RequestTimeTooSkewed) is signed again with the store's time,
     * taken from its answer's Date header, and sent once more, as the AWS SDK does.
     */
    private HttpConnections.Reply send(Call call) {
        HttpConnections.Reply reply = sendOnce(call);
        if (reply.status() == 403 && reply.header("date") != null) {
            try {
                java.time.Instant store = ZonedDateTime.parse(reply.header("date").trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                Duration off = Duration.between(clock.instant().plus(skew), store);
                // S3 refuses a signature more than 15 minutes off its clock; a HEAD's refusal carries no code, only the Date
                boolean skewed = "RequestTimeTooSkewed".equals(code(reply, xml)) || off.abs().compareTo(Duration.ofMinutes(5)) > 0;
                if (!skewed) {
                    return reply;
                }
                skew = Duration.between(clock.instant(), store);
                org.slf4j.LoggerFactory.getLogger(HttpS3Bucket.class).warn("{}: this computer's clock is {} s off the store's; signing with"
                        + " the store's time", describe(), skew.toSeconds());
                return sendOnce(call);
            } catch (java.time.format.DateTimeParseException unreadable) {
                return reply;
            }
        }
        return reply;
    }

    private HttpConnections.Reply sendOnce(Call call) {
        List<Map.Entry<String, String>> unsigned = new ArrayList<>(call.headers().size() + 2);
        unsigned.add(Map.entry("Host", hostHeader));
        unsigned.add(Map.entry("User-Agent", USER_AGENT));
        unsigned.addAll(call.headers());
        // one encoding of the query, for the signature and the request line alike
        String queryString = SigV4Signer.queryString(call.query());
        AwsCredentials keys;
        try {
            keys = credentials.resolveCredentials();
        } catch (RuntimeException e) {
            throw errors.credentials(e);
        }
        List<Map.Entry<String, String>> headers = signer.sign(call.method(), call.path(), queryString, unsigned, keys, clock.instant().plus(skew));
        String target = queryString.isEmpty() ? call.path() : call.path() + "?" + queryString;
        try {
            return connections.exchange(new HttpConnections.Request(call.method(), target, headers), call.body(), call.length(), call.into(),
                    call.idle());
        } catch (IOException e) {
            throw errors.network(call.action(), e);
        }
    }

    /** Sends one request; an answer other than 2xx is thrown as the engine's error for it. */
    private HttpConnections.Reply exchange(Call call) {
        HttpConnections.Reply reply = send(call);
        if (reply.status() / 100 != 2) {
            throw failure(call.action(), reply);
        }
        return reply;
    }

    /** The engine's error for an answer other than success, from its status and error document. */
    private TransferException failure(String action, HttpConnections.Reply reply) {
        Map<String, String> parsed = ListingXml.error(reply.body(), xml);
        String type = reply.header("content-type");
        if (parsed == null && reply.body().length > 0 && type != null && type.contains("xml")) {
            // an error document that does not parse was cut short (a connection closed in its middle): the store's word is unknown
            return errors.network(action, new java.io.EOFException("the store's answer (HTTP " + reply.status() + ") was cut short"));
        }
        Map<String, String> error = parsed == null ? Map.of() : parsed;
        return errors.answer(action, reply.status(), error.get("Code"), error.get("Message"), null, reply.header("retry-after"));
    }

    private static String code(HttpConnections.Reply reply, XMLInputFactory xml) {
        Map<String, String> error = ListingXml.error(reply.body(), xml);
        return error == null ? null : error.get("Code");
    }

    private String objectPath(String key) {
        return pathPrefix + "/" + SigV4Signer.uriEncode(key, false);
    }

    /** The bucket's own path, where its listings are asked for. */
    private String bucketPath() {
        return pathPrefix.isEmpty() ? "/" : pathPrefix;
    }

    /** Parses an answer; one that cannot be read is a failure worth another try, as a reply cut short is. */
    private <T> T read(String what, XmlReading<T> reading) {
        try {
            return reading.read();
        } catch (RuntimeException | javax.xml.stream.XMLStreamException e) {
            throw new TransferException.Retryable("cannot read " + what + " from " + describe() + ": " + e.getMessage(), e);
        }
    }

    @FunctionalInterface
    private interface XmlReading<T> {
        T read() throws javax.xml.stream.XMLStreamException;
    }

    // ---- the port ----

    @Override
    public void checkAccess(String prefix) {
        S3Bucket.checkQuickly(() -> objectsPage(prefix, 1, null, accessCheckTimeout));
    }

    @Override
    public void listObjects(String prefix, Consumer<RemoteObject> sink) {
        ListingPages.objects(token -> objectsPage(prefix, LIST_PAGE, token), sink, describe());
    }

    /**
     * One page of ListObjectsV2 under {@code prefix}, keys asked URL-encoded (a key may hold characters XML 1.0
     * cannot carry) and decoded where the reply says they are.
     */
    ListingPages.ObjectsPage objectsPage(String prefix, int maxKeys, String continuationToken) {
        return objectsPage(prefix, maxKeys, continuationToken, null);
    }

    /** The query of one ListObjectsV2 page, keys asked URL-encoded; with {@code byLevel} one level under the prefix. */
    private static List<Map.Entry<String, String>> listQuery(String prefix, int maxKeys, String continuationToken, boolean byLevel) {
        List<Map.Entry<String, String>> query = new ArrayList<>(6);
        query.add(Map.entry("list-type", "2"));
        if (byLevel) {
            query.add(Map.entry("delimiter", "/"));
        }
        query.add(Map.entry("encoding-type", "url"));
        query.add(Map.entry("max-keys", Integer.toString(maxKeys)));
        if (prefix != null && !prefix.isEmpty()) {
            query.add(Map.entry("prefix", prefix));
        }
        if (continuationToken != null) {
            query.add(Map.entry("continuation-token", continuationToken));
        }
        return query;
    }

    private ListingPages.ObjectsPage objectsPage(String prefix, int maxKeys, String continuationToken, Duration idle) {
        List<Map.Entry<String, String>> query = listQuery(prefix, maxKeys, continuationToken, false);
        HttpConnections.Reply reply = exchange(new Call("list the bucket", "GET", bucketPath(), query, List.of(), null, 0, null, idle));
        return read("the listing", () -> ListingXml.parse(reply.body(), xml));
    }

    @Override
    public Optional<ObjectHead> headObject(String key) {
        HttpConnections.Reply reply = send(new Call("read " + key, "HEAD", objectPath(key), List.of(), List.of()));
        if (reply.status() == 404) {
            return Optional.empty();
        }
        if (reply.status() / 100 != 2) {
            throw failure("read " + key, reply);
        }
        return Optional.of(head(key, reply));
    }

    private ObjectHead head(String key, HttpConnections.Reply reply) {
        try {
            String length = reply.header("content-length");
            String modified = reply.header("last-modified");
            String version = reply.header("x-amz-version-id");
            String parts = reply.header("x-amz-mp-parts-count");
            return new ObjectHead(length == null ? 0 : Long.parseLong(length.trim()),
                    modified == null ? null : ZonedDateTime.parse(modified.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant(),
                    EtagText.unquote(reply.header("etag")), version == null || version.isBlank() || version.equals("null") ? null : version.trim(),
                    parts == null || parts.isBlank() ? null : Integer.valueOf(parts.trim()), !etagIsMd5(reply));
        } catch (RuntimeException e) {
            throw new TransferException.Retryable("cannot read the store's answer about " + key + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<ObjectHead> headPart(String key, int partNumber, String etag) {
        HttpConnections.Reply reply = send(new Call("read " + key, "HEAD", objectPath(key),
                List.of(Map.entry("partNumber", Integer.toString(partNumber))), List.of(Map.entry("If-Match", EtagText.quote(etag)))));
        if (reply.status() == 412) {
            throw new TransferException.SourceChanged(describe() + "/" + key + " was replaced during the copy");
        }
        if ((reply.status() >= 500 && reply.status() != 501) || reply.status() == 429 || reply.status() == 408) {
            throw failure("read " + key, reply);
        }
        if (reply.status() / 100 != 2) {
            return Optional.empty(); // the store does not answer part HEADs
        }
        ObjectHead head = head(key, reply);
        return head.partsCount() == null ? Optional.empty() : Optional.of(head);
    }

    @Override
    public void getRange(String key, String etag, String versionId, long offset, int length, byte[] into) {
        List<Map.Entry<String, String>> headers = new ArrayList<>(2);
        headers.add(Map.entry("Range", "bytes=" + offset + "-" + (offset + length - 1)));
        if (etag != null && !etag.isEmpty()) {
            headers.add(Map.entry("If-Match", EtagText.quote(etag)));
        }
        List<Map.Entry<String, String>> query = versionId == null ? List.of() : List.of(Map.entry("versionId", versionId));
        HttpConnections.Reply reply = send(new Call("read " + key, "GET", objectPath(key), query, headers, null, 0,
                new HttpConnections.BodyTarget(into, 0, length)));
        if (reply.status() / 100 == 2) {
            checkRange(key, reply, offset, length);
            return;
        }
        String code = code(reply, xml);
        if (reply.status() == 412 || "PreconditionFailed".equals(code)) {
            throw new TransferException.SourceChanged(describe() + "/" + key + " was replaced during the copy");
        }
        if ("NoSuchKey".equals(code) || (reply.status() == 404 && !"NoSuchBucket".equals(code))) {
            throw new TransferException.SourceChanged(describe() + "/" + key + " was deleted during the copy");
        }
        throw failure("read " + key, reply);
    }

    /**
     * The bytes an answer to a ranged GET carries must be those asked for: 206 with the matching Content-Range, or 200 with
     * the whole object where the range was all of it. A store that answers another range is refused, never read as the one
     * asked for.
     */
    private void checkRange(String key, HttpConnections.Reply reply, long offset, int length) {
        String range = reply.header("content-range");
        String asked = "bytes " + offset + "-" + (offset + length - 1) + "/";
        if (reply.status() == 206 && (range == null || !range.trim().startsWith(asked))) {
            throw new TransferException.Retryable("ranged GET of " + describe() + "/" + key + " answered " + range + " for " + asked.trim(), null);
        }
        if (reply.status() == 200 && offset != 0) {
            throw new TransferException.Retryable("ranged GET of " + describe() + "/" + key + " at " + offset + " answered the whole object", null);
        }
    }

    /** Ends every request in flight at once: the job was asked to stop. */
    @Override
    public void cancelInFlight() {
        connections.abortAll();
    }

    @Override
    public StoredObject putObject(String key, PartBody body, long length, byte[] md5, UploadOptions options) {
        List<Map.Entry<String, String>> headers = new ArrayList<>(4);
        headers.add(Map.entry("Content-Length", Long.toString(length)));
        headers.add(Map.entry("Content-MD5", Md5.base64(md5)));
        headers.add(Map.entry("Content-Type", S3Bucket.contentType(key, options.contentType())));
        if (options.storageClass() != null) {
            headers.add(Map.entry("x-amz-storage-class", options.storageClass()));
        }
        HttpConnections.Reply reply = exchange(new Call("upload " + key, "PUT", objectPath(key), List.of(), headers, body, length, null));
        return new StoredObject(EtagText.unquote(reply.header("etag")), etagIsMd5(reply));
    }

    @Override
    public String uploadPart(String key, String uploadId, int partNumber, PartBody body, long length, byte[] md5) {
        List<Map.Entry<String, String>> headers = List.of(Map.entry("Content-Length", Long.toString(length)),
                Map.entry("Content-MD5", Md5.base64(md5)), Map.entry("Content-Type", "application/octet-stream"));
        HttpConnections.Reply reply = exchange(new Call("upload part " + partNumber + " of " + key, "PUT", objectPath(key),
                List.of(Map.entry("partNumber", Integer.toString(partNumber)), Map.entry("uploadId", uploadId)), headers, body, length, null));
        return EtagText.unquote(reply.header("etag"));
    }

    @Override
    public String createMultipartUpload(String key, UploadOptions options) {
        List<Map.Entry<String, String>> headers = new ArrayList<>(3);
        headers.add(Map.entry("Content-Length", "0"));
        headers.add(Map.entry("Content-Type", S3Bucket.contentType(key, options.contentType())));
        if (options.storageClass() != null) {
            headers.add(Map.entry("x-amz-storage-class", options.storageClass()));
        }
        HttpConnections.Reply reply = exchange(new Call("start an upload of " + key, "POST", objectPath(key),
                List.of(Map.entry("uploads", "")), headers));
        String id = read("the answer to starting an upload of " + key,
                () -> ListingXml.field(reply.body(), xml, "InitiateMultipartUploadResult", "UploadId"));
        if (id == null || id.isBlank()) {
            throw new TransferException.Retryable("the store started an upload of " + key + " but sent no upload id", null);
        }
        return id.trim();
    }

    /**
     * Completes a multipart upload. An error document sent with status 200, which S3 does when the completion fails
     * after it began, is an error like any other. The ETag comes from the XML, where the headers do not carry it.
     */
    @Override
    public StoredObject completeMultipartUpload(String key, String uploadId, List<CompletedPart> parts) {
        StringBuilder xmlBody = new StringBuilder(64 + parts.size() * 80).append("<CompleteMultipartUpload xmlns=\"").append(NS).append("\">");
        for (CompletedPart p : parts) {
            xmlBody.append("<Part><PartNumber>").append(p.partNumber()).append("</PartNumber><ETag>\"")
                    .append(escape(EtagText.unquote(p.etag()))).append("\"</ETag></Part>");
        }
        byte[] body = xmlBody.append("</CompleteMultipartUpload>").toString().getBytes(StandardCharsets.UTF_8);
        List<Map.Entry<String, String>> headers = List.of(Map.entry("Content-Length", Integer.toString(body.length)),
                Map.entry("Content-Type", "application/xml"));
        String action = "complete the upload of " + key;
        HttpConnections.Reply reply = exchange(new Call(action, "POST", objectPath(key), List.of(Map.entry("uploadId", uploadId)), headers,
                () -> new ByteArrayInputStream(body), body.length, null));
        if (ListingXml.error(reply.body(), xml) != null) {
            throw failure(action, reply);
        }
        String etag = read("the answer to completing the upload of " + key,
                () -> ListingXml.field(reply.body(), xml, "CompleteMultipartUploadResult", "ETag"));
        return new StoredObject(EtagText.unquote(etag != null ? etag : reply.header("etag")), etagIsMd5(reply));
    }

    @Override
    public Optional<dev.uploader.engine.StoreLevel> firstLevel(String prefix) {
        List<Map.Entry<String, String>> query = new ArrayList<>(5);
        query.add(Map.entry("list-type", "2"));
        query.add(Map.entry("delimiter", "/"));
        query.add(Map.entry("encoding-type", "url"));
        query.add(Map.entry("max-keys", "1000"));
        if (prefix != null && !prefix.isEmpty()) {
            query.add(Map.entry("prefix", prefix));
        }
        HttpConnections.Reply reply = exchange(new Call("list the folders of " + prefix, "GET", bucketPath(), query, List.of()));
        return read("the listing", () -> ListingXml.parseLevel(reply.body(), xml));
    }

    @Override
    public dev.uploader.storage.s3.LevelPage listLevel(String prefix, String continuationToken, int maxKeys) {
        List<Map.Entry<String, String>> query = listQuery(prefix, maxKeys, continuationToken, true);
        HttpConnections.Reply reply = exchange(new Call("list the level of " + prefix, "GET", bucketPath(), query, List.of()));
        dev.uploader.storage.s3.LevelPage page = read("the listing", () -> ListingXml.parseLevelPage(reply.body(), xml));
        if (page.nextToken() != null && page.nextToken().equals(continuationToken)) {
            throw new TransferException.Retryable("list the level of " + prefix + " at " + describe()
                    + ": the store gave the same continuation token twice", null);
        }
        return page;
    }

    @Override
    public void createBucket() {
        String action = "create the bucket";
        HttpConnections.Reply reply = send(new Call(action, "PUT", bucketPath(), List.of(), List.of()));
        if (reply.status() / 100 == 2) {
            return;
        }
        Map<String, String> error = ListingXml.error(reply.body(), xml);
        if (error != null && "BucketAlreadyOwnedByYou".equals(error.get("Code"))) {
            return;
        }
        TransferException failure = failure(action, reply);
        throw failure instanceof TransferException.Fatal ? failure : new TransferException.Fatal(failure.getMessage(), failure);
    }

    @Override
    public void abortMultipartUpload(String key, String uploadId) {
        exchange(new Call("abort the upload of " + key, "DELETE", objectPath(key), List.of(Map.entry("uploadId", uploadId)), List.of()));
    }

    @Override
    public void deleteObject(String key) {
        String action = "delete " + key;
        HttpConnections.Reply reply = send(new Call(action, "DELETE", objectPath(key), List.of(), List.of()));
        if (reply.status() / 100 == 2) {
            return;
        }
        // S3 answers 204 for a key with no object; a store that answers 404 NoSuchKey (or nothing) says the same. An error
        // document that does not parse was cut short: what the store said is unknown, and failure() says so
        String code = code(reply, xml);
        if (reply.status() == 404 && !"NoSuchBucket".equals(code) && (code != null || reply.body().length == 0)) {
            return;
        }
        throw failure(action, reply);
    }

    @Override
    public List<PendingUpload> listMultipartUploads(String prefix) {
        return ListingPages.uploads(markers -> uploadsPage(prefix, markers), describe());
    }

    /** One page of ListMultipartUploads under {@code prefix}, from the markers of the page before. */
    private ListingPages.UploadsPage uploadsPage(String prefix, ListingPages.UploadMarkers markers) {
        List<Map.Entry<String, String>> query = new ArrayList<>(5);
        query.add(Map.entry("uploads", ""));
        query.add(Map.entry("encoding-type", "url"));
        if (prefix != null && !prefix.isEmpty()) {
            query.add(Map.entry("prefix", prefix));
        }
        if (markers.key() != null) {
            query.add(Map.entry("key-marker", markers.key()));
        }
        if (markers.uploadId() != null) {
            query.add(Map.entry("upload-id-marker", markers.uploadId()));
        }
        HttpConnections.Reply reply = exchange(new Call("list unfinished uploads", "GET", bucketPath(), query, List.of()));
        return read("the list of unfinished uploads", () -> ListingXml.parseUploads(reply.body(), xml));
    }

    @Override
    public List<RemotePart> listParts(String key, String uploadId) {
        return ListingPages.parts(marker -> {
            List<Map.Entry<String, String>> query = new ArrayList<>(2);
            query.add(Map.entry("uploadId", uploadId));
            if (marker != null) {
                query.add(Map.entry("part-number-marker", marker.toString()));
            }
            HttpConnections.Reply reply = exchange(new Call("list the parts of " + key, "GET", objectPath(key), query, List.of()));
            return read("the list of parts", () -> ListingXml.parseParts(reply.body(), xml));
        }, key);
    }

    @Override
    public StoredObject copyObject(String key, CopySource from, UploadOptions options) {
        List<Map.Entry<String, String>> headers = copyHeaders(from);
        headers.add(Map.entry("x-amz-metadata-directive", "COPY"));
        if (options.storageClass() != null) {
            headers.add(Map.entry("x-amz-storage-class", options.storageClass()));
        }
        String action = "copy " + from.key() + " to " + key;
        HttpConnections.Reply reply = copy(new Call(action, "PUT", objectPath(key), List.of(), headers, null, 0, null,
                CopySource.silenceFor(connections.idleTimeout(), from.size())));
        String etag = read("the answer to " + action, () -> ListingXml.field(reply.body(), xml, "CopyObjectResult", "ETag"));
        return new StoredObject(EtagText.unquote(etag), etagIsMd5(reply));
    }

    @Override
    public String uploadPartCopy(String key, String uploadId, int partNumber, CopySource from, long offset, long length) {
        List<Map.Entry<String, String>> headers = copyHeaders(from);
        headers.add(Map.entry("x-amz-copy-source-range", "bytes=" + offset + "-" + (offset + length - 1)));
        String action = "copy part " + partNumber + " of " + key;
        HttpConnections.Reply reply = copy(new Call(action, "PUT", objectPath(key),
                List.of(Map.entry("partNumber", Integer.toString(partNumber)), Map.entry("uploadId", uploadId)), headers, null, 0, null,
                CopySource.silenceFor(connections.idleTimeout(), length)));
        // S3 answers CopyPartResult; some stores (S3Proxy) answer CopyObjectResult, with the same ETag in it
        String etag = read("the answer to " + action, () -> {
            try {
                return ListingXml.field(reply.body(), xml, "CopyPartResult", "ETag");
            } catch (javax.xml.stream.XMLStreamException otherRoot) {
                return ListingXml.field(reply.body(), xml, "CopyObjectResult", "ETag");
            }
        });
        return EtagText.unquote(etag);
    }

    private static List<Map.Entry<String, String>> copyHeaders(CopySource from) {
        List<Map.Entry<String, String>> headers = new ArrayList<>(5);
        String source = "/" + SigV4Signer.uriEncode(from.bucket(), true) + "/" + SigV4Signer.uriEncode(from.key(), false)
                + (from.versionId() == null ? "" : "?versionId=" + SigV4Signer.uriEncode(from.versionId(), true));
        headers.add(Map.entry("Content-Length", "0"));
        headers.add(Map.entry("x-amz-copy-source", source));
        if (from.etag() != null) {
            headers.add(Map.entry("x-amz-copy-source-if-match", EtagText.quote(from.etag())));
        }
        return headers;
    }

    /** A copy request: a changed source is a change, a refusal means the bytes travel instead; 200 may carry an error. */
    private HttpConnections.Reply copy(Call call) {
        HttpConnections.Reply reply = send(call);
        Map<String, String> error = reply.status() / 100 == 2 ? ListingXml.error(reply.body(), xml) : null;
        if (reply.status() / 100 == 2 && error == null) {
            return reply;
        }
        String code = error != null ? error.get("Code") : code(reply, xml);
        TransferException meaning = S3Errors.copyAnswer(call.action(), reply.status(), code, null);
        if (meaning != null) {
            throw meaning;
        }
        throw reply.status() / 100 == 2 ? errors.answer(call.action(), 500, code, error.get("Message"), null) : failure(call.action(), reply);
    }

    /** Under SSE-KMS and SSE-C the ETag is not the MD5 of the content. */
    private static boolean etagIsMd5(HttpConnections.Reply reply) {
        String sse = reply.header("x-amz-server-side-encryption");
        boolean kms = sse != null && sse.trim().toLowerCase(Locale.ROOT).startsWith("aws:kms");
        String customer = reply.header("x-amz-server-side-encryption-customer-algorithm");
        return !kms && (customer == null || customer.isBlank());
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    @Override
    public void close() {
        connections.close();
    }
}
