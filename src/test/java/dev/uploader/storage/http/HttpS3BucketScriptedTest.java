package dev.uploader.storage.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.uploader.engine.CompletedPart;
import dev.uploader.engine.PendingUpload;
import dev.uploader.engine.RemotePart;
import dev.uploader.engine.StoredObject;
import dev.uploader.engine.TransferException;
import dev.uploader.storage.s3.S3Location;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * Answers of the lean path that S3Proxy does not give (it ignores max-parts, never pages these listings, never
 * sends an error document with status 200): a scripted HTTP server plays the store, and says so here. Every
 * request goes over the own client.
 */
class HttpS3BucketScriptedTest {
    private static final String NS = "http://s3.amazonaws.com/doc/2006-03-01/";
    private ServerSocket listener;
    private final List<String> requestLines = Collections.synchronizedList(new ArrayList<>());
    private final List<String> heads = Collections.synchronizedList(new ArrayList<>());
    /** A reply that closes the connection after it is sent, as a server ending a kept-alive connection does. */
    private static final String THEN_CLOSE = "\u0000close";

    @AfterEach
    void stop() throws IOException {
        if (listener != null) {
            listener.close();
        }
    }

    /** A store whose every request is answered, in order, by the next of {@code replies} (status line onwards). */
    private HttpS3Bucket store(String... replies) throws IOException {
        listener = new ServerSocket(0);
        Deque<String> script = new ArrayDeque<>(List.of(replies));
        Thread t = new Thread(() -> {
            try {
                while (!script.isEmpty()) {
                    try (Socket s = listener.accept()) {
                        InputStream in = s.getInputStream();
                        OutputStream out = s.getOutputStream();
                        while (!script.isEmpty()) {
                            String head = readRequest(in);
                            if (head == null) {
                                break;
                            }
                            heads.add(head);
                            requestLines.add(head.substring(0, head.indexOf("\r\n")));
                            String reply = script.poll();
                            boolean close = reply.endsWith(THEN_CLOSE);
                            out.write(reply.replace(THEN_CLOSE, "").getBytes(StandardCharsets.UTF_8));
                            out.flush();
                            if (close) {
                                break;
                            }
                        }
                    }
                }
            } catch (IOException ignored) {
                // listener closed
            }
        });
        t.setDaemon(true);
        t.start();
        S3Location location = new S3Location(URI.create("http://127.0.0.1:" + listener.getLocalPort()), "scripted", null, true);
        return HttpS3Bucket.forBucket(location, "bucket", StaticCredentialsProvider.create(AwsBasicCredentials.create("AK", "SK")),
                "us-east-1", Map.of()).orElseThrow();
    }

    /** Reads one request (head and Content-Length body); returns its head, or null at the end of the stream. */
    private static String readRequest(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                return null;
            }
            head.append((char) b);
        }
        int at = head.indexOf("Content-Length: ");
        if (at >= 0) {
            at += "Content-Length: ".length();
            in.readNBytes(Integer.parseInt(head.substring(at, head.indexOf("\r\n", at))));
        }
        return head.toString();
    }

    private static String xml(int status, String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return "HTTP/1.1 " + status + " X\r\nContent-Type: application/xml\r\nx-amz-request-id: R1\r\nContent-Length: " + bytes.length
                + "\r\n\r\n" + body;
    }

    @Test
    void deleteObject_404NoSuchKeyOrEmpty_noFailureButNoSuchBucketFatalAndACutDocumentRetryable() throws IOException {
        String noSuchBucket = "<?xml version=\"1.0\"?>\n<Error><Code>NoSuchBucket</Code><Message>gone</Message></Error>";
        try (HttpS3Bucket store = store(xml(404, "<?xml version=\"1.0\"?>\n<Error><Code>NoSuchKey</Code><Message>none</Message></Error>"),
                "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n", xml(404, noSuchBucket),
                xml(404, noSuchBucket.substring(0, 40)))) {
            store.deleteObject("a b/missing");
            store.deleteObject("missing");

            assertThrows(TransferException.Fatal.class, () -> store.deleteObject("x"));
            assertThrows(TransferException.Retryable.class, () -> store.deleteObject("x"));
            assertEquals("DELETE /bucket/a%20b/missing HTTP/1.1", requestLines.get(0));
        }
    }

    @Test
    void completeMultipartUpload_errorDocumentWithStatus200_retryableNamingTheCode() throws IOException {
        try (HttpS3Bucket store = store(xml(200, "<?xml version=\"1.0\"?>\n<Error><Code>InternalError</Code>"
                + "<Message>We encountered an internal error. Please try again.</Message><RequestId>R1</RequestId></Error>"))) {
            TransferException e = assertThrows(TransferException.Retryable.class,
                    () -> store.completeMultipartUpload("k", "up-1", List.of(new CompletedPart(1, "aa"))));
            assertTrue(e.getMessage().contains("InternalError"), e.getMessage());
        }
        assertTrue(requestLines.get(0).startsWith("POST /bucket/k?uploadId=up-1 "), requestLines.toString());
    }

    @Test
    void completeMultipartUpload_success_etagFromTheXml() throws IOException {
        try (HttpS3Bucket store = store(xml(200, "<CompleteMultipartUploadResult xmlns=\"" + NS + "\"><Location>l</Location>"
                + "<Bucket>bucket</Bucket><Key>k</Key><ETag>&quot;3858f62230ac3c915f300c664312c11f-2&quot;</ETag></CompleteMultipartUploadResult>"))) {
            StoredObject stored = store.completeMultipartUpload("k", "up-1", List.of(new CompletedPart(1, "\"a\""), new CompletedPart(2, "b")));
            assertEquals("3858f62230ac3c915f300c664312c11f-2", stored.etag());
            assertTrue(stored.etagIsContentHash());
        }
    }

    @Test
    void listParts_truncatedPages_followsTheMarkerToTheLastPage() throws IOException {
        String page1 = "<ListPartsResult xmlns=\"" + NS + "\"><Bucket>bucket</Bucket><Key>k</Key><UploadId>up</UploadId>"
                + "<PartNumberMarker>0</PartNumberMarker><NextPartNumberMarker>2</NextPartNumberMarker><MaxParts>2</MaxParts>"
                + "<IsTruncated>true</IsTruncated>"
                + "<Part><PartNumber>1</PartNumber><LastModified>2026-11-30T00:00:00.000Z</LastModified><ETag>\"e1\"</ETag><Size>5242880</Size></Part>"
                + "<Part><PartNumber>2</PartNumber><ETag>\"e2\"</ETag><Size>5242880</Size></Part></ListPartsResult>";
        String page2 = "<ListPartsResult xmlns=\"" + NS + "\"><IsTruncated>false</IsTruncated>"
                + "<Part><PartNumber>3</PartNumber><ETag>\"e3\"</ETag><Size>17</Size></Part></ListPartsResult>";
        try (HttpS3Bucket store = store(xml(200, page1), xml(200, page2))) {
            List<RemotePart> parts = store.listParts("k", "up");

            assertEquals(List.of(new RemotePart(1, 5242880, "e1"), new RemotePart(2, 5242880, "e2"), new RemotePart(3, 17, "e3")), parts);
        }
        assertTrue(requestLines.get(1).contains("part-number-marker=2"), requestLines.toString());
    }

    @Test
    void listMultipartUploads_truncatedPages_sendsBothMarkers() throws IOException {
        String page1 = "<ListMultipartUploadsResult xmlns=\"" + NS + "\"><EncodingType>url</EncodingType><IsTruncated>true</IsTruncated>"
                + "<NextKeyMarker>p/a+b</NextKeyMarker><NextUploadIdMarker>id/1</NextUploadIdMarker>"
                + "<Upload><Key>p/a+b</Key><UploadId>id/1</UploadId><Initiated>2026-11-30T00:00:00.000Z</Initiated></Upload>"
                + "</ListMultipartUploadsResult>";
        String page2 = "<ListMultipartUploadsResult xmlns=\"" + NS + "\"><IsTruncated>false</IsTruncated>"
                + "<Upload><Key>p/c</Key><UploadId>id2</UploadId></Upload></ListMultipartUploadsResult>";
        try (HttpS3Bucket store = store(xml(200, page1), xml(200, page2))) {
            List<PendingUpload> uploads = store.listMultipartUploads("p/");

            assertEquals(List.of("p/a b", "p/c"), uploads.stream().map(PendingUpload::key).toList());
        }
        assertTrue(requestLines.get(1).contains("key-marker=p%2Fa%20b") && requestLines.get(1).contains("upload-id-marker=id%2F1"),
                requestLines.toString());
    }

    @Test
    void abortMultipartUpload_noSuchUpload_uploadGone() throws IOException {
        try (HttpS3Bucket store = store(xml(404, "<Error><Code>NoSuchUpload</Code><Message>The specified upload does not exist.</Message></Error>"))) {
            assertThrows(TransferException.UploadGone.class, () -> store.abortMultipartUpload("k", "gone"));
        }
        assertTrue(requestLines.get(0).startsWith("DELETE /bucket/k?uploadId=gone "), requestLines.toString());
    }

    @Test
    void createMultipartUpload_answerWithoutUploadId_retryableNotAnEmptyId() throws IOException {
        try (HttpS3Bucket store = store(xml(200, "<InitiateMultipartUploadResult xmlns=\"" + NS + "\"><Bucket>bucket</Bucket><Key>k</Key>"
                + "</InitiateMultipartUploadResult>"))) {
            TransferException e = assertThrows(TransferException.Retryable.class,
                    () -> store.createMultipartUpload("k", new dev.uploader.engine.UploadOptions(null, null)));
            assertTrue(e.getMessage().contains("no upload id"), e.getMessage());
        }
        assertTrue(requestLines.get(0).startsWith("POST /bucket/k?uploads= "), requestLines.toString());
    }
    private static String head(int status, String... headers) {
        return "HTTP/1.1 " + status + " X\r\n" + String.join("", java.util.Arrays.stream(headers).map(h -> h + "\r\n").toList())
                + "Content-Length: 0\r\n\r\n";
    }

    @Test
    void getRange_storeAnswersAnotherRange_refusedNeverReadAsTheOneAskedFor() throws IOException {
        String other = "HTTP/1.1 206 Partial\r\nContent-Range: bytes 10-19/100\r\nContent-Length: 10\r\n\r\n0123456789";
        try (HttpS3Bucket store = store(other)) {
            TransferException e = assertThrows(TransferException.Retryable.class,
                    () -> store.getRange("k", "etag", null, 0, 10, new byte[10]));
            assertTrue(e.getMessage().contains("bytes 10-19/100"), e.getMessage());
        }
    }

    @Test
    void listObjects_answerLongerThanAnyS3Answer_refusedNotCut() throws IOException {
        try (HttpS3Bucket store = store("HTTP/1.1 200 OK\r\nContent-Type: application/xml\r\nContent-Length: 17825792\r\n\r\n<")) {
            TransferException e = assertThrows(TransferException.Retryable.class, () -> store.listObjects("", o -> { }));
            assertTrue(e.getMessage().contains("longer than"), e.getMessage());
        }
    }

    @Test
    void head_clockAnHourBehindTheStore_signedAgainWithTheStoresTime() throws IOException {
        java.time.Instant storeTime = java.time.Instant.now().plus(java.time.Duration.ofHours(1)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        String date = java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME.format(storeTime.atZone(java.time.ZoneOffset.UTC));
        // as S3 answers a HEAD signed with a clock 15 minutes off: 403 without a body, its own time in Date
        String skewed = head(403, "Date: " + date);
        try (HttpS3Bucket store = store(skewed, head(200, "ETag: \"e\"", "Last-Modified: " + date))) {
            assertTrue(store.headObject("k").isPresent());
        }
        String second = heads.get(1);
        String amzDate = second.lines().filter(l -> l.toLowerCase().startsWith("x-amz-date:")).findFirst().orElseThrow().substring(11).trim();
        java.time.Instant signed = java.time.LocalDateTime.parse(amzDate, java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'"))
                .toInstant(java.time.ZoneOffset.UTC);
        assertTrue(Math.abs(java.time.Duration.between(storeTime, signed).toSeconds()) < 60, "signed at " + signed + ", store at " + storeTime);
    }

    @Test
    void listMultipartUploads_storeDoesNotImplementIt_unsupportedNeverRetried() throws IOException {
        try (HttpS3Bucket store = store(xml(501, "<Error><Code>NotImplemented</Code><Message>A header you provided implies functionality"
                + " that is not implemented</Message></Error>"))) {
            assertThrows(TransferException.Unsupported.class, () -> store.listMultipartUploads("p/"));
        }
    }

    @Test
    void createMultipartUpload_keptAliveConnectionClosedByTheServer_postNotSentAgainByTheHttpLayer() throws Exception {
        // the server answers a HEAD and closes; a POST then taken on that connection fails: it may have been carried out
        try (HttpS3Bucket store = store(head(200, "ETag: \"e\"") + THEN_CLOSE,
                xml(200, "<InitiateMultipartUploadResult><UploadId>second</UploadId></InitiateMultipartUploadResult>"))) {
            store.headObject("k");
            Thread.sleep(200);
            assertThrows(TransferException.Retryable.class, () -> store.createMultipartUpload("k", new dev.uploader.engine.UploadOptions(null, null)));
        }
        assertEquals(1, requestLines.size(), "only the HEAD reached the server: " + requestLines);
    }

    @Test
    void putObject_keptAliveConnectionClosedByTheServer_sentAgainOnANewOne() throws Exception {
        try (HttpS3Bucket store = store(head(200, "ETag: \"e\"") + THEN_CLOSE, head(200, "ETag: \"0123456789abcdef0123456789abcdef\""))) {
            store.headObject("k");
            Thread.sleep(200);
            byte[] data = "x".getBytes(StandardCharsets.UTF_8);
            store.putObject("k", () -> new java.io.ByteArrayInputStream(data), 1, dev.uploader.engine.Md5.of(data, 0, 1),
                    new dev.uploader.engine.UploadOptions(null, null));
        }
        assertEquals(2, requestLines.size(), requestLines.toString());
    }
}
