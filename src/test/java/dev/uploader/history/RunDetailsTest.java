package dev.uploader.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.uploader.engine.FileOutcome;
import dev.uploader.engine.Proof;
import dev.uploader.report.JsonLinesReport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunDetailsTest {
    @TempDir
    Path dir;

    @Test
    void read_reportOfJsonLinesReport_rowsFailuresAndVerifiedKeys() {
        Path file = dir.resolve("report.jsonl");
        try (JsonLinesReport report = JsonLinesReport.open(file)) {
            report.object(null, FileOutcome.uploaded("p/a.bin", "a.bin", 10, Proof.PART_MD5S, "ok", 10, 0, 0, 1, "e1"), "upload");
            report.object(null, FileOutcome.skipped("p/b.bin", "b.bin", 20, "already at the destination (same size, same ETag)"), "skip");
            report.object(null, FileOutcome.failed("p/c.bin", "c.bin", 30, "refused: Access Denied"), "upload");
            report.problem(null, "d.bin", "cannot read d.bin: permission denied");
            report.summary(null, new JsonLinesReport.Summary(1, 1, 2, 10, 0, 0, 1.5, 0, false, null, Map.of(Proof.PART_MD5S, 1L)));
        }

        RunDetails details = RunDetails.read(file);

        assertEquals(4, details.rows().size());
        RunDetails.Row uploaded = details.rows().get(0);
        assertEquals(new RunDetails.Row(null, "p/a.bin", "a.bin", 10, RunDetails.Status.UPLOADED, "upload", Proof.PART_MD5S.words(), "ok"), uploaded);
        assertEquals(List.of("p/c.bin", "d.bin"), details.failures().stream().map(r -> r.key() != null ? r.key() : r.source()).toList());
        assertEquals("refused: Access Denied", details.failures().get(0).detail());
        assertEquals("cannot read d.bin: permission denied", details.failures().get(1).detail());
        assertEquals(Map.of("p/a.bin", Proof.PART_MD5S.words(), "p/b.bin", "already at the destination (same size, same ETag)"),
                details.verifiedKeys());
        assertEquals(JsonLinesReport.failuresFile(file), details.failuresList());
        assertNull(details.fatalError());
        assertEquals(0, details.badLines());
    }

    @Test
    void verifiedKeys_keyFailedAfterAnEarlierUpload_notVerified() {
        Path file = dir.resolve("report.jsonl");
        try (JsonLinesReport report = JsonLinesReport.open(file)) {
            report.object(null, FileOutcome.uploaded("k", "k", 1, Proof.SOURCE_ETAG, "ok", 1, 0, 0, 1, "e"), "upload");
            report.object(null, FileOutcome.failed("k", "k", 1, "changed while read"), "upload");
        }

        assertEquals(Map.of(), RunDetails.read(file).verifiedKeys());
    }

    @Test
    void read_badLineAndTornLastLine_passedOverRestRead() throws IOException {
        Path file = dir.resolve("report.jsonl");
        try (JsonLinesReport report = JsonLinesReport.open(file)) {
            report.object(null, FileOutcome.uploaded("a", "a", 1, Proof.SOURCE_ETAG, "ok", 1, 0, 0, 1, "e"), "upload");
        }
        Files.write(file, "garbage\n{\"type\":\"object\",\"key\":\"b\",\"outcome\":\"later-kind\"}\n{\"type\":\"object\",\"key\":\"c\",\"outc"
                .getBytes(StandardCharsets.UTF_8), StandardOpenOption.APPEND);

        RunDetails details = RunDetails.read(file);

        assertEquals(List.of("a"), details.rows().stream().map(RunDetails.Row::key).toList());
        assertEquals(1, details.badLines());
    }

    @Test
    void read_fatalSummary_fatalErrorGiven() {
        Path file = dir.resolve("report.jsonl");
        try (JsonLinesReport report = JsonLinesReport.open(file)) {
            report.summary(null, new JsonLinesReport.Summary(0, 0, 0, 0, 0, 0, 0.1, 0, false, "the bucket dst does not exist", Map.of()));
        }

        assertEquals("the bucket dst does not exist", RunDetails.read(file).fatalError());
    }

    @Test
    void read_missingReport_uncheckedNamingIt() {
        Path file = dir.resolve("gone.jsonl");

        UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> RunDetails.read(file));

        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
    }

    @Test
    void read_reportOf100000Objects_readQuicklyEveryRow() {
        Path file = dir.resolve("big.jsonl");
        try (JsonLinesReport report = JsonLinesReport.open(file)) {
            for (int i = 0; i < 100_000; i++) {
                String key = "photos/2026/" + i + ".jpg";
                if (i % 1000 == 0) {
                    report.object(null, FileOutcome.failed(key, i + ".jpg", i, "refused"), "upload");
                } else {
                    report.object(null, FileOutcome.uploaded(key, i + ".jpg", i, Proof.PART_MD5S, "ok", i, 0, 0, 1, "etag" + i), "upload");
                }
            }
        }

        long start = System.nanoTime();
        RunDetails details = RunDetails.read(file);
        long millis = (System.nanoTime() - start) / 1_000_000;

        assertEquals(100_000, details.rows().size());
        assertEquals(100, details.failures().size());
        assertEquals(99_900, details.verifiedKeys().size());
        assertTrue(millis < 10_000, "read in " + millis + " ms");
    }
}
