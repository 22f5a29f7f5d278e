package dev.uploader.storage.http;

import dev.uploader.storage.s3.EtagText;
import dev.uploader.storage.s3.ListingPages;
import dev.uploader.engine.PendingUpload;
import dev.uploader.engine.RemoteObject;
import dev.uploader.engine.RemotePart;
import java.io.ByteArrayInputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Reads the XML answers of the lean path: the listings ListObjectsV2 (ListBucketResult), ListMultipartUploads
 * (ListMultipartUploadsResult) and ListParts (ListPartsResult), and the answers of CreateMultipartUpload and
 * CompleteMultipartUpload. The JDK's StAX parser, with no DTDs and no external entities. Keys are URL-decoded
 * only where the answer says {@code <EncodingType>url</EncodingType>}: a store that ignored the request sent them
 * as they are.
 */
final class ListingXml {
    private static final List<String> OBJECT_FIELDS = List.of("Key", "Size", "LastModified", "ETag");
    private static final List<String> UPLOAD_FIELDS = List.of("Key", "UploadId", "Initiated");
    private static final List<String> PART_FIELDS = List.of("PartNumber", "ETag", "Size");

    private ListingXml() {
    }

    static XMLInputFactory factory() {
        // the JDK's own parser, named: newFactory() looks for others with a ServiceLoader, which opens every jar of
        // the class path (20 ms of each run), and the settings below are the ones tested against it
        XMLInputFactory factory = XMLInputFactory.newDefaultFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        factory.setProperty(XMLInputFactory.IS_COALESCING, true);
        return factory;
    }

    /** The objects of one page and the token of the next ({@code NextContinuationToken} while {@code IsTruncated}). */
    static ListingPages.ObjectsPage parse(byte[] body, XMLInputFactory factory) throws XMLStreamException {
        Document d = read(body, factory, "ListBucketResult", "Contents", OBJECT_FIELDS,
                List.of("IsTruncated", "NextContinuationToken", "EncodingType"));
        List<RemoteObject> objects = new ArrayList<>(d.entries.size());
        for (String[] c : d.entries) {
            long size = c[1] == null ? 0 : Long.parseLong(c[1].trim());
            Instant modified = c[2] == null ? null : Instant.parse(c[2].trim());
            objects.add(new RemoteObject(d.key(c[0]), size, modified, EtagText.unquote(c[3])));
        }
        String next = d.truncated() ? d.required("NextContinuationToken") : null;
        return new ListingPages.ObjectsPage(objects, next);
    }

    /**
     * The objects and folders (CommonPrefixes) of a listing with a delimiter; empty when the page is truncated (the
     * level does not fit one page).
     */
    static java.util.Optional<dev.uploader.engine.StoreLevel> parseLevel(byte[] body, XMLInputFactory factory) throws XMLStreamException {
        ListingPages.ObjectsPage page = parse(body, factory);
        if (page.nextToken() != null) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(new dev.uploader.engine.StoreLevel(page.objects(), folders(body, factory)));
    }

    /** One page of a level: its objects, its folders (CommonPrefixes) and the token of the next page. */
    static dev.uploader.storage.s3.LevelPage parseLevelPage(byte[] body, XMLInputFactory factory) throws XMLStreamException {
        ListingPages.ObjectsPage page = parse(body, factory);
        return new dev.uploader.storage.s3.LevelPage(page.objects(), folders(body, factory), page.nextToken());
    }

    private static List<String> folders(byte[] body, XMLInputFactory factory) throws XMLStreamException {
        Document d = read(body, factory, "ListBucketResult", "CommonPrefixes", List.of("Prefix"), List.of("EncodingType"));
        List<String> folders = new ArrayList<>(d.entries.size());
        for (String[] f : d.entries) {
            if (f[0] != null) {
                folders.add(d.decoded(f[0]));
            }
        }
        return folders;
    }

    /** The unfinished uploads of one page, whether more follow, and the markers of the next page as given. */
    static ListingPages.UploadsPage parseUploads(byte[] body, XMLInputFactory factory) throws XMLStreamException {
        Document d = read(body, factory, "ListMultipartUploadsResult", "Upload", UPLOAD_FIELDS,
                List.of("IsTruncated", "NextKeyMarker", "NextUploadIdMarker", "EncodingType"));
        List<PendingUpload> uploads = new ArrayList<>(d.entries.size());
        for (String[] u : d.entries) {
            if (u[1] == null || u[1].isBlank()) {
                throw new XMLStreamException("an unfinished upload of the listing has no UploadId");
            }
            uploads.add(new PendingUpload(d.key(u[0]), u[1].trim(), u[2] == null ? null : Instant.parse(u[2].trim())));
        }
        if (!d.truncated()) {
            return new ListingPages.UploadsPage(uploads, false, null, null);
        }
        String nextKey = d.top.get("NextKeyMarker");
        String nextUploadId = d.top.get("NextUploadIdMarker");
        return new ListingPages.UploadsPage(uploads, true, nextKey == null || nextKey.isEmpty() ? null : d.decoded(nextKey),
                nextUploadId == null || nextUploadId.isBlank() ? null : nextUploadId.trim());
    }

    /** The parts of one page of ListParts and the marker of the next page, null on the last. */
    static ListingPages.PartsPage parseParts(byte[] body, XMLInputFactory factory) throws XMLStreamException {
        Document d = read(body, factory, "ListPartsResult", "Part", PART_FIELDS, List.of("IsTruncated", "NextPartNumberMarker"));
        List<RemotePart> parts = new ArrayList<>(d.entries.size());
        for (String[] p : d.entries) {
            if (p[0] == null) {
                throw new XMLStreamException("a part of the listing has no PartNumber");
            }
            parts.add(new RemotePart(Integer.parseInt(p[0].trim()), p[2] == null ? 0 : Long.parseLong(p[2].trim()), EtagText.unquote(p[1])));
        }
        String next = d.top.get("NextPartNumberMarker");
        return new ListingPages.PartsPage(parts, d.truncated(), next == null || next.isBlank() ? null : Integer.valueOf(next.trim()));
    }

    /** The text of {@code field} right under the root element {@code root}; null where it is not there. */
    static String field(byte[] body, XMLInputFactory factory, String root, String field) throws XMLStreamException {
        return read(body, factory, root, null, List.of(), List.of(field)).top.get(field);
    }

    /**
     * Code, Message and RequestId of an S3 error document (trimmed, where present), or null when the body is not
     * one: empty (HEAD), another document, or no XML at all (a proxy's HTML page). CompleteMultipartUpload may send
     * an error document with status 200.
     */
    static Map<String, String> error(byte[] body, XMLInputFactory factory) {
        if (body.length == 0) {
            return null;
        }
        try {
            Map<String, String> fields = new HashMap<>();
            read(body, factory, "Error", null, List.of(), List.of("Code", "Message", "RequestId")).top
                    .forEach((name, value) -> fields.put(name, value.trim()));
            return fields;
        } catch (XMLStreamException | RuntimeException e) {
            return null;
        }
    }

    /** What a listing said: the fields asked for at the top and those of each repeated entry, in field order. */
    private record Document(Map<String, String> top, List<String[]> entries) {
        boolean truncated() {
            return Boolean.parseBoolean(top.getOrDefault("IsTruncated", "false").trim());
        }

        String required(String field) throws XMLStreamException {
            String value = top.get(field);
            if (value == null || value.isEmpty()) {
                throw new XMLStreamException("the listing says it is truncated but gives no " + field);
            }
            return value;
        }

        String decoded(String key) {
            return "url".equalsIgnoreCase(top.getOrDefault("EncodingType", "").trim()) ? URLDecoder.decode(key, StandardCharsets.UTF_8) : key;
        }

        String key(String raw) throws XMLStreamException {
            if (raw == null) {
                throw new XMLStreamException("an entry of the listing has no Key");
            }
            return decoded(raw);
        }
    }

    private static Document read(byte[] body, XMLInputFactory factory, String root, String entry, List<String> entryFields,
            List<String> topFields) throws XMLStreamException {
        // S3 keeps a long CompleteMultipartUpload alive by sending spaces before the document, which XML does not
        // allow before its declaration
        int start = 0;
        while (start < body.length && (body[start] == ' ' || body[start] == '\n' || body[start] == '\r' || body[start] == '\t')) {
            start++;
        }
        XMLStreamReader in;
        synchronized (factory) {
            in = factory.createXMLStreamReader(new ByteArrayInputStream(body, start, body.length - start));
        }
        Map<String, String> top = new HashMap<>();
        List<String[]> entries = new ArrayList<>();
        String[] current = null;
        int depth = 0;
        boolean sawRoot = false;
        try {
            while (in.hasNext()) {
                int event = in.next();
                if (event == XMLStreamConstants.START_ELEMENT) {
                    depth++;
                    String name = in.getLocalName();
                    if (depth == 1) {
                        if (!name.equals(root)) {
                            throw new XMLStreamException("expected " + root + ", got " + name);
                        }
                        sawRoot = true;
                    } else if (depth == 2 && entry != null && name.equals(entry)) {
                        current = new String[entryFields.size()];
                    } else if (depth == 2 && topFields.contains(name)) {
                        top.put(name, in.getElementText()); // moves to its end tag
                        depth--;
                    } else if (depth == 3 && current != null && entryFields.contains(name)) {
                        current[entryFields.indexOf(name)] = in.getElementText();
                        depth--;
                    }
                    // anything else (Owner, Initiator, CommonPrefixes, ...) is passed over
                } else if (event == XMLStreamConstants.END_ELEMENT) {
                    if (depth == 2 && current != null && in.getLocalName().equals(entry)) {
                        entries.add(current);
                        current = null;
                    }
                    depth--;
                }
            }
        } finally {
            in.close();
        }
        if (!sawRoot) {
            throw new XMLStreamException("the answer is not a " + root);
        }
        return new Document(top, entries);
    }
}
