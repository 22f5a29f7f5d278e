package dev.uploader.storage.s3.sdk;

// Uses a test double of the SDK's HTTP layer (StubS3Http) under a real S3Client, because the real test server
// (S3Proxy) cannot show these paths: it answers 200 to UploadPart on an aborted upload instead of 404 NoSuchUpload,
// and it cannot be made to answer InvalidAccessKeyId, BadDigest, SlowDown or a refused connection on demand.

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.uploader.engine.Md5;
import dev.uploader.engine.TransferException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;

class SdkS3BucketErrorMappingTest {
    private static final String BUCKET = "photos-archive";
    private static final String PROFILE = "team-backup";
    private static final String KEY = "videos/2024/holiday.mp4";
    private static final String UPLOAD_ID = "2~iCw_lDY8VoAgbl6OLZ6gYuPoMbaDL9r";
    private static final byte[] PART = "the bytes of part three".getBytes(StandardCharsets.UTF_8);

    private final StubS3Http http = new StubS3Http();
    private final SdkS3Bucket store = new SdkS3Bucket(http.client(), BUCKET, PROFILE);

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void uploadPart_answered200_returnsUnquotedEtagAndSendsThePart() {
        String etag = Md5.hex(md5(PART));
        http.thenReply(StubS3Http.Reply.ok(Map.of("ETag", "\"" + etag + "\"", "x-amz-request-id", "4442587FB7D0A2F9")));

        assertEquals(etag, uploadPart());

        StubS3Http.Seen seen = http.seen().get(0);
        assertEquals("PUT", seen.method());
        assertEquals("/" + BUCKET + "/videos/2024/holiday.mp4", seen.path());
        assertTrue(seen.rawQuery().contains("partNumber=3"), seen.rawQuery());
        assertEquals(List.of(Md5.base64(md5(PART))), seen.request().headers().get("Content-MD5"));
        // over plain http the SDK signs the payload in aws-chunked framing, so the part is inside the chunks
        assertTrue(new String(seen.body(), StandardCharsets.UTF_8).contains(new String(PART, StandardCharsets.UTF_8)));
    }

    @Test
    void deleteObject_answered404NoSuchKey_noFailureButNoSuchBucketFatal() {
        http.thenReply(StubS3Http.Reply.xml(404, StubS3Http.error("NoSuchKey", "The specified key does not exist.")));
        http.thenReply(StubS3Http.Reply.xml(404, StubS3Http.error("NoSuchBucket", "The specified bucket does not exist")));

        store.deleteObject(KEY);
        TransferException.Fatal e = assertThrows(TransferException.Fatal.class, () -> store.deleteObject(KEY));

        assertTrue(e.getMessage().contains("s3://" + BUCKET + " does not exist"), e.getMessage());
        assertEquals("DELETE", http.seen().get(0).method());
        assertEquals("/" + BUCKET + "/" + KEY, http.seen().get(0).path());
    }

    @Test
    void uploadPart_answered404NoSuchUpload_throwsUploadGone() {
        http.thenReply(StubS3Http.Reply.xml(404, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<Error><Code>NoSuchUpload</Code><Message>The specified upload does not exist. The upload ID may be invalid,"
                + " or the upload may have been aborted or completed.</Message><UploadId>" + UPLOAD_ID + "</UploadId>"
                + "<RequestId>4442587FB7D0A2F9</RequestId><HostId>vlR7PnpV2Ce81l0PRw6jlUpck7Jo5ZsQjryTjKlc5aLWGVHPZLj5NeC6qMa0emYBDXOo6QBU0Wo=</HostId></Error>"));

        TransferException.UploadGone e = assertThrows(TransferException.UploadGone.class, this::uploadPart);

        assertTrue(e.getMessage().contains("NoSuchUpload"), e.getMessage());
        assertServiceCause(e, 404, "NoSuchUpload");
        assertEquals(1, http.seen().size(), "no retry inside the SDK");
    }

    @Test
    void uploadPart_answered403InvalidAccessKeyId_throwsFatalNamingTheProfileAndSayingToCheckTheKeys() {
        http.thenReply(StubS3Http.Reply.xml(403, StubS3Http.error("InvalidAccessKeyId",
                "The AWS Access Key Id you provided does not exist in our records.")));

        TransferException.Fatal e = assertThrows(TransferException.Fatal.class, this::uploadPart);

        assertTrue(e.getMessage().contains("'" + PROFILE + "'"), e.getMessage());
        assertTrue(e.getMessage().contains("check the access key id and secret"), e.getMessage());
        assertServiceCause(e, 403, "InvalidAccessKeyId");
    }

    @Test
    void uploadPart_answered403SignatureDoesNotMatch_throwsFatalNamingTheProfile() {
        http.thenReply(StubS3Http.Reply.xml(403, StubS3Http.error("SignatureDoesNotMatch",
                "The request signature we calculated does not match the signature you provided. Check your key and signing method.")));

        TransferException.Fatal e = assertThrows(TransferException.Fatal.class, this::uploadPart);

        assertTrue(e.getMessage().contains("'" + PROFILE + "'"), e.getMessage());
        assertTrue(e.getMessage().contains("SignatureDoesNotMatch"), e.getMessage());
    }

    @Test
    void uploadPart_answered403AccessDenied_throwsFatalNamingTheProfileAndTheBucket() {
        http.thenReply(StubS3Http.Reply.xml(403, StubS3Http.error("AccessDenied", "Access Denied")));

        TransferException.Fatal e = assertThrows(TransferException.Fatal.class, this::uploadPart);

        assertTrue(e.getMessage().contains("'" + PROFILE + "'"), e.getMessage());
        assertTrue(e.getMessage().contains("s3://" + BUCKET), e.getMessage());
    }

    @Test
    void uploadPart_answered404NoSuchBucket_throwsFatalNamingTheBucket() {
        http.thenReply(StubS3Http.Reply.xml(404, StubS3Http.error("NoSuchBucket", "The specified bucket does not exist")));

        TransferException.Fatal e = assertThrows(TransferException.Fatal.class, this::uploadPart);

        assertTrue(e.getMessage().contains("s3://" + BUCKET), e.getMessage());
        assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
        assertServiceCause(e, 404, "NoSuchBucket");
    }

    @Test
    void uploadPart_answered400BadDigest_throwsRetryable() {
        http.thenReply(StubS3Http.Reply.xml(400, StubS3Http.error("BadDigest",
                "The Content-MD5 you specified did not match what we received.")));

        TransferException.Retryable e = assertThrows(TransferException.Retryable.class, this::uploadPart);

        assertTrue(e.getMessage().contains("BadDigest"), e.getMessage());
        assertServiceCause(e, 400, "BadDigest");
        assertEquals(1, http.seen().size(), "no retry inside the SDK");
    }

    @Test
    void uploadPart_answered503SlowDown_throwsRetryable() {
        http.thenReply(StubS3Http.Reply.xml(503, StubS3Http.error("SlowDown", "Please reduce your request rate.")));

        TransferException.Retryable e = assertThrows(TransferException.Retryable.class, this::uploadPart);

        assertTrue(e.getMessage().contains("SlowDown"), e.getMessage());
        assertServiceCause(e, 503, "SlowDown");
        assertEquals(1, http.seen().size(), "no retry inside the SDK");
    }

    @Test
    void uploadPart_answered500InternalError_throwsRetryable() {
        http.thenReply(StubS3Http.Reply.xml(500, StubS3Http.error("InternalError", "We encountered an internal error. Please try again.")));

        assertThrows(TransferException.Retryable.class, this::uploadPart);
    }

    @Test
    void uploadPart_answered400RequestTimeout_throwsRetryable() {
        http.thenReply(StubS3Http.Reply.xml(400, StubS3Http.error("RequestTimeout",
                "Your socket connection to the server was not read from or written to within the timeout period.")));

        assertThrows(TransferException.Retryable.class, this::uploadPart);
    }

    @Test
    void uploadPart_answered400InvalidArgument_throwsRejected() {
        http.thenReply(StubS3Http.Reply.xml(400, StubS3Http.error("InvalidArgument",
                "Part number must be an integer between 1 and 10000, inclusive")));

        TransferException.Rejected e = assertThrows(TransferException.Rejected.class, this::uploadPart);

        assertTrue(e.getMessage().contains("InvalidArgument"), e.getMessage());
        assertTrue(e.getMessage().contains("upload part 3 of " + KEY), e.getMessage());
        assertServiceCause(e, 400, "InvalidArgument");
    }

    @Test
    void uploadPart_whenConnectionIsRefused_throwsRetryable() {
        http.thenReply(StubS3Http.Reply.fail(new ConnectException("Connection refused")));

        TransferException.Retryable e = assertThrows(TransferException.Retryable.class, this::uploadPart);

        assertTrue(e.getMessage().contains("cannot connect to s3://" + BUCKET), e.getMessage());
        assertInstanceOf(SdkClientException.class, e.getCause());
        assertEquals(1, http.seen().size(), "no retry inside the SDK");
    }

    @Test
    void checkAccess_whenConnectionIsRefused_throwsFatalWithinThreeSeconds() {
        http.otherwise(request -> StubS3Http.Reply.fail(new ConnectException("Connection refused")));

        long start = System.nanoTime();
        TransferException.Fatal e = assertTimeoutPreemptively(Duration.ofSeconds(10),
                () -> assertThrows(TransferException.Fatal.class, () -> store.checkAccess("")));
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertTrue(took.compareTo(Duration.ofSeconds(3)) < 0, "took " + took);
        assertTrue(e.getMessage().contains("cannot connect to s3://" + BUCKET), e.getMessage());
        assertTrue(http.seen().get(0).rawQuery().contains("list-type=2"), http.seen().get(0).rawQuery());
    }

    @Test
    void checkAccess_answered200_listsOnlyThePrefixAndReturns() {
        http.thenReply(StubS3Http.Reply.xml(200, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<ListBucketResult xmlns=\"" + StubS3Http.NS + "\"><Name>" + BUCKET + "</Name><Prefix></Prefix>"
                + "<KeyCount>0</KeyCount><MaxKeys>1</MaxKeys><IsTruncated>false</IsTruncated></ListBucketResult>"));

        store.checkAccess("jobs/2026/");

        assertEquals(1, http.seen().size());
        assertTrue(http.seen().get(0).rawQuery().contains("max-keys=1"), http.seen().get(0).rawQuery());
        assertTrue(http.seen().get(0).rawQuery().contains("prefix=jobs%2F2026%2F"), http.seen().get(0).rawQuery());
    }

    @Test
    void checkAccess_answered403InvalidAccessKeyId_throwsFatalAtOnce() {
        http.otherwise(request -> StubS3Http.Reply.xml(403, StubS3Http.error("InvalidAccessKeyId",
                "The AWS Access Key Id you provided does not exist in our records.")));

        TransferException.Fatal e = assertThrows(TransferException.Fatal.class, () -> store.checkAccess(""));

        assertTrue(e.getMessage().contains("'" + PROFILE + "'"), e.getMessage());
        assertEquals(1, http.seen().size(), "wrong keys are not tried again");
    }

    @Test
    void checkAccess_answered503Repeatedly_throwsFatalAfterThreeTries() {
        http.otherwise(request -> StubS3Http.Reply.xml(503, StubS3Http.error("ServiceUnavailable", "Please reduce your request rate.")));

        TransferException.Fatal e = assertTimeoutPreemptively(Duration.ofSeconds(10),
                () -> assertThrows(TransferException.Fatal.class, () -> store.checkAccess("")));

        assertTrue(e.getMessage().contains("ServiceUnavailable"), e.getMessage());
        assertEquals(3, http.seen().size());
    }

    private String uploadPart() {
        return store.uploadPart(KEY, UPLOAD_ID, 3, () -> new ByteArrayInputStream(PART), PART.length, md5(PART));
    }

    private static byte[] md5(byte[] bytes) {
        try {
            return Md5.of(new ByteArrayInputStream(bytes));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static void assertServiceCause(TransferException e, int status, String code) {
        AwsServiceException cause = assertInstanceOf(AwsServiceException.class, e.getCause());
        assertEquals(status, cause.statusCode());
        assertEquals(code, cause.awsErrorDetails().errorCode());
    }
}
