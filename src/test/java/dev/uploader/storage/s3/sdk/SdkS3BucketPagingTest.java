package dev.uploader.storage.s3.sdk;

// Uses a test double of the SDK's HTTP layer (StubS3Http) under a real S3Client, because the real test server
// (S3Proxy) cannot show these paths: its ListParts ignores max-parts, so it never answers a truncated page.

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.uploader.engine.PendingUpload;
import dev.uploader.engine.RemotePart;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.SdkHttpRequest;

class SdkS3BucketPagingTest {
    private static final String BUCKET = "photos-archive";
    private static final String KEY = "videos/2024/holiday.mp4";
    private static final String UPLOAD_ID = "2~iCw_lDY8VoAgbl6OLZ6gYuPoMbaDL9r";
    private static final long MIB = 1024L * 1024;

    private final StubS3Http http = new StubS3Http();
    private final SdkS3Bucket store = new SdkS3Bucket(http.client(), BUCKET, "profile");

    @AfterEach
    void close() {
        store.close();
    }

    // ---- ListMultipartUploads ----

    /** Unfinished uploads as the fake server holds them: by key, then by initiation; two of them share a key. */
    private static final List<PendingUpload> UPLOADS = List.of(
            new PendingUpload("photos/a.jpg", "A1-upload", Instant.parse("2024-05-01T10:00:00Z")),
            new PendingUpload("photos/b c.jpg", "B1-upload", Instant.parse("2024-05-01T10:01:00Z")),
            new PendingUpload("photos/b c.jpg", "B2-upload", Instant.parse("2024-05-01T10:02:00Z")),
            new PendingUpload("photos/d.jpg", "D1-upload", Instant.parse("2024-05-01T10:03:00Z")),
            new PendingUpload("photos/e.jpg", "E1-upload", Instant.parse("2024-05-01T10:04:00Z")));

    @Test
    void listMultipartUploads_overThreeTruncatedPages_returnsEveryUploadAndSendsThePreviousPagesMarkers() {
        http.otherwise(request -> listUploadsPage(request, 2));

        List<PendingUpload> uploads = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> store.listMultipartUploads("photos/"));

        assertEquals(UPLOADS, uploads);
        List<StubS3Http.Seen> seen = http.seen();
        assertEquals(3, seen.size(), "one request per page");
        for (StubS3Http.Seen s : seen) {
            assertEquals("GET", s.method());
            assertEquals("/" + BUCKET, s.path());
            assertTrue(s.request().rawQueryParameters().containsKey("uploads"), s.rawQuery());
            assertEquals(List.of("photos/"), s.request().rawQueryParameters().get("prefix"), s.rawQuery());
        }
        String first = seen.get(0).rawQuery();
        assertFalse(first.contains("key-marker"), first);
        assertFalse(first.contains("upload-id-marker"), first);
        // page 1 ended inside the two uploads of "photos/b c.jpg": only the upload-id-marker keeps B2 in the listing
        String second = seen.get(1).rawQuery();
        assertQueryHas(second, "key-marker=photos%2Fb%20c.jpg");
        assertQueryHas(second, "upload-id-marker=B1-upload");
        String third = seen.get(2).rawQuery();
        assertQueryHas(third, "key-marker=photos%2Fd.jpg");
        assertQueryHas(third, "upload-id-marker=D1-upload");
    }

    @Test
    void listMultipartUploads_onOneUntruncatedPage_sendsOneRequestWithoutMarkers() {
        http.thenReply(StubS3Http.Reply.xml(200, uploadsXml(UPLOADS.subList(0, 2), false, null, null)));

        List<PendingUpload> uploads = store.listMultipartUploads("");

        assertEquals(UPLOADS.subList(0, 2), uploads);
        assertEquals(1, http.seen().size());
        assertFalse(http.seen().get(0).rawQuery().contains("marker"), http.seen().get(0).rawQuery());
    }

    @Test
    void listMultipartUploads_whenTruncatedPageHasNoNextMarker_stopsAfterThatPage() {
        http.thenReply(StubS3Http.Reply.xml(200, uploadsXml(UPLOADS.subList(0, 2), true, null, null)));

        List<PendingUpload> uploads = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> store.listMultipartUploads("photos/"));

        assertEquals(UPLOADS.subList(0, 2), uploads);
        assertEquals(1, http.seen().size(), "no second request without a marker to send");
    }

    @Test
    void listMultipartUploads_whenTruncatedPageRepeatsTheMarkersItWasSent_stopsInsteadOfLooping() {
        // the server keeps answering "truncated, next is photos/b c.jpg / B1-upload", whatever it is asked
        http.thenReply(StubS3Http.Reply.xml(200, uploadsXml(UPLOADS.subList(0, 2), true, "photos/b c.jpg", "B1-upload")))
                .otherwise(request -> StubS3Http.Reply.xml(200, uploadsXml(UPLOADS.subList(2, 3), true, "photos/b c.jpg", "B1-upload")));

        List<PendingUpload> uploads = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> store.listMultipartUploads("photos/"));

        assertEquals(UPLOADS.subList(0, 3), uploads);
        assertEquals(2, http.seen().size(), "the second answer gave no new marker, so there is no third request");
    }

    /** A fake ListMultipartUploads with S3's marker rules over {@link #UPLOADS}, at most {@code max} uploads a page. */
    private static StubS3Http.Reply listUploadsPage(SdkHttpRequest request, int max) {
        String keyMarker = param(request, "key-marker");
        String idMarker = param(request, "upload-id-marker");
        String prefix = param(request, "prefix");
        int start = 0;
        if (keyMarker != null) {
            start = UPLOADS.size();
            for (int i = 0; i < UPLOADS.size(); i++) {
                PendingUpload u = UPLOADS.get(i);
                int c = u.key().compareTo(keyMarker);
                // without upload-id-marker: keys after key-marker; with it: also the key's later uploads
                if (c > 0 || (c == 0 && idMarker != null && isAfter(i, keyMarker, idMarker))) {
                    start = i;
                    break;
                }
            }
        }
        List<PendingUpload> page = new ArrayList<>();
        for (int i = start; i < UPLOADS.size() && page.size() < max; i++) {
            if (prefix == null || UPLOADS.get(i).key().startsWith(prefix)) {
                page.add(UPLOADS.get(i));
            }
        }
        boolean truncated = start + page.size() < UPLOADS.size();
        PendingUpload last = page.isEmpty() ? null : page.get(page.size() - 1);
        return StubS3Http.Reply.xml(200, uploadsXml(page, truncated,
                truncated ? last.key() : null, truncated ? last.uploadId() : null));
    }

    private static boolean isAfter(int index, String key, String uploadId) {
        for (int j = 0; j < index; j++) {
            if (UPLOADS.get(j).key().equals(key) && UPLOADS.get(j).uploadId().equals(uploadId)) {
                return true;
            }
        }
        return false;
    }

    private static String uploadsXml(List<PendingUpload> uploads, boolean truncated, String nextKey, String nextId) {
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
                .append("<ListMultipartUploadsResult xmlns=\"").append(StubS3Http.NS).append("\">")
                .append("<Bucket>").append(BUCKET).append("</Bucket><KeyMarker></KeyMarker><UploadIdMarker></UploadIdMarker>");
        if (nextKey != null) {
            xml.append("<NextKeyMarker>").append(nextKey).append("</NextKeyMarker>");
        }
        if (nextId != null) {
            xml.append("<NextUploadIdMarker>").append(nextId).append("</NextUploadIdMarker>");
        }
        xml.append("<MaxUploads>2</MaxUploads><IsTruncated>").append(truncated).append("</IsTruncated>");
        for (PendingUpload u : uploads) {
            xml.append("<Upload><Key>").append(u.key()).append("</Key><UploadId>").append(u.uploadId()).append("</UploadId>")
                    .append("<Initiator><ID>arn:aws:iam::111122223333:user/uploader</ID><DisplayName>uploader</DisplayName></Initiator>")
                    .append("<Owner><ID>75aa57f09aa0c8caeab4f8c24e99d10f8e7faeebf76c078efc7c6caea54ba06a</ID><DisplayName>owner</DisplayName></Owner>")
                    .append("<StorageClass>STANDARD</StorageClass><Initiated>").append(u.initiated()).append("</Initiated></Upload>");
        }
        return xml.append("</ListMultipartUploadsResult>").toString();
    }

    // ---- ListParts ----

    /** Parts as the fake server holds them. */
    private static final List<RemotePart> PARTS = List.of(
            new RemotePart(1, 8 * MIB, "7778aef83f66abc1fa1e8477f296d394"),
            new RemotePart(2, 8 * MIB, "aaaa18db4cc2f85cedef654fccc4a4d8"),
            new RemotePart(3, 8 * MIB, "bbbb18db4cc2f85cedef654fccc4a4d8"),
            new RemotePart(4, 8 * MIB, "cccc18db4cc2f85cedef654fccc4a4d8"),
            new RemotePart(5, 3 * MIB + 17, "dddd18db4cc2f85cedef654fccc4a4d8"));

    @Test
    void listParts_overThreeTruncatedPages_returnsEveryPartWithSizeAndUnquotedEtagAndSendsPartNumberMarker() {
        http.otherwise(request -> listPartsPage(request, 2));

        List<RemotePart> parts = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> store.listParts(KEY, UPLOAD_ID));

        assertEquals(PARTS, parts);
        List<StubS3Http.Seen> seen = http.seen();
        assertEquals(3, seen.size(), "one request per page");
        for (StubS3Http.Seen s : seen) {
            assertEquals("GET", s.method());
            assertEquals("/" + BUCKET + "/videos/2024/holiday.mp4", s.path());
            assertEquals(List.of(UPLOAD_ID), s.request().rawQueryParameters().get("uploadId"), s.rawQuery());
        }
        assertFalse(seen.get(0).rawQuery().contains("part-number-marker"), seen.get(0).rawQuery());
        assertQueryHas(seen.get(1).rawQuery(), "part-number-marker=2");
        assertQueryHas(seen.get(2).rawQuery(), "part-number-marker=4");
    }

    @Test
    void listParts_whenTruncatedPageHasNoNextPartNumberMarker_stopsAfterThatPage() {
        http.thenReply(StubS3Http.Reply.xml(200, partsXml(PARTS.subList(0, 2), null, true, null)));

        List<RemotePart> parts = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> store.listParts(KEY, UPLOAD_ID));

        assertEquals(PARTS.subList(0, 2), parts);
        assertEquals(1, http.seen().size(), "no second request without a marker to send");
    }

    @Test
    void listParts_whenTruncatedPageRepeatsThePartNumberMarkerItWasSent_stopsInsteadOfLooping() {
        http.thenReply(StubS3Http.Reply.xml(200, partsXml(PARTS.subList(0, 2), null, true, 2)))
                .otherwise(request -> StubS3Http.Reply.xml(200, partsXml(PARTS.subList(2, 3), 2, true, 2)));

        List<RemotePart> parts = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> store.listParts(KEY, UPLOAD_ID));

        assertEquals(PARTS.subList(0, 3), parts);
        assertEquals(2, http.seen().size(), "the second answer gave no new marker, so there is no third request");
        assertQueryHas(http.seen().get(1).rawQuery(), "part-number-marker=2");
    }

    /** A fake ListParts over {@link #PARTS}: the parts after part-number-marker, at most {@code max} a page. */
    private static StubS3Http.Reply listPartsPage(SdkHttpRequest request, int max) {
        String markerParam = param(request, "part-number-marker");
        int marker = markerParam == null ? 0 : Integer.parseInt(markerParam);
        List<RemotePart> page = PARTS.stream().filter(p -> p.partNumber() > marker).limit(max).toList();
        boolean truncated = !page.isEmpty() && page.get(page.size() - 1).partNumber() < PARTS.get(PARTS.size() - 1).partNumber();
        return StubS3Http.Reply.xml(200, partsXml(page, marker, truncated, truncated ? page.get(page.size() - 1).partNumber() : null));
    }

    private static String partsXml(List<RemotePart> parts, Integer marker, boolean truncated, Integer next) {
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
                .append("<ListPartsResult xmlns=\"").append(StubS3Http.NS).append("\">")
                .append("<Bucket>").append(BUCKET).append("</Bucket><Key>").append(KEY).append("</Key>")
                .append("<UploadId>").append(UPLOAD_ID).append("</UploadId>")
                .append("<Initiator><ID>arn:aws:iam::111122223333:user/uploader</ID><DisplayName>uploader</DisplayName></Initiator>")
                .append("<Owner><ID>75aa57f09aa0c8caeab4f8c24e99d10f8e7faeebf76c078efc7c6caea54ba06a</ID><DisplayName>owner</DisplayName></Owner>")
                .append("<StorageClass>STANDARD</StorageClass>")
                .append("<PartNumberMarker>").append(marker == null ? 0 : marker).append("</PartNumberMarker>");
        if (next != null) {
            xml.append("<NextPartNumberMarker>").append(next).append("</NextPartNumberMarker>");
        }
        xml.append("<MaxParts>2</MaxParts><IsTruncated>").append(truncated).append("</IsTruncated>");
        for (RemotePart p : parts) {
            xml.append("<Part><PartNumber>").append(p.partNumber()).append("</PartNumber>")
                    .append("<LastModified>2024-05-01T10:0").append(p.partNumber()).append(":00.000Z</LastModified>")
                    .append("<ETag>&quot;").append(p.etag()).append("&quot;</ETag>")
                    .append("<Size>").append(p.size()).append("</Size></Part>");
        }
        return xml.append("</ListPartsResult>").toString();
    }

    // ---- helpers ----

    private static String param(SdkHttpRequest request, String name) {
        List<String> values = request.rawQueryParameters().get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    private static void assertQueryHas(String rawQuery, String pair) {
        assertTrue(List.of(rawQuery.split("&")).contains(pair), "query " + rawQuery + " should carry " + pair);
    }
}
