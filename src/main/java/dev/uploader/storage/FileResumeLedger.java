package dev.uploader.storage;

import dev.uploader.engine.ResumeLedger;
import dev.uploader.engine.ResumeRecord;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Resume records as small properties files, one per destination upload id, written atomically. */
public final class FileResumeLedger implements ResumeLedger {
    private static final Logger LOG = LoggerFactory.getLogger(FileResumeLedger.class);

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
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            p.load(in);
            if (!uploadId.equals(p.getProperty("uploadId"))) {
                return Optional.empty();
            }
            return Optional.of(new ResumeRecord(p.getProperty("sourceEtag"), emptyToNull(p.getProperty("sourceVersion")),
                    Long.parseLong(p.getProperty("sourceSize")), Long.parseLong(p.getProperty("partSize"))));
        } catch (IOException | RuntimeException e) {
            LOG.warn("unreadable resume record {}: {}", file, e.toString());
            return Optional.empty();
        }
    }

    @Override
    public void save(String uploadId, ResumeRecord record) {
        Properties p = new Properties();
        p.setProperty("uploadId", uploadId);
        p.setProperty("sourceEtag", record.sourceEtag() == null ? "" : record.sourceEtag());
        p.setProperty("sourceVersion", record.sourceVersion() == null ? "" : record.sourceVersion());
        p.setProperty("sourceSize", Long.toString(record.sourceSize()));
        p.setProperty("partSize", Long.toString(record.partSize()));
        try {
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, "record", ".tmp");
            try (OutputStream out = Files.newOutputStream(tmp)) {
                p.store(out, "uploader resume record");
            }
            Files.move(tmp, file(uploadId), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            // without a record the parts are sent again on resume: slower, never wrong
            LOG.warn("cannot write resume record in {}: {}", dir, e.toString());
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

    private Path file(String uploadId) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(uploadId.getBytes(StandardCharsets.UTF_8));
            return dir.resolve(HexFormat.of().formatHex(hash, 0, 16) + ".properties");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
