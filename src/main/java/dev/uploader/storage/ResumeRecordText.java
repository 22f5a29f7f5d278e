package dev.uploader.storage;

import dev.uploader.engine.Md5;
import dev.uploader.engine.ResumeRecord;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The text of a resume record, one place for both ledgers: a head of seven lines (what the upload was started from),
 * then one line per part the store accepted. {@code storage.local.FileResumeLedger} keeps head and part lines in one
 * file; {@link StoreResumeLedger} keeps the head alone as one object and names each part in an object's key. Fields
 * are separated by tabs; a tab, newline, carriage return or backslash inside a head value is escaped with a backslash.
 *
 * <pre>
 * uploader-resume-record 3
 * upload-id	ID
 * source-etag	ETAG
 * source-version	VERSION or -
 * source-size	BYTES
 * source-modified	MILLISECONDS
 * part-size	BYTES
 * part	N	ETAG	MD5 or -
 * </pre>
 */
public final class ResumeRecordText {
    static final String MAGIC = "uploader-resume-record 3";

    private ResumeRecordText() {
    }

    /** The head of a new upload's record: seven whole lines, each ending with a newline. Its parts are not written. */
    public static String head(String uploadId, ResumeRecord record) {
        return MAGIC + "\n"
                + "upload-id\t" + escape(uploadId) + "\n"
                + "source-etag\t" + escape(record.sourceEtag()) + "\n"
                + "source-version\t" + (record.sourceVersion() == null ? "-" : escape(record.sourceVersion())) + "\n"
                + "source-size\t" + record.sourceSize() + "\n"
                + "source-modified\t" + record.sourceModifiedMillis() + "\n"
                + "part-size\t" + record.partSize() + "\n";
    }

    /** One part's line, ending with a newline; the part must be {@link #recordable}. */
    public static String partLine(int partNumber, ResumeRecord.StoredPart part) {
        return "part\t" + partNumber + "\t" + part.etag() + "\t" + (part.md5Hex() == null ? "-" : part.md5Hex()) + "\n";
    }

    /**
     * Whether a resume could ever compare this part with a listed one: an ETag of printable ASCII (no space), at most 200
     * characters, and an MD5 of 32 hex digits or none. Other parts are not recorded and are sent again on resume.
     */
    public static boolean recordable(ResumeRecord.StoredPart part) {
        return validEtag(part.etag()) && (part.md5Hex() == null || Md5.isPlainEtag(part.md5Hex()));
    }

    static boolean validEtag(String etag) {
        if (etag == null || etag.isEmpty() || etag.length() > 200) {
            return false;
        }
        for (int i = 0; i < etag.length(); i++) {
            char c = etag.charAt(i);
            if (c < 0x21 || c > 0x7e) {
                return false;
            }
        }
        return true;
    }

    /**
     * The record in {@code text}, or empty when it is not a whole record of this upload: another upload id, another
     * format, a head cut short. Only whole lines count: a last line without its newline was torn by a kill and is
     * ignored, as is a garbled part line (that part is sent again).
     */
    public static Optional<ResumeRecord> parse(String uploadId, String text) {
        List<String> lines = text.lines().toList();
        int whole = text.endsWith("\n") ? lines.size() : lines.size() - 1;
        if (whole < 7 || !lines.get(0).equals(MAGIC)) {
            return Optional.empty();
        }
        Map<String, String> head = new HashMap<>();
        Map<Integer, ResumeRecord.StoredPart> parts = new HashMap<>();
        for (int i = 1; i < whole; i++) {
            String[] fields = lines.get(i).split("\t", -1);
            if (fields[0].equals("part")) {
                if (fields.length == 4 && validEtag(fields[2]) && (fields[3].equals("-") || Md5.isPlainEtag(fields[3]))) {
                    try {
                        parts.put(Integer.parseInt(fields[1]), new ResumeRecord.StoredPart(fields[2], fields[3].equals("-") ? null : fields[3]));
                    } catch (NumberFormatException e) {
                        // a garbled line: that part is sent again
                    }
                }
            } else if (fields.length == 2 && i <= 6) {
                head.put(fields[0], unescape(fields[1]));
            }
        }
        if (!uploadId.equals(head.get("upload-id")) || head.get("source-etag") == null) {
            return Optional.empty();
        }
        String version = head.get("source-version");
        try {
            return Optional.of(new ResumeRecord(head.get("source-etag"), version == null || version.equals("-") ? null : version,
                    Long.parseLong(head.get("source-size")), Long.parseLong(head.get("source-modified")),
                    Long.parseLong(head.get("part-size")), parts));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    private static String escape(String s) {
        return s.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r");
    }

    private static String unescape(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length()) {
                char n = s.charAt(++i);
                out.append(n == 't' ? '\t' : n == 'n' ? '\n' : n == 'r' ? '\r' : n);
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
