package dev.uploader.storage.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.uploader.engine.RemoteObject;
import dev.uploader.storage.s3.ListingPages;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import javax.xml.stream.XMLStreamException;
import org.junit.jupiter.api.Test;

/** ListObjectsV2 answers as stores write them, including what S3Proxy never sends (Owner, no EncodingType, entities). */
class ListingXmlTest {
    private static ListingPages.ObjectsPage parse(String xml) throws XMLStreamException {
        return ListingXml.parse(xml.getBytes(StandardCharsets.UTF_8), ListingXml.factory());
    }

    private static String listing(String encodingType, boolean truncated, String token, String contents) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<ListBucketResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"
                + "<Name>b</Name><Prefix>p/</Prefix><KeyCount>1</KeyCount><MaxKeys>1000</MaxKeys>"
                + (encodingType == null ? "" : "<EncodingType>" + encodingType + "</EncodingType>")
                + "<IsTruncated>" + truncated + "</IsTruncated>"
                + (token == null ? "" : "<NextContinuationToken>" + token + "</NextContinuationToken>")
                + contents + "<CommonPrefixes><Prefix>p/dir/</Prefix></CommonPrefixes></ListBucketResult>";
    }

    private static String entry(String key) {
        return "<Contents><Key>" + key + "</Key><LastModified>2026-11-30T08:01:02.345Z</LastModified>"
                + "<ETag>&quot;9dd4e461268c8034f5c8564e155c67a6&quot;</ETag><Size>1234567890123</Size>"
                + "<Owner><ID>75aa57f09aa0c8caeab4f8c24e99d10f8e7faeebf76c078efc7c6caea54ba06a</ID><DisplayName>me</DisplayName></Owner>"
                + "<StorageClass>STANDARD</StorageClass></Contents>";
    }

    @Test
    void parse_urlEncodedAnswer_decodesKeysAndReadsEveryField() throws XMLStreamException {
        ListingPages.ObjectsPage page = parse(listing("url", false, null, entry("p/a+b%2Bc%25d%C3%A9%01.txt")));

        RemoteObject o = page.objects().get(0);
        assertEquals("p/a b+c%dé\u0001.txt", o.key());
        assertEquals(1234567890123L, o.size());
        assertEquals(Instant.parse("2026-11-30T08:01:02.345Z"), o.lastModified());
        assertEquals("9dd4e461268c8034f5c8564e155c67a6", o.etag());
        assertNull(page.nextToken());
    }

    @Test
    void parse_storeIgnoredTheEncodingRequest_keysKeptAsSent() throws XMLStreamException {
        ListingPages.ObjectsPage page = parse(listing(null, false, null, entry("p/100%25 + &amp; &lt;x&gt;.txt")));

        assertEquals(List.of("p/100%25 + & <x>.txt"), page.objects().stream().map(RemoteObject::key).toList());
    }

    @Test
    void parse_truncatedPage_givesTheNextToken() throws XMLStreamException {
        ListingPages.ObjectsPage page = parse(listing("url", true, "1ueGcxLPRx1Tr/XYExHnhbYLgveDs2J/wm36Hy4vbOwM=", entry("p/1") + entry("p/2")));

        assertEquals(2, page.objects().size());
        assertEquals("1ueGcxLPRx1Tr/XYExHnhbYLgveDs2J/wm36Hy4vbOwM=", page.nextToken());
    }

    @Test
    void parse_truncatedWithoutToken_refusedRatherThanListingHalf() {
        XMLStreamException e = assertThrows(XMLStreamException.class, () -> parse(listing("url", true, null, entry("p/1"))));
        assertTrue(e.getMessage().contains("NextContinuationToken"), e.getMessage());
    }

    @Test
    void parse_emptyPrefix_noObjects() throws XMLStreamException {
        assertEquals(List.of(), parse(listing("url", false, null, "")).objects());
    }

    @Test
    void parse_anErrorDocumentOrGarbage_refused() {
        assertThrows(XMLStreamException.class, () -> parse("<Error><Code>AccessDenied</Code></Error>"));
        assertThrows(XMLStreamException.class, () -> parse("<html><body>proxy login</body></html>"));
        assertThrows(XMLStreamException.class, () -> parse("not xml at all"));
    }

    @Test
    void parse_documentTypeDeclaration_refusedWithoutReadingAnyEntity() {
        String withDtd = "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
                + listing("url", false, null, entry("p/&x;")).replaceFirst("^<\\?xml[^>]*>\\n", "");
        assertThrows(XMLStreamException.class, () -> parse(withDtd));
    }

    private static String uploads(boolean truncated, String nextKey, String nextId, String entries) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?><ListMultipartUploadsResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"
                + "<Bucket>b</Bucket><KeyMarker></KeyMarker><UploadIdMarker></UploadIdMarker><EncodingType>url</EncodingType>"
                + (nextKey == null ? "" : "<NextKeyMarker>" + nextKey + "</NextKeyMarker>")
                + (nextId == null ? "" : "<NextUploadIdMarker>" + nextId + "</NextUploadIdMarker>")
                + "<MaxUploads>1000</MaxUploads><IsTruncated>" + truncated + "</IsTruncated>" + entries + "</ListMultipartUploadsResult>";
    }

    private static String upload(String key, String id) {
        return "<Upload><Key>" + key + "</Key><UploadId>" + id + "</UploadId>"
                + "<Initiator><ID>arn:aws:iam::1:user/u</ID><DisplayName>u</DisplayName></Initiator>"
                + "<Owner><ID>o</ID></Owner><StorageClass>STANDARD</StorageClass><Initiated>2026-11-29T10:00:00.000Z</Initiated></Upload>";
    }

    @Test
    void parseUploads_urlEncodedPage_decodesKeysAndMarkers() throws XMLStreamException {
        ListingPages.UploadsPage page = ListingXml.parseUploads(uploads(true, "p/next+key%2B", "id-2",
                upload("p/a+b%25.bin", "VXBsb2FkIElE") + upload("p/%C3%A9.iso", "id-2")).getBytes(StandardCharsets.UTF_8), ListingXml.factory());

        assertEquals(List.of("p/a b%.bin", "p/é.iso"), page.uploads().stream().map(dev.uploader.engine.PendingUpload::key).toList());
        assertEquals("VXBsb2FkIElE", page.uploads().get(0).uploadId());
        assertEquals(Instant.parse("2026-11-29T10:00:00Z"), page.uploads().get(0).initiated());
        assertTrue(page.truncated());
        assertEquals("p/next key+", page.nextKeyMarker());
        assertEquals("id-2", page.nextUploadIdMarker());
    }

    @Test
    void parseUploads_lastPageAndTruncatedWithoutMarkers_toldApart() throws XMLStreamException {
        ListingPages.UploadsPage last = ListingXml.parseUploads(uploads(false, null, null, "").getBytes(StandardCharsets.UTF_8), ListingXml.factory());
        ListingPages.UploadsPage broken = ListingXml.parseUploads(uploads(true, null, null, upload("k", "i")).getBytes(StandardCharsets.UTF_8),
                ListingXml.factory());

        assertEquals(List.of(), last.uploads());
        assertFalse(last.truncated());
        assertTrue(broken.truncated());
        assertNull(broken.nextKeyMarker());
    }

    @Test
    void parseUploads_uploadWithoutId_refused() {
        assertThrows(XMLStreamException.class, () -> ListingXml.parseUploads(uploads(false, null, null, upload("k", " "))
                .getBytes(StandardCharsets.UTF_8), ListingXml.factory()));
    }

    @Test
    void fieldAndError_spacesBeforeTheDocument_readAsS3SendsThemDuringALongCompletion() throws XMLStreamException {
        String ok = "\n   \n  <?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<CompleteMultipartUploadResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"
                + "<ETag>&quot;3858f62230ac3c915f300c664312c11f-9&quot;</ETag></CompleteMultipartUploadResult>";
        String failed = "   \n<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>InternalError</Code><Message>try again</Message></Error>";

        assertEquals("\"3858f62230ac3c915f300c664312c11f-9\"", ListingXml.field(ok.getBytes(StandardCharsets.UTF_8), ListingXml.factory(),
                "CompleteMultipartUploadResult", "ETag"));
        assertEquals("InternalError", ListingXml.error(failed.getBytes(StandardCharsets.UTF_8), ListingXml.factory()).get("Code"));
    }
}
