package dev.uploader.storage.local;

import dev.uploader.engine.ResumeLedger;
import dev.uploader.engine.ResumeRecord;
import dev.uploader.storage.ResumeRecordText;
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
import java.util.HexFormat;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Resume records as one small text file per destination upload id. The head (source ETag, version, size, part size)
 * is written atomically when the upload is created; each part the store accepts is appended as one line. Only
 * whole lines count: a line torn by a kill is ignored, and its part is sent again. Records of uploads that were
 * neither completed nor aborted for {@link #STALE} are removed (stores abort such uploads by their lifecycle rules
 * long before), the {@code .properties} records of earlier versions with them: they never count. The text is
 * {@link ResumeRecordText}'s: its head, then one part line per part.
 */
public final class FileResumeLedger implements ResumeLedger {
    private static final Logger LOG = LoggerFactory.getLogger(FileResumeLedger.class);
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
        return ResumeRecordText.parse(uploadId, text);
    }

    @Override
    public void start(String uploadId, ResumeRecord record) {
        String text = ResumeRecordText.head(uploadId, record);
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
        if (!ResumeRecordText.recordable(part)) {
            return; // not something a resume could ever compare with: the part is sent again
        }
        Path file = file(uploadId);
        String line = ResumeRecordText.partLine(partNumber, part);
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
}
