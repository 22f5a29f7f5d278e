package dev.uploader.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.uploader.engine.FileOutcome;
import dev.uploader.engine.JobResult;
import dev.uploader.engine.JobTotals;
import dev.uploader.engine.PartLayout;
import dev.uploader.engine.PlannedFile;
import dev.uploader.engine.Proof;
import dev.uploader.engine.SourceEntry;
import dev.uploader.engine.SourceProblem;
import dev.uploader.i18n.LanguageChoice;
import dev.uploader.i18n.Texts;
import dev.uploader.testing.CliRun;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line's printers in both languages: English byte for byte as before, Chinese with no English words left. */
class CliTextsTest {
    private static final Texts ENGLISH = Texts.messages(LanguageChoice.ENGLISH);
    private static final Texts CHINESE = Texts.messages(LanguageChoice.SIMPLIFIED_CHINESE);

    /** ASCII words a Chinese line may keep: technical names, units, options and the app's own name. */
    private static final Set<String> TECHNICAL = Set.of("ETag", "MD5", "MD5s", "Content-MD5", "SSE-KMS", "SSE-C", "ID", "PutObject",
            "B", "KiB", "MiB", "GiB", "s", "clean", "uploader", "nogui", "worker", "SQS", "DLQ", "OK");

    /** The data of the result below: paths, keys and the engine's own (English) words. */
    private static final List<String> DATA = List.of("s3://bucket/prefix", "src/folder", "p/d.bin", "connection reset by peer",
            "p/e.bin", "UPID-1", "the store refused the abort", "report.jsonl", "run.log");

    private static JobResult result() {
        List<FileOutcome> files = List.of(
                FileOutcome.uploaded("p/a.bin", "a.bin", 2048, Proof.PART_MD5S, "verified", 2048, 0, 0, 1, "etag-a"),
                new FileOutcome("p/b.bin", "b.bin", 10L << 20, FileOutcome.Status.UPLOADED, "verified", 5L << 20, 1, 5L << 20, 2,
                        Proof.SOURCE_ETAG),
                FileOutcome.skipped("p/c.bin", "c.bin", 1, "already there"),
                FileOutcome.failed("p/d.bin", null, 3, "connection reset by peer"));
        TreeMap<Proof, Long> proofs = new TreeMap<>();
        proofs.put(Proof.SOURCE_ETAG, 1L);
        proofs.put(Proof.PART_MD5S, 1L);
        JobTotals totals = new JobTotals(2, 1, 1, 2048 + (10L << 20), 1, 1, 5L << 20, proofs, 1, 3, 2);
        return new JobResult(files, totals, Duration.ofMillis(2500), null, true, 7_000_000,
                List.of(new JobResult.LeftUpload("p/e.bin", "UPID-1", "the store refused the abort")));
    }

    private static String printed(Consumer<PrintStream> print) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        print.accept(out);
        return bytes.toString(StandardCharsets.UTF_8).replace(System.lineSeparator(), "\n");
    }

    private static String summary(Texts texts) {
        return printed(out -> new SummaryPrinter(out, texts, false, Path.of("report.jsonl"))
                .print(result(), "src/folder", "s3://bucket/prefix", Path.of("run.log")));
    }

    @Test
    void summary_english_sameBytesAsBeforeTheBundle() {
        assertEquals("""

                Summary: src/folder -> s3://bucket/prefix
                  uploaded: 2 file(s), 10.0 MiB
                    1 file(s) verified: ETag equals the source's
                    1 file(s) verified: every part's MD5 from the source bytes
                  resumed:  1 file(s), 1 part(s) reused, 5.0 MiB not sent again
                  skipped:  1 file(s) already at the destination (same size, and same ETag or written after the source's last change)
                    1 of them compared by size only: no MD5 on both sides to compare content with
                  left out: 3 source entries by the filters, and 2 folder(s) excluded whole (not walked)
                  failed:   1 file(s)
                    - p/d.bin: connection reset by peer
                  sent:     6.7 MiB in 2.5 s (2.7 MiB/s)
                  left:     1 unfinished upload(s) this run made and could not abort (they are billed until aborted: run with --clean, or abort them in the store's console):
                    - p/e.bin (upload UPID-1): the store refused the abort
                  stopped before the end; run again to resume
                  log:      run.log
                NOT COMPLETE: 1 file(s) failed.
                """, summary(ENGLISH));
    }

    @Test
    void summary_chinese_noEnglishWordsButTechnicalOnes() {
        String chinese = summary(CHINESE);

        assertTrue(chinese.contains("汇总：src/folder -> s3://bucket/prefix"), chinese);
        assertTrue(chinese.contains("未完成：1 个文件失败。"), chinese);
        assertEquals(Set.of(), englishWords(chinese));
    }

    @Test
    void summary_proofsInChinese_everyProofHasWords() {
        for (Proof proof : Proof.values()) {
            assertEquals(Set.of(), englishWords(SummaryPrinter.proofWords(CHINESE, proof)), proof.name());
            assertEquals(proof.words(), SummaryPrinter.proofWords(ENGLISH, proof), "English as the engine says it: " + proof);
        }
    }

    private static String plan(Texts texts) {
        return printed(out -> {
            PlanPrinter printer = new PlanPrinter(out, texts);
            printer.header("src/folder", "s3://bucket/prefix");
            printer.planned(new PlannedFile(new SourceEntry("a.bin", 100, 0), "p/a.bin", PlannedFile.Action.UPLOAD, PartLayout.of(100, 5L << 20), null));
            printer.planned(new PlannedFile(new SourceEntry("big.bin", 20L << 20, 0), "p/big.bin", PlannedFile.Action.UPLOAD,
                    PartLayout.of(20L << 20, 8L << 20), null));
            printer.planned(new PlannedFile(new SourceEntry("c.bin", 1, 0), "p/c.bin", PlannedFile.Action.SKIP, null, "already there"));
            printer.planned(new PlannedFile(new SourceEntry("d.bin", 1, 0), "p/d.bin", PlannedFile.Action.REFUSE, null, "key too long"));
            printer.problem(new SourceProblem("e.bin", "permission denied"));
            printer.leftOut(4, 1);
            printer.total(2);
        });
    }

    @Test
    void plan_english_sameBytesAsBeforeTheBundle() {
        assertEquals("""
                Plan (dry run, nothing is written): src/folder -> s3://bucket/prefix
                  upload  a.bin -> p/a.bin  100 B  1 PutObject
                  upload  big.bin -> p/big.bin  20.0 MiB  3 part(s) of 8.0 MiB
                  skip    c.bin -> p/c.bin  1 B  (already there)
                  REFUSED d.bin -> p/d.bin  1 B  (key too long)
                  PROBLEM e.bin: permission denied
                Total: 2 to upload (20.0 MiB), 1 to skip, 1 refused, 1 unreadable; 2 unfinished upload(s) under the prefix; left out by the filters: 4 entries and 1 folder(s) not walked
                """, plan(ENGLISH));
    }

    @Test
    void plan_chinese_actionsAndTotalInChinese() {
        String chinese = plan(CHINESE);

        assertTrue(chinese.contains("  上传    a.bin -> p/a.bin  100 B  1 次 PutObject"), chinese);
        assertTrue(chinese.contains("  跳过    c.bin"), chinese);
        assertTrue(chinese.contains("合计：2 个待上传（20.0 MiB）"), chinese);
        assertEquals(Set.of(), englishWords(chinese.replaceAll("[a-z/]+\\.bin|s3://bucket/prefix|src/folder|already there|key too long"
                + "|permission denied", "")));
    }

    @Test
    void commandLine_languageOption_chineseErrorLine(@TempDir Path home) {
        CliRun run = CliRun.run(home, "--nogui", "--language", "zh-CN", "--clean", "--resume");

        assertEquals(UploadCommand.BAD_CONFIG, run.exitCode, run.toString());
        assertEquals("错误：--clean 和 --resume 不能同时使用\n", run.err.replace(System.lineSeparator(), "\n"));
    }

    @Test
    void commandLine_noLanguageOption_english(@TempDir Path home) {
        CliRun run = CliRun.run(home, "--nogui", "--clean", "--resume");

        assertEquals("error: --clean and --resume cannot be used together\n", run.err.replace(System.lineSeparator(), "\n"));
    }

    @Test
    void languageOption_bothForms_lastWins() {
        assertEquals("zh-CN", CommandLineApp.languageOption(new String[] {"--nogui", "--language", "en", "--language=zh-CN"}));
        assertEquals(null, CommandLineApp.languageOption(new String[] {"--nogui", "--language"}));
    }

    /** The ASCII words of {@code text} that are neither data of the result nor technical tokens. */
    private static Set<String> englishWords(String text) {
        String rest = text;
        for (String data : DATA) {
            rest = rest.replace(data, "");
        }
        Set<String> words = new TreeSet<>();
        Matcher m = Pattern.compile("[A-Za-z][A-Za-z0-9-]*").matcher(rest);
        while (m.find()) {
            if (!TECHNICAL.contains(m.group())) {
                words.add(m.group());
            }
        }
        return words;
    }
}
