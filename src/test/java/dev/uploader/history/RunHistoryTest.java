package dev.uploader.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.uploader.config.JobType;
import dev.uploader.engine.JobTotals;
import dev.uploader.engine.Proof;
import dev.uploader.report.JsonLines;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunHistoryTest {
    private static final Instant T0 = Instant.parse("2026-12-02T10:00:00Z");

    @TempDir
    Path dir;

    static RunRecord run(String id) {
        return new RunRecord(id, T0, T0.plusSeconds(90), RunRecord.Origin.COMMAND_LINE, JobType.LOCAL_TO_S3, "/data/photos",
                "s3://bucket/prefix at http://127.0.0.1:9000", new RunRecord.Totals(3, 2, 1, 300, 0, 0, Map.of(Proof.PART_MD5S.words(), 3L)),
                RunRecord.Outcome.FAILED_FILES, "1 file failed", Path.of("/r/report.jsonl"), Path.of("/r/report.jsonl.failed.txt"),
                Path.of("/l/run.log"), Path.of("/c/s3_upload_config.ini"));
    }

    @Test
    void appendThenList_everyField_roundTripsNewestFirst() {
        RunHistory history = new RunHistory(dir.resolve("missing/folder"));
        TreeMap<Proof, Long> proofs = new TreeMap<>(Map.of(Proof.SOURCE_ETAG, 2L, Proof.PART_MD5S, 5L));
        JobTotals totals = new JobTotals(7, 4, 0, 1000, 1, 3, 2048, proofs, 0, 0, 0);
        RunRecord first = new RunRecord("a", T0, T0.plusSeconds(5), RunRecord.Origin.APP, JobType.S3_TO_S3, "s3://src/in \"quoted\" ü",
                "s3://dst/out at http://127.0.0.1:9000", RunRecord.Totals.of(totals, 999), RunRecord.Outcome.OK, null, null, null, null, null);
        RunRecord second = run("b");

        history.append(first);
        history.append(second);

        List<RunRecord> listed = history.list();
        assertEquals(List.of(second, first), listed);
        RunRecord back = listed.get(1);
        assertEquals("ok", back.outcomeWords());
        assertEquals(999, back.totals().bytesSent());
        assertEquals(2048, back.totals().bytesReused());
        assertEquals(3, back.totals().partsReused());
        assertEquals(List.of(Proof.SOURCE_ETAG.words(), Proof.PART_MD5S.words()), List.copyOf(back.totals().proofs().keySet()),
                "strongest proof first, keyed by its words");
        assertNull(back.report());
        assertEquals(Path.of("/c/s3_upload_config.ini"), listed.get(0).config());
    }

    @Test
    void list_noHistoryYet_empty() {
        assertEquals(List.of(), new RunHistory(dir).list());
    }

    @Test
    void list_tornLastLine_passedOverAndTheRestReads() throws IOException {
        RunHistory history = new RunHistory(dir);
        history.append(run("a"));
        history.append(run("b"));
        byte[] third = JsonLines.line(RunRecordFields.of(run("c")));
        Files.write(history.file(), java.util.Arrays.copyOf(third, third.length / 2), StandardOpenOption.APPEND);

        assertEquals(List.of("b", "a"), ids(history.list()));
    }

    @Test
    void append_afterATornLastLine_newRecordOnALineOfItsOwn() throws IOException {
        RunHistory history = new RunHistory(dir);
        history.append(run("a"));
        Files.write(history.file(), "{\"id\":\"cut".getBytes(StandardCharsets.UTF_8), StandardOpenOption.APPEND);

        history.append(run("b"));

        assertEquals(List.of("b", "a"), ids(history.list()));
        assertEquals(3, Files.readAllLines(history.file()).size(), "the torn line is ended, then passed over");
    }

    @Test
    void list_unknownFieldsAndBadLines_unknownFieldsIgnoredBadLinesSkipped() throws IOException {
        RunHistory history = new RunHistory(dir);
        history.append(run("a"));
        Map<String, Object> later = new LinkedHashMap<>(RunRecordFields.of(run("later")));
        later.put("addedInVersion9", Map.of("nested", List.of(1, 2)));
        later.put("speed", 12.5);
        Map<String, Object> unknownOutcome = new LinkedHashMap<>(RunRecordFields.of(run("unknown-outcome")));
        unknownOutcome.put("outcome", "PARTLY");
        Map<String, Object> noId = new LinkedHashMap<>(RunRecordFields.of(run("x")));
        noId.remove("id");
        Files.write(history.file(), JsonLines.line(later), StandardOpenOption.APPEND);
        Files.write(history.file(), "not json at all\n[1,2]\n\n".getBytes(StandardCharsets.UTF_8), StandardOpenOption.APPEND);
        Files.write(history.file(), JsonLines.line(unknownOutcome), StandardOpenOption.APPEND);
        Files.write(history.file(), JsonLines.line(noId), StandardOpenOption.APPEND);
        history.append(run("z"));

        assertEquals(List.of("z", "later", "a"), ids(history.list()));
    }

    @Test
    void append_beyondTheLimit_oldestTrimmedNewestKept() throws IOException {
        RunHistory history = new RunHistory(dir, 5);
        for (int i = 0; i < 12; i++) {
            history.append(run("r" + i));
        }

        assertEquals(List.of("r11", "r10", "r9", "r8", "r7"), ids(history.list()));
        assertEquals(5, Files.readAllLines(history.file()).size());
        try (var left = Files.list(dir)) {
            assertEquals(Set.of(RunHistory.FILE_NAME, RunHistory.LOCK_NAME),
                    left.map(p -> p.getFileName().toString()).collect(java.util.stream.Collectors.toSet()), "no temporary file left");
        }
    }

    @Test
    void append_eightThreadsAtOnce_everyLineWholeAndEveryRunKept() throws Exception {
        RunHistory history = new RunHistory(dir);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    go.await();
                    for (int i = 0; i < 40; i++) {
                        history.append(run("t" + thread + "-" + i));
                    }
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> f : done) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        List<RunRecord> listed = history.list();
        assertEquals(320, listed.size());
        assertEquals(320, new HashSet<>(ids(listed)).size());
        assertEquals(320, Files.readAllLines(history.file()).size(), "no line torn, none merged");
    }

    @Test
    void append_whileAnotherProcessHoldsTheLock_waitsForIt() throws Exception {
        RunHistory history = new RunHistory(dir);
        history.append(run("before"));
        Process other = javaProcess(RunHistoryAppendProcess.class, dir.toString(), "1", "other", "1000");
        // the lock the other process needs is held here, as a CLI run would hold it while appending
        try (FileChannel lockChannel = FileChannel.open(dir.resolve(RunHistory.LOCK_NAME), StandardOpenOption.WRITE);
             FileLock held = lockChannel.lock()) {
            Thread.sleep(1500);
            assertTrue(other.isAlive(), "the other process waits for the lock");
            assertEquals(List.of("before"), ids(history.list()));
        }
        assertTrue(other.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, other.exitValue(), () -> output(other));
        assertEquals(List.of("other-0", "before"), ids(history.list()));
    }

    @Test
    void append_twoProcessesAndThreadsAtOnceWithTrimming_everyLineWholeNewestKept() throws Exception {
        RunHistory history = new RunHistory(dir, 150);
        Process other = javaProcess(RunHistoryAppendProcess.class, dir.toString(), "200", "other", "150");
        try {
            ExecutorService pool = Executors.newFixedThreadPool(2);
            try {
                List<Future<?>> done = new ArrayList<>();
                for (int t = 0; t < 2; t++) {
                    int thread = t;
                    done.add(pool.submit(() -> {
                        for (int i = 0; i < 100; i++) {
                            history.append(run("here" + thread + "-" + i));
                        }
                        return null;
                    }));
                }
                for (Future<?> f : done) {
                    f.get(120, TimeUnit.SECONDS);
                }
            } finally {
                pool.shutdownNow();
            }
            assertTrue(other.waitFor(120, TimeUnit.SECONDS));
            assertEquals(0, other.exitValue(), () -> output(other));
        } finally {
            other.destroyForcibly();
        }
        List<String> lines = Files.readAllLines(history.file());
        assertEquals(150, lines.size());
        for (String line : lines) {
            assertTrue(line.startsWith("{\"id\":") && line.endsWith("}"), line);
        }
        List<RunRecord> listed = history.list();
        assertEquals(150, listed.size());
        assertTrue(ids(listed).contains("other-199") || ids(listed).contains("here0-99"), "the newest are kept");
    }

    @Test
    void append_folderIsAFile_uncheckedNamingTheHistory() throws IOException {
        Path notAFolder = Files.writeString(dir.resolve("file"), "x");

        UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> new RunHistory(notAFolder).append(run("a")));

        assertTrue(e.getMessage().contains(notAFolder.resolve(RunHistory.FILE_NAME).toString()), e.getMessage());
    }

    @Test
    void append_fromAnInterruptedThread_writtenAndTheFlagKept() {
        RunHistory history = new RunHistory(dir);
        Thread.currentThread().interrupt();
        try {
            history.append(run("a"));
            assertTrue(Thread.currentThread().isInterrupted());
        } finally {
            Thread.interrupted();
        }
        assertEquals(List.of("a"), ids(history.list()));
    }

    private static List<String> ids(List<RunRecord> runs) {
        return runs.stream().map(RunRecord::id).toList();
    }

    private Process javaProcess(Class<?> main, String... args) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String surefire = System.getProperty("surefire.test.class.path");
        String classPath = surefire != null && !surefire.isBlank() ? surefire : System.getProperty("java.class.path");
        List<String> command = new ArrayList<>(List.of(java, "-Xmx64m", "-cp", classPath, main.getName()));
        command.addAll(List.of(args));
        File output = dir.resolve("process.txt").toFile();
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output).start();
    }

    private String output(Process p) {
        try {
            return Files.readString(dir.resolve("process.txt"));
        } catch (IOException e) {
            return "(no output: " + e.getMessage() + ")";
        }
    }
}
