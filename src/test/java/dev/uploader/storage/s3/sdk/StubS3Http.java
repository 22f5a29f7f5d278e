package dev.uploader.storage.s3.sdk;

// A test double of the AWS SDK's HTTP layer (SdkHttpClient). The real test server (S3Proxy) cannot show
// ListParts paging (it ignores max-parts) nor NoSuchUpload on UploadPart (it answers 200 for an aborted upload),
// so these tests put canned S3 responses under a real S3Client instead: the SDK still builds, signs and sends
// the requests and parses the XML answers, only the socket is replaced.

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/** An {@link SdkHttpClient} that records each request and answers from a script or a function of the request. */
final class StubS3Http implements SdkHttpClient {
    static final String NS = "http://s3.amazonaws.com/doc/2006-03-01/";

    /** One canned answer: an HTTP response, or an I/O failure thrown from {@code call()}. */
    record Reply(int status, Map<String, String> headers, String body, IOException failure) {
        static Reply xml(int status, String body) {
            Map<String, String> headers = new LinkedHashMap<>();
            headers.put("Content-Type", "application/xml");
            headers.put("x-amz-request-id", "4442587FB7D0A2F9");
            headers.put("x-amz-id-2", "vlR7PnpV2Ce81l0PRw6jlUpck7Jo5ZsQjryTjKlc5aLWGVHPZLj5NeC6qMa0emYBDXOo6QBU0Wo=");
            return new Reply(status, headers, body, null);
        }

        static Reply ok(Map<String, String> headers) {
            return new Reply(200, headers, "", null);
        }

        static Reply fail(IOException e) {
            return new Reply(0, Map.of(), null, e);
        }
    }

    /** A request as the stub saw it, with the body it was sent. */
    record Seen(SdkHttpRequest request, byte[] body) {
        String method() {
            return request.method().name();
        }

        String path() {
            return request.encodedPath();
        }

        /** The query string exactly as it went on the wire (still percent-encoded). */
        String rawQuery() {
            return request.getUri().getRawQuery();
        }
    }

    /** Beyond this many requests the stub fails the call, so that a paging loop that never ends shows as a failure. */
    static final int MAX_REQUESTS = 25;

    private final Deque<Reply> script = new ArrayDeque<>();
    private final List<Seen> seen = new ArrayList<>();
    private Function<SdkHttpRequest, Reply> responder;

    /** Answers the next requests with these replies, in order. */
    synchronized StubS3Http thenReply(Reply... replies) {
        script.addAll(List.of(replies));
        return this;
    }

    /** Answers every request the script does not cover with this function of the request. */
    synchronized StubS3Http otherwise(Function<SdkHttpRequest, Reply> responder) {
        this.responder = responder;
        return this;
    }

    synchronized List<Seen> seen() {
        return List.copyOf(seen);
    }

    /** A real S3 client on this stub: path style, fixed keys, no SDK retries, checksums only where required. */
    S3Client client() {
        return S3Client.builder()
                .httpClient(this)
                .endpointOverride(URI.create("http://127.0.0.1:9"))
                .forcePathStyle(true)
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AK", "SK")))
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
    }

    @Override
    public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
        return new ExecutableHttpRequest() {
            @Override
            public HttpExecuteResponse call() throws IOException {
                byte[] body = new byte[0];
                if (request.contentStreamProvider().isPresent()) {
                    try (InputStream in = request.contentStreamProvider().get().newStream()) {
                        body = in.readAllBytes();
                    }
                }
                Reply reply = next(request.httpRequest(), body);
                if (reply.failure() != null) {
                    throw reply.failure();
                }
                SdkHttpResponse.Builder response = SdkHttpResponse.builder().statusCode(reply.status());
                byte[] bytes = reply.body() == null ? new byte[0] : reply.body().getBytes(StandardCharsets.UTF_8);
                reply.headers().forEach(response::putHeader);
                response.putHeader("Content-Length", Integer.toString(bytes.length));
                return HttpExecuteResponse.builder()
                        .response(response.build())
                        .responseBody(AbortableInputStream.create(new ByteArrayInputStream(bytes)))
                        .build();
            }

            @Override
            public void abort() {
            }
        };
    }

    private synchronized Reply next(SdkHttpRequest request, byte[] body) throws IOException {
        seen.add(new Seen(request, body));
        if (seen.size() > MAX_REQUESTS) {
            throw new IOException("stub: more than " + MAX_REQUESTS + " requests; a paging loop does not stop");
        }
        if (!script.isEmpty()) {
            return script.poll();
        }
        if (responder != null) {
            return responder.apply(request);
        }
        throw new IOException("stub: no reply scripted for " + request.method() + " " + request.getUri());
    }

    @Override
    public String clientName() {
        return "StubS3Http";
    }

    @Override
    public void close() {
    }

    /** The body of an S3 error response, as S3 sends it. */
    static String error(String code, String message) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<Error><Code>" + code + "</Code><Message>" + message + "</Message>"
                + "<RequestId>4442587FB7D0A2F9</RequestId>"
                + "<HostId>vlR7PnpV2Ce81l0PRw6jlUpck7Jo5ZsQjryTjKlc5aLWGVHPZLj5NeC6qMa0emYBDXOo6QBU0Wo=</HostId></Error>";
    }
}
