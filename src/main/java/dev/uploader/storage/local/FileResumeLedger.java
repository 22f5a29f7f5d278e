package dev.uploader.storage.local;

import dev.uploader.engine.Md5;
import dev.uploader.engine.ResumeLedger;
import dev.uploader.engine.ResumeRecord;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Resume records as one small text file per destination upload id. The head (source ETag, version, size, part size)
 * is written atomically when the upload is created; each part the store accepts is appended as one line. Only
 * whole lines count: a line torn by a kill is ignored, and its part is sent again. Records of uploads that were
 * neither completed nor aborted for {@link #STALE} are removed (stores abort such uploads by their lifecycle rules
 * long before), the {@code .properties} records of earlier versions with them: they never count.
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
public final class FileResumeLedger implements ResumeLedger {
    private static final Logger LOG = LoggerFactory.getLogger(FileResumeLedger.class);
    private static final String MAGIC = "uploader-resume-record 3";
    static final Duration STALE = Duration.ofDays(30);

    private final Path dir;

    public FileResumeLedger(Path dir) {
        this.dir = dir;
    }

    @Override
    public Optional<ResumeRecord> find(String uploadId) {
        Path file = file(uploadId);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return parse(uploadId, Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException | RuntimeException e) {
            LOG.warn("unreadable resume record {}: {}", file, e.toString());
            return Optional.empty();
        }
    }

    /** The record in {@code text}, or empty when it is not a whole record of this upload. */
    static Optional<ResumeRecord> parse(String uploadId, String text) {
        List<String> lines = text.lines().toList();
        // a last line without its newline was torn by a kill: ignore it
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

    private static boolean validEtag(String etag) {
        if (etag.isEmpty() || etag.length() > 200) {
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

    @Override
    public void start(String uploadId, ResumeRecord record) {
        String text = MAGIC + "\n"
                + "upload-id\t" + escape(uploadId) + "\n"
                + "source-etag\t" + escape(record.sourceEtag()) + "\n"
                + "source-version\t" + (record.sourceVersion() == null ? "-" : escape(record.sourceVersion())) + "\n"
                + "source-size\t" + record.sourceSize() + "\n"
                + "source-modified\t" + record.sourceModifiedMillis() + "\n"
                + "part-size\t" + record.partSize() + "\n";
        try {
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, "record", ".tmp");
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            Files.move(tmp, file(uploadId), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            // without a record the upload is aborted and started afresh on resume: slower, never wrong
            LOG.warn("cannot write resume record in {}: {}", dir, e.toString());
        }
        removeStale();
    }

    @Override
    public synchronized void partStored(String uploadId, int partNumber, ResumeRecord.StoredPart part) {
        if (!validEtag(part.etag())) {
            return; // not something a resume could ever compare with: the part is sent again
        }
        Path file = file(uploadId);
        String line = "part\t" + partNumber + "\t" + part.etag() + "\t" + (part.md5Hex() == null ? "-" : part.md5Hex()) + "\n";
        try {
            // one write of one whole line, appended to a record that exists (never re-creates a deleted one)
            Files.writeString(file, line, StandardCharsets.UTF_8, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            LOG.warn("cannot add part {} to resume record {}: {}", partNumber, file, e.toString());
        }
    }

    @Override
    public void delete(String uploadId) {
        try {
            Files.deleteIfExists(file(uploadId));
        } catch (IOException e) {
            LOG.warn("cannot delete resume record of {}: {}", uploadId, e.toString());
        }
    }

    private void removeStale() {
        Instant before = Instant.now().minus(STALE);
        try (DirectoryStream<Path> records = Files.newDirectoryStream(dir, "*.{record,properties}")) {
            for (Path record : records) {
                FileTime modified = Files.getLastModifiedTime(record);
                if (modified.toInstant().isBefore(before)) {
                    Files.deleteIfExists(record);
                }
            }
        } catch (IOException e) {
            LOG.debug("cannot tidy resume records in {}: {}", dir, e.toString());
        }
    }

    private Path file(String uploadId) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(uploadId.getBytes(StandardCharsets.UTF_8));
            return dir.resolve(HexFormat.of().formatHex(hash, 0, 16) + ".record");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
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
