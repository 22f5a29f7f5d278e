package dev.uploader.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.uploader.config.ConfigException;
import dev.uploader.engine.FileOutcome;
import dev.uploader.engine.Proof;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonLinesReportTest {
    private static final Instant NOW = Instant.parse("2026-12-02T13:51:46.123Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    @TempDir
    Path dir;

    @Test
    void open_missingFolders_createsEmptyReportAndFailuresListNextToIt() throws IOException {
        Path file = dir.resolve("a/b/report.jsonl");
        try (JsonLinesReport report = JsonLinesReport.open(file)) {
            assertEquals(file, report.file());
            assertEquals(dir.resolve("a/b/report.jsonl.failed.txt"), report.failuresFile());
            assertEquals(report.failuresFile(), JsonLinesReport.failuresFile(file));
            assertEquals(0, Files.size(file));
            assertEquals(0, Files.size(report.failuresFile()));
        }
    }

    @Test
    void open_existingFiles_truncated() throws IOException {
        Path file = dir.resolve("report.jsonl");
        Files.writeString(file, "old\n");
        Files.writeString(JsonLinesReport.failuresFile(file), "old/path\n");
        try (JsonLinesReport report = JsonLinesReport.open(file)) {
            assertEquals(0, Files.size(file));
            assertEquals(0, Files.size(report.failuresFile()));
        }
    }

    @Test
    void open_fileInTheWayOfTheFolder_oneLineNamingThePathAndWhy() throws IOException {
        Files.writeString(dir.resolve("plain"), "a file");
        Path file = dir.resolve("plain/report.jsonl");
        ConfigException e = assertThrows(ConfigException.class, () -> JsonLinesReport.open(file));
        assertOneLineWithoutClassNames(e.getMessage());
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("in the way"), e.getMessage());
    }

    @Test
    void open_reportIsAFolder_oneLineNamingThePath() throws IOException {
        Path file = Files.createDirectory(dir.resolve("report.jsonl"));
        ConfigException e = assertThrows(ConfigException.class, () -> JsonLinesReport.open(file));
        assertOneLineWithoutClassNames(e.getMessage());
        assertTrue(e.getMessage().contains(file.toString()) && e.getMessage().contains("folder"), e.getMessage());
    }

    @Test
    void open_failuresListNotWritable_oneLineNamingIt() throws IOException {
        Path file = dir.resolve("report.jsonl");
        Files.createDirectory(JsonLinesReport.failuresFile(file));
        ConfigException e = assertThrows(ConfigException.class, () -> JsonLinesReport.open(file));
        assertOneLineWithoutClassNames(e.getMessage());
        assertTrue(e.getMessage().contains(JsonLinesReport.failuresFile(file).toString()), e.getMessage());
    }

    @Test
    void object_uploadedOutcome_everyFieldRoundTrips() {
        Path file = dir.resolve("report.jsonl");
        try (JsonLinesReport report = JsonLinesReport.open(file, CLOCK)) {
            report.object("photos", new FileOutcome("k/a.jpg", "a.jpg", 1234, FileOutcome.Status.UPLOADED, "every part's MD5, ETag \"x-2\"",
                    1000, 1, 234, 2, Proof.PART_MD5S, "\"abc-2\""), "UPLOAD");
        }
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("type", "object");
        expected.put("pair", "photos");
        expected.put("key", "k/a.jpg");
        expected.put("source", "a.jpg");
        expected.put("size", 1234L);
        expected.put("action", "upload");
        expected.put("outcome", "uploaded");
        expected.put("bytesSent", 1000L);
        expected.put("partsReused", 1L);
        expected.put("bytesReused", 234L);
        expected.put("parts", 2L);
        expected.put("proof", "PART_MD5S");
        expected.put("proven", Proof.PART_MD5S.words());
        expected.put("etag", "\"abc-2\"");
        expected.put("detail", "every part's MD5, ETag \"x-2\"");
        expected.put("time", "2026-12-02T13:51:46.123Z");
        assertEquals(List.of(expected), JsonLinesReport.read(file));
    }

    @Test
    void object_failedOutcome_lineAndFailuresListWritten() throws IOException {
        Path file = dir.resolve("report.jsonl");
        try (JsonLinesReport report = JsonLinesReport.open(file, CLOCK)) {
            report.object(null, FileOutcome.failed("k/b.bin", "sub/b.bin", 77, "read error: gone"), "upload");
        }
        Map<String, Object> line = JsonLinesReport.read(file).get(0);
        assertEquals("failed", line.get("outcome"));
        assertEquals("read error: gone", line.get("error"));
        assertFalse(line.containsKey("detail"));
        assertFalse(line.containsKey("pair"));
        assertFalse(line.containsKey("proof"));
        assertFalse(line.containsKey("proven"));
        assertFalse(line.containsKey("etag"));
        assertEquals("sub/b.bin", line.get("source"));
        assertEquals(77L, line.get("size"));
        assertEquals("sub/b.bin\n", Files.readString(JsonLinesReport.failuresFile(file)));
    }

    @Test
    void object_skippedOutcome_detailWithoutProofAndNotListed() throws IOException {
        Path file = dir.resolve("report.jsonl");
        try (JsonLinesReport report = JsonLinesReport.open(file, CLOCK)) {
            report.object("p", FileOutcome.skipped("k", "s", 5, "already there, same size and ETag"), "skip");
            report.object("p", FileOutcome.skipped("k2", "s2", 5, "why"), null);
        }
        List<Map<String, Object>> lines = JsonLinesReport.read(file);
        assertEquals("skipped", lines.get(0).get("outcome"));
        assertEquals("skip", lines.get(0).get("action"));
        assertEquals("already there, same size and ETag", lines.get(0).get("detail"));
        assertFalse(lines.get(0).containsKey("error"));
        assertFalse(lines.get(0).containsKey("proof"));
        assertFalse(lines.get(1).containsKey("action"));
        assertEquals(0, Files.size(JsonLinesReport.failuresFile(file)));
    }

    @Test
    void object_awkwardKeys_roundTripExactly() throws IOException {
        List<String> keys = List.of("quote\"in\"key", "back\\slash\\", "C:\\dir\\file.txt", "unicode é ü 日本 🎉", "nul\u0000byte",
                "controls\u0001\u001f\u007f", "tab\tand\nnewline\rreturn", "\u2028line sep\u2029", "{\"json\":\"inside\"}\n", "");
        Path file = dir.resolve("report.jsonl");
        try (JsonLinesReport report = JsonLinesReport.open(file, CLOCK)) {
            for (String key : keys) {
                report.object(key, FileOutcome.failed(key, key, 1, key), "upload");
            }
        }
        List<Map<String, Object>> lines = JsonLinesReport.read(file);
        assertEquals(keys.size(), lines.size());
        for (int i = 0; i < keys.size(); i++) {
            assertEquals(keys.get(i), lines.get(i).get("key"));
            assertEquals(keys.get(i), lines.get(i).get("pair"));
            assertEquals(keys.get(i), lines.get(i).get("source"));
            assertEquals(keys.get(i), lines.get(i).get("error"));
        }
        // one record, one line: the line breaks inside keys are escaped
        assertEquals(keys.size(), Files.readAllLines(file).size());
    }

    @Test
    void object_loneSurrogate_writtenAsReplacementCharacter() {
        Path file = dir.resolve("report.jsonl");
        try (JsonLinesReport report = JsonLinesReport.open(file, CLOCK)) {
            report.object(null, FileOutcome.skipped("a\uD800b", "x\uDC00", 1, "ok"), "skip");
            report.object(null, FileOutcome.skipped("ok", "ok", 1, "ok"), "skip");
        }
        List<Map<String, Object>> lines = JsonLinesReport.read(file);
        assertEquals("a\uFFFDb", lines.get(0).get("key"));
        assertEquals("x\uFFFD", lines.get(0).get("source"));
        assertEquals(2, lines.size());
    }

    @Test
    void failuresList_mixedOutcomes_holdsExactlyTheFailedPathsInOrder() throws IOException {
        Path file = dir.resolve("report.jsonl");
        try (JsonLinesReport report = JsonLinesReport.open(file, CLOCK)) {
            report.object(null, FileOutcome.uploaded("k1", "up.txt", 1, Proof.SOURCE_ETAG, "ok", 1, 0, 0, 1, "\"e\""), "upload");
            report.object(null, FileOutcome.failed("k2", "dir/fail one.txt", 1, "x"), "upload");
            report.object(null, FileOutcome.skipped("k3", "skip.txt", 1, "same"), "skip");
            report.object(null, FileOutcome.failed("k4", "new\nline.txt", 1, "x"), "upload");
            report.object(null, FileOutcome.failed("k5", "lone\uD800.txt", 1, "x"), "upload");
            report.object(null, FileOutcome.failed("k6", "日本/é.txt", 1, "x"), "refuse");
            report.problem(null, "unreadable/dir", "permission denied");
            report.problem(null, null, "listing stopped");
            report.object(null, FileOutcome.failed("k7", null, 1, "x"), "upload");
        }
        assertEquals(List.of("dir/fail one.txt", "日本/é.txt", "unreadable/dir"),
                Files.readAllLines(JsonLinesReport.failuresFile(file), StandardCharsets.UTF_8));
        // every failure is still in the report, the unlistable ones included
        assertEquals(7, JsonLinesReport.read(file).stream().filter(r -> "failed".equals(r.get("outcome"))).count());
    }

    @Test
    void problem_unreadableEntry_failedRecordWithoutKey() {
        Path file = dir.resolve("report.jsonl");
        try (JsonLinesReport report = JsonLinesReport.open(file, CLOCK)) {
            report.problem("docs", "a/b", "permission denied");
        }
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("type", "object");
        expected.put("pair", "docs");
        expected.put("source", "a/b");
        expected.put("outcome", "failed");
        expected.put("error", "permission denied");
        expected.put("time", "2026-12-02T13:51:46.123Z");
        assertEquals(List.of(expected), JsonLinesReport.read(file));
    }

    @Test
    void summary_wholeJob_everyFieldRoundTrips() {
        Path file = dir.resolve("report.jsonl");
        Map<Proof, Long> proofs = new LinkedHashMap<>();
        proofs.put(Proof.SIZE_ONLY, 2L);
        proofs.put(Proof.SOURCE_ETAG, 5L);
        try (JsonLinesReport report = JsonLinesReport.open(file, CLOCK)) {
            report.summary(null, new JsonLinesReport.Summary(7, 3, 1, 9000, 100, 2, 12.5, 4, true, "bucket gone", proofs));
            report.summary("p1", new JsonLinesReport.Summary(0, 0, 0, 0, 0, 0, 0.25, 0, false, null, null));
        }
        List<Map<String, Object>> lines = JsonLinesReport.read(file);
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("type", "summary");
        expected.put("uploaded", 7L);
        expected.put("skipped", 3L);
        expected.put("failed", 1L);
        expected.put("bytesSent", 9000L);
        expected.put("bytesReused", 100L);
        expected.put("partsReused", 2L);
        expected.put("elapsedSeconds", 12.5);
        expected.put("comparedBySizeOnly", 4L);
        expected.put("stoppedByUser", true);
        expected.put("fatalError", "bucket gone");
        Map<String, Object> expectedProofs = new LinkedHashMap<>();
        expectedProofs.put("SOURCE_ETAG", 5L);
        expectedProofs.put("SIZE_ONLY", 2L);
        expected.put("proofs", expectedProofs);
        expected.put("failuresList", JsonLinesReport.failuresFile(file).toString());
        expected.put("time", "2026-12-02T13:51:46.123Z");
        assertEquals(expected, lines.get(0));
        // strongest proof first, whatever order the caller's map had
        assertEquals(List.of("SOURCE_ETAG", "SIZE_ONLY"), new ArrayList<>(((Map<?, ?>) lines.get(0).get("proofs")).keySet()));

        assertEquals("p1", lines.get(1).get("pair"));
        assertTrue(lines.get(1).containsKey("fatalError"));
        assertNull(lines.get(1).get("fatalError"));
        assertEquals(Map.of(), lines.get(1).get("proofs"));
        assertEquals(false, lines.get(1).get("stoppedByUser"));
    }

    @Test
    void summary_proofsMap_copiedAndUnmodifiable() {
        Map<Proof, Long> proofs = new EnumMap<>(Proof.class);
        proofs.put(Proof.COPIED, 1L);
        JsonLinesReport.Summary s = new JsonLinesReport.Summary(0, 0, 0, 0, 0, 0, 0, 0, false, null, proofs);
        proofs.put(Proof.SIZE_ONLY, 1L);
        assertEquals(Map.of(Proof.COPIED, 1L), s.proofs());
        assertThrows(UnsupportedOperationException.class, () -> s.proofs().put(Proof.SIZE_ONLY, 2L));
    }

    @Test
    void read_lastLineCut_readsUpToTheLastCompleteLine() throws IOException {
        Path file = dir.resolve("report.jsonl");
        try (JsonLinesReport report = JsonLinesReport.open(file, CLOCK)) {
            for (int i = 0; i < 3; i++) {
                report.object(null, FileOutcome.skipped("k" + i, "s" + i, i, "same"), "skip");
            }
        }
        String whole = Files.readString(file);
        String firstLine = whole.substring(0, whole.indexOf('\n') + 1);
        Files.writeString(file, firstLine.substring(0, firstLine.length() / 2), StandardOpenOption.APPEND);
        List<Map<String, Object>> lines = JsonLinesReport.read(file);
        assertEquals(3, lines.size());
        assertEquals("k2", lines.get(2).get("key"));
    }

    @Test
    void read_emptyFileAndBlankLines_noRecords() throws IOException {
        Path file = Files.writeString(dir.resolve("r.jsonl"), "\n  \n\r\n");
        assertEquals(List.of(), JsonLinesReport.read(file));
        assertEquals(List.of(), JsonLinesReport.read(Files.writeString(dir.resolve("e.jsonl"), "")));
    }

    @Test
    void read_malformedCompleteLine_throwsNamingFileAndLine() throws IOException {
        Path file = dir.resolve("report.jsonl");
        for (String bad : List.of("{\"a\":1,}", "{\"a\":", "[1,2]", "{\"a\":1} {\"b\":2}", "not json", "{\"a\":1}x")) {
            Files.writeString(file, "{\"ok\":true}\n" + bad + "\n{\"ok\":true}\n");
            UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> JsonLinesReport.read(file), bad);
            assertTrue(e.getMessage().contains(file.toString()) && e.getMessage().contains("line 2"), e.getMessage());
            assertOneLineWithoutClassNames(e.getMessage());
        }
    }

    @Test
    void read_missingFile_throwsNamingIt() {
        Path file = dir.resolve("nothing.jsonl");
        UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> JsonLinesReport.read(file));
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
        assertOneLineWithoutClassNames(e.getMessage());
    }

    @Test
    void read_nestedValuesAndNumbers_typedAsDocumented() throws IOException {
        Path file = Files.writeString(dir.resolve("r.jsonl"),
                "{\"l\":9223372036854775807,\"big\":9223372036854775808,\"d\":1.5e3,\"n\":null,\"a\":[1,\"x\",{\"y\":false}]}\n");
        Map<String, Object> r = JsonLinesReport.read(file).get(0);
        assertEquals(Long.MAX_VALUE, r.get("l"));
        assertEquals(new java.math.BigInteger("9223372036854775808"), r.get("big"));
        assertEquals(1500.0, r.get("d"));
        assertTrue(r.containsKey("n"));
        assertEquals(List.of(1L, "x", Map.of("y", false)), r.get("a"));
    }

    @Test
    void write_streamFails_recordedAndNeverThrownThenWritingStops() throws IOException {
        AtomicInteger writes = new AtomicInteger();
        OutputStream failing = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                writes.incrementAndGet();
                throw new IOException("No space left on device");
            }
        };
        ByteArrayOutputStream failures = new ByteArrayOutputStream();
        JsonLinesReport report = new JsonLinesReport(dir.resolve("r.jsonl"), failing, dir.resolve("r.jsonl.failed.txt"), failures, CLOCK);
        assertNull(report.writeFailure());
        report.object(null, FileOutcome.failed("k", "s", 1, "x"), "upload");
        report.object(null, FileOutcome.failed("k", "s", 1, "x"), "upload");
        report.problem(null, "p", "why");
        report.summary(null, new JsonLinesReport.Summary(0, 0, 0, 0, 0, 0, 0, 0, false, null, Map.of()));
        report.close();
        assertEquals(1, writes.get());
        assertEquals(0, failures.size());
        assertEquals("cannot write the report " + dir.resolve("r.jsonl") + ": No space left on device", report.writeFailure());
    }

    @Test
    void write_diskFull_recordedFromTheRealError() throws IOException {
        File full = new File("/dev/full");
        assumeTrue(full.exists() && full.canWrite(), "no /dev/full here");
        Path file = dir.resolve("r.jsonl");
        try (JsonLinesReport report = new JsonLinesReport(file, new FileOutputStream(full), dir.resolve("f"), new ByteArrayOutputStream(), CLOCK)) {
            report.object(null, FileOutcome.skipped("k", "s", 1, "x"), "skip");
            report.object(null, FileOutcome.skipped("k", "s", 1, "x"), "skip");
            String failure = report.writeFailure();
            assertTrue(failure != null && failure.startsWith("cannot write the report " + file + ": "), failure);
            assertOneLineWithoutClassNames(failure);
        }
    }

    @Test
    void write_failuresListFails_recordedAndReportStops() {
        OutputStream failing = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw new IOException("Read-only file system");
            }
        };
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Path failuresFile = dir.resolve("r.jsonl.failed.txt");
        JsonLinesReport report = new JsonLinesReport(dir.resolve("r.jsonl"), out, failuresFile, failing, CLOCK);
        report.object(null, FileOutcome.failed("k", "s", 1, "x"), "upload");
        int written = out.size();
        report.object(null, FileOutcome.skipped("k", "s", 1, "x"), "skip");
        report.close();
        assertEquals("cannot write the failures list " + failuresFile + ": Read-only file system", report.writeFailure());
        assertEquals(written, out.size());
    }

    @Test
    void close_twiceAndWritesAfterwards_doNothingAndThrowNothing() throws IOException {
        Path file = dir.resolve("report.jsonl");
        JsonLinesReport report = JsonLinesReport.open(file, CLOCK);
        report.object(null, FileOutcome.failed("k", "s", 1, "x"), "upload");
        report.close();
        report.close();
        report.object(null, FileOutcome.failed("k2", "s2", 1, "x"), "upload");
        report.problem(null, "p", "why");
        report.summary(null, new JsonLinesReport.Summary(0, 0, 0, 0, 0, 0, 0, 0, false, null, Map.of()));
        assertNull(report.writeFailure());
        assertEquals(1, JsonLinesReport.read(file).size());
        assertEquals("s\n", Files.readString(report.failuresFile()));
    }

    @Test
    void object_fromAnInterruptedThread_writtenAndTheReportStaysOpen() throws Exception {
        Path file = dir.resolve("report.jsonl");
        try (JsonLinesReport report = JsonLinesReport.open(file, CLOCK)) {
            Thread worker = new Thread(() -> {
                Thread.currentThread().interrupt();
                report.object(null, FileOutcome.failed("k1", "s1", 1, "stopped"), "upload");
            });
            worker.start();
            worker.join();
            report.object(null, FileOutcome.failed("k2", "s2", 1, "x"), "upload");
            assertNull(report.writeFailure());
        }
        assertEquals(2, JsonLinesReport.read(file).size());
        assertEquals(List.of("s1", "s2"), Files.readAllLines(JsonLinesReport.failuresFile(file)));
    }

    @Test
    void object_eightThreadsAtOnce_everyLineWholeAndValid() throws Exception {
        int threads = 8;
        int each = 500;
        Path file = dir.resolve("report.jsonl");
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<String> failed = new ArrayList<>();
        try (JsonLinesReport report = JsonLinesReport.open(file)) {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < each; i++) {
                        String path = "t" + thread + "/" + i + "/" + "y".repeat(i % 200);
                        FileOutcome outcome = i % 10 == 0 ? FileOutcome.failed(path, path, i, "x")
                                : FileOutcome.uploaded(path, path, i, Proof.WHOLE_MD5, "ok", i, 0, 0, 1, "\"e\"");
                        report.object("pair" + thread, outcome, "upload");
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : done) {
                f.get(30, TimeUnit.SECONDS);
            }
            assertNull(report.writeFailure());
            report.close();
            // each pair's failures go to a list of its own (its paths are relative to its own source)
            for (int t = 0; t < threads; t++) {
                failed.addAll(Files.readAllLines(report.failuresFile("pair" + t)));
            }
        } finally {
            pool.shutdownNow();
        }
        List<Map<String, Object>> lines = JsonLinesReport.read(file);
        assertEquals(threads * each, lines.size());
        assertEquals(threads * each, lines.stream().map(r -> r.get("key")).distinct().count());
        assertEquals(List.of(), Files.readAllLines(JsonLinesReport.failuresFile(file)));
        assertEquals(threads * each / 10, failed.size());
        assertTrue(failed.stream().allMatch(p -> p.matches("t[0-7]/\\d*0/y*")), failed.toString());
    }

    @Test
    void open_writerKilledWithSigkill_everyCompleteLineReads() throws Exception {
        Path file = dir.resolve("killed/report.jsonl");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path output = dir.resolve("writer.out");
        Process writer = new ProcessBuilder(java, "-Xmx64m", "-cp", classPath(), JsonLinesReportWriterProcess.class.getName(), file.toString())
                .redirectErrorStream(true).redirectOutput(output.toFile()).start();
        try {
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (!(Files.exists(file) && Files.size(file) > 0)) {
                assertTrue(writer.isAlive(), () -> "the writer ended: " + readQuietly(output));
                assertTrue(System.nanoTime() < deadline, "the writer wrote nothing in 30 s");
                Thread.sleep(10);
            }
            Thread.sleep(300);
            assertTrue(writer.isAlive(), () -> "the writer ended: " + readQuietly(output));
        } finally {
            writer.destroyForcibly();
            assertTrue(writer.waitFor(30, TimeUnit.SECONDS));
        }
        assertFalse(writer.isAlive());
        List<Map<String, Object>> lines = JsonLinesReport.read(file);
        assertTrue(lines.size() >= 1);
        long complete = Files.readString(file).chars().filter(c -> c == '\n').count();
        assertEquals(complete, lines.size());
        for (int i = 0; i < lines.size(); i++) {
            assertTrue(((String) lines.get(i).get("key")).startsWith("folder/" + i + "-"), "line " + (i + 1));
        }
        // the failures list holds every third path, each whole, up to where it was killed
        List<String> failed = Files.readAllLines(JsonLinesReport.failuresFile(file));
        for (int i = 0; i < failed.size() - 1; i++) {
            assertEquals("src/" + (3 * i), failed.get(i));
        }
    }

    private static String classPath() {
        String surefire = System.getProperty("surefire.test.class.path");
        return surefire != null && !surefire.isBlank() ? surefire : System.getProperty("java.class.path");
    }

    private static String readQuietly(Path output) {
        try {
            return Files.readString(output);
        } catch (IOException e) {
            return "(no output)";
        }
    }

    private static void assertOneLineWithoutClassNames(String message) {
        assertFalse(message.contains("\n"), message);
        assertFalse(message.contains("Exception"), message);
        assertFalse(message.contains("java."), message);
    }

    @org.junit.jupiter.api.Test
    void claimRunFile_manyRunsStartingAtOnce_eachGetsItsOwnFile(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        try {
            java.util.List<java.util.concurrent.Future<java.nio.file.Path>> claims = new java.util.ArrayList<>();
            for (int i = 0; i < 40; i++) {
                claims.add(pool.submit(() -> JsonLinesReport.claimRunFile(dir.resolve("reports"))));
            }
            java.util.Set<java.nio.file.Path> files = new java.util.HashSet<>();
            for (java.util.concurrent.Future<java.nio.file.Path> c : claims) {
                files.add(c.get());
            }
            org.junit.jupiter.api.Assertions.assertEquals(40, files.size());
            org.junit.jupiter.api.Assertions.assertTrue(files.stream().allMatch(f -> f.getFileName().toString().matches("run-\\d{8}-\\d{6}(-\\d+)?\\.jsonl")),
                    files.toString());
        } finally {
            pool.shutdownNow();
        }
    }
}
