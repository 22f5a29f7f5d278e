package dev.uploader.storage.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.uploader.engine.ResumeRecord;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileResumeLedgerTest {
    private static final String MD5 = "0123456789abcdef0123456789abcdef";

    @TempDir
    Path dir;

    private static ResumeRecord started() {
        return new ResumeRecord("etag\twith tab", "v 1", 12345, 1_700_000_000_123L, 5 * 1024 * 1024, Map.of());
    }

    @Test
    void find_startedThenPartsStored_recordWithEveryPart() {
        FileResumeLedger ledger = new FileResumeLedger(dir);
        ledger.start("upload/1+x", started());
        ledger.partStored("upload/1+x", 1, new ResumeRecord.StoredPart(MD5, MD5));
        ledger.partStored("upload/1+x", 2, new ResumeRecord.StoredPart("copied-2", null));

        ResumeRecord r = ledger.find("upload/1+x").orElseThrow();

        assertEquals("etag\twith tab", r.sourceEtag());
        assertEquals("v 1", r.sourceVersion());
        assertEquals(12345, r.sourceSize());
        assertEquals(1_700_000_000_123L, r.sourceModifiedMillis());
        assertEquals(Map.of(1, new ResumeRecord.StoredPart(MD5, MD5), 2, new ResumeRecord.StoredPart("copied-2", null)), r.parts());
    }

    @Test
    void find_lastLineTornByAKill_thatPartIgnored() throws Exception {
        FileResumeLedger ledger = new FileResumeLedger(dir);
        ledger.start("u", started());
        ledger.partStored("u", 1, new ResumeRecord.StoredPart(MD5, MD5));
        Path file;
        try (var files = Files.list(dir)) {
            file = files.filter(p -> p.toString().endsWith(".record")).findFirst().orElseThrow();
        }
        Files.writeString(file, "part\t2\t" + MD5 + "\t" + MD5.substring(0, 10), StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.APPEND);

        assertEquals(Map.of(1, new ResumeRecord.StoredPart(MD5, MD5)), ledger.find("u").orElseThrow().parts());
    }

    @Test
    void find_garbledPartLine_ignoredTheRestKept() {
        String text = "uploader-resume-record 3\nupload-id\tu\nsource-etag\te\nsource-version\t-\nsource-size\t1\nsource-modified\t9\npart-size\t5\n"
                + "part\tx\t" + MD5 + "\t" + MD5 + "\n" + "part\t3\t" + MD5 + "\tnot-md5\n" + "part\t4\t" + MD5 + "\t" + MD5 + "\n";

        ResumeRecord r = FileResumeLedger.parse("u", text).orElseThrow();

        assertEquals(Map.of(4, new ResumeRecord.StoredPart(MD5, MD5)), r.parts());
        assertEquals(null, r.sourceVersion());
    }

    @Test
    void find_recordOfAnotherUploadOrTornHead_empty() {
        String head = "uploader-resume-record 3\nupload-id\tu\nsource-etag\te\nsource-version\t-\nsource-size\t1\nsource-modified\t9\npart-size\t5\n";

        assertEquals(Optional.empty(), FileResumeLedger.parse("other", head));
        assertEquals(Optional.empty(), FileResumeLedger.parse("u", head.substring(0, head.length() - 1)));
        assertTrue(FileResumeLedger.parse("u", head).isPresent());
    }

    @Test
    void partStored_afterDelete_doesNotBringTheRecordBack() {
        FileResumeLedger ledger = new FileResumeLedger(dir);
        ledger.start("u", started());
        ledger.delete("u");

        ledger.partStored("u", 1, new ResumeRecord.StoredPart(MD5, MD5));

        assertEquals(Optional.empty(), ledger.find("u"));
    }

    @Test
    void start_unwritableFolder_noRecordAndNoFailure() throws Exception {
        Path file = dir.resolve("a-file");
        Files.writeString(file, "not a folder");
        FileResumeLedger ledger = new FileResumeLedger(file.resolve("records"));

        ledger.start("u", started());

        assertEquals(Optional.empty(), ledger.find("u"));
    }
}
