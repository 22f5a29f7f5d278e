package dev.uploader.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.uploader.report.JsonLinesReport;
import dev.uploader.testing.CliRun;
import dev.uploader.testing.InMemoryServerTest;
import dev.uploader.testing.TestConfig;
import dev.uploader.testing.TestFiles;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/** Filters, --checksum, --files-from, --report and bucket pairs, through the command line against a real S3Proxy. */
class ChoosingWhatMovesTest extends InMemoryServerTest {

    private static Set<String> keys(String bucket) {
        try (S3Client s3 = server.client()) {
            return s3.listObjectsV2Paginator(b -> b.bucket(bucket)).contents().stream().map(S3Object::key)
                    .collect(Collectors.toCollection(TreeSet::new));
        }
    }

    @Test
    void filters_includeExcludeFilterFileSizeAndAge_onlyTheChosenObjectsMoveAndTheSummarySaysHowManyWereLeftOut() throws Exception {
        server.createBucket("filters");
        Path src = home.resolve("filters-src");
        TestFiles.write(src.resolve("a.jpg"), 2000, 1);
        TestFiles.write(src.resolve("deep/b.jpg"), 3000, 2);
        TestFiles.write(src.resolve("deep/tiny.jpg"), 10, 3);
        TestFiles.write(src.resolve("deep/c.txt"), 2000, 4);
        TestFiles.write(src.resolve("node_modules/x.jpg"), 2000, 5);
        TestFiles.write(src.resolve("cache/y.jpg"), 2000, 6);
        Path old = TestFiles.write(src.resolve("old.jpg"), 2000, 7);
        Files.setLastModifiedTime(old, FileTime.from(Instant.now().minus(30, ChronoUnit.DAYS)));
        Path rules = Files.writeString(home.resolve("filters.rules"), "# sync tool's ignore list\nnode_modules/\n\n- cache/**\n");
        Path config = new TestConfig(server.endpoint(), "filters", "f", src).write(home.resolve("filters.ini"));

        CliRun run = CliRun.run(home, "--nogui", "--config", config.toString(), "--include", "**/*.jpg", "--exclude", "*.txt",
                "--filter-from", rules.toString(), "--min-size", "1K", "--newer-than", "7d");

        assertEquals(0, run.exitCode, run.toString());
        assertEquals(Set.of("f/a.jpg", "f/deep/b.jpg"), keys("filters"));
        assertTrue(run.out.contains("left out: 3 source entries by the filters, and 2 folder(s) excluded whole (not walked)"), run.out);
        assertTrue(run.out.contains("filters: include **/*.jpg"), run.out);

        CliRun plan = CliRun.run(home, "--nogui", "--config", config.toString(), "--include", "**/*.jpg", "--exclude", "*.txt",
                "--filter-from", rules.toString(), "--min-size", "1K", "--newer-than", "7d", "--dry-run");
        assertEquals(0, plan.exitCode, plan.toString());
        assertTrue(plan.out.contains("left out by the filters: 3 entries and 2 folder(s) not walked"), plan.out);
    }

    @Test
    void filters_badPatternOrTime_oneLineErrorAndExitTwo() throws Exception {
        Path src = Files.createDirectories(home.resolve("bad-filter-src"));
        Path config = new TestConfig(server.endpoint(), "nothing", "", src).write(home.resolve("bad-filter.ini"));

        CliRun glob = CliRun.run(home, "--nogui", "--config", config.toString(), "--include", "[abc");
        CliRun time = CliRun.run(home, "--nogui", "--config", config.toString(), "--newer-than", "last tuesday");

        assertEquals(2, glob.exitCode, glob.toString());
        assertTrue(glob.err.contains("--include"), glob.err);
        assertEquals(2, time.exitCode, time.toString());
        assertTrue(time.err.contains("--newer-than") && time.err.contains("7d"), time.err);
        assertFalse(glob.err.contains("Exception") || time.err.contains("Exception"));
    }

    @Test
    void checksum_objectNewerButOtherContent_sentOnlyWithChecksum() throws Exception {
        server.createBucket("checksum");
        Path src = home.resolve("checksum-src");
        Path file = TestFiles.write(src.resolve("data.bin"), 4000, 11);
        Path same = TestFiles.write(src.resolve("same.bin"), 3000, 12);
        byte[] wrong = Files.readAllBytes(file);
        wrong[100] ^= 1;
        try (S3Client s3 = server.client()) {
            // same size, written after the file's change: the time rule skips it although its bytes differ
            s3.putObject(b -> b.bucket("checksum").key("c/data.bin"), RequestBody.fromBytes(wrong));
            s3.putObject(b -> b.bucket("checksum").key("c/same.bin"), RequestBody.fromBytes(Files.readAllBytes(same)));
        }
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().minus(1, ChronoUnit.DAYS)));
        Files.setLastModifiedTime(same, FileTime.from(Instant.now().minus(1, ChronoUnit.DAYS)));
        Path config = new TestConfig(server.endpoint(), "checksum", "c", src).write(home.resolve("checksum.ini"));

        CliRun byTime = CliRun.run(home, "--nogui", "--config", config.toString());
        assertEquals(0, byTime.exitCode, byTime.toString());
        assertTrue(byTime.out.contains("skipped:  2 file(s)"), byTime.out);

        CliRun byContent = CliRun.run(home, "--nogui", "--config", config.toString(), "--checksum");

        assertEquals(0, byContent.exitCode, byContent.toString());
        assertTrue(byContent.out.contains("uploaded: 1 file(s)"), byContent.out);
        assertTrue(byContent.out.contains("skipped:  1 file(s) already at the destination (same size and same content)"), byContent.out);
        try (S3Client s3 = server.client()) {
            assertEquals(TestFiles.md5(file), TestFiles.objectMd5(s3, "checksum", "c/data.bin"));
        }
    }

    @Test
    void report_failedAndUploadedObjects_jsonLinesWithSummaryAndAFailuresListThatFilesFromRetries() throws Exception {
        server.createBucket("report");
        Path src = home.resolve("report-src");
        TestFiles.write(src.resolve("ok one.bin"), 1500, 21);
        TestFiles.write(src.resolve("sub/ok-two.bin"), 6 * TestFiles.MIB, 22);
        Path target = TestFiles.write(home.resolve("report-elsewhere/target.bin"), 900, 23);
        Files.createSymbolicLink(src.resolve("sub/link.bin"), home.resolve("report-elsewhere/not-yet.bin"));
        Path config = new TestConfig(server.endpoint(), "report", "r", src).write(home.resolve("report.ini"));
        Path report = home.resolve("reports/run.jsonl");

        CliRun run = CliRun.run(home, "--nogui", "--config", config.toString(), "--report", report.toString());

        assertEquals(1, run.exitCode, run.toString());
        List<Map<String, Object>> records = JsonLinesReport.read(report);
        Map<String, Object> summary = records.get(records.size() - 1);
        assertEquals("summary", summary.get("type"));
        assertEquals(2L, summary.get("uploaded"));
        assertEquals(1L, summary.get("failed"));
        Map<String, Map<String, Object>> byKey = records.stream().filter(r -> "object".equals(r.get("type")) && r.get("source") != null)
                .collect(Collectors.toMap(r -> (String) r.get("source"), r -> r));
        assertEquals("uploaded", byKey.get("ok one.bin").get("outcome"));
        assertEquals(1500L, byKey.get("ok one.bin").get("bytesSent"));
        assertEquals(2L, byKey.get("sub/ok-two.bin").get("parts"));
        assertTrue(((String) byKey.get("sub/ok-two.bin").get("etag")).endsWith("-2"));
        assertTrue(byKey.get("sub/ok-two.bin").get("proven") != null);
        assertEquals("failed", byKey.get("sub/link.bin").get("outcome"));
        assertTrue(((String) byKey.get("sub/link.bin").get("error")).contains("broken symlink"));
        Path failures = JsonLinesReport.failuresFile(report);
        assertEquals(List.of("sub/link.bin"), Files.readAllLines(failures));
        assertTrue(run.out.contains("--files-from " + failures), run.out);

        Files.copy(target, home.resolve("report-elsewhere/not-yet.bin"));
        server.resetCounters();
        CliRun retry = CliRun.run(home, "--nogui", "--config", config.toString(), "--files-from", failures.toString());

        assertEquals(0, retry.exitCode, retry.toString());
        assertEquals(900, server.bytesReceived(), "only the failed file travels");
        assertTrue(retry.out.contains("uploaded: 1 file(s)"), retry.out);
    }

    @Test
    void filesFrom_standardInputWithMissingAndEscapingNames_listedOnesMoveOthersFailInWords() throws Exception {
        server.createBucket("listed");
        Path src = home.resolve("listed-src");
        TestFiles.write(src.resolve("a.bin"), 100, 31);
        TestFiles.write(src.resolve("b/c.bin"), 200, 32);
        TestFiles.write(src.resolve("not-listed.bin"), 300, 33);
        Path config = new TestConfig(server.endpoint(), "listed", "", src).write(home.resolve("listed.ini"));

        CliRun run = CliRun.run(home, new dev.uploader.storage.S3ClientFactory(), "./b/c.bin\n\na.bin\nmissing.bin\n../etc/passwd\n", "--nogui", "--config", config.toString(),
                "--files-from", "-");

        assertEquals(1, run.exitCode, run.toString());
        assertEquals(Set.of("a.bin", "b/c.bin"), keys("listed"));
        assertTrue(run.out.contains("missing.bin") && run.out.contains("failed:   2 file(s)"), run.out);
        assertTrue(run.out.contains("without '..'"), run.out);
    }

    @Test
    void pairs_twoSourcesIntoABucketToCreate_eachPairSummarizedAndTheWholeJobTotalled() throws Exception {
        server.createBucket("pair-existing");
        Path one = home.resolve("pair-one");
        Path two = home.resolve("pair-two");
        TestFiles.write(one.resolve("x.bin"), 1000, 41);
        TestFiles.write(two.resolve("y.bin"), 2000, 42);
        TestFiles.write(two.resolve("z.bin"), 3000, 43);
        Path config = new TestConfig(server.endpoint(), "pair-existing", "", one).write(home.resolve("pairs.ini"));
        Path report = home.resolve("pairs.jsonl");

        CliRun run = CliRun.run(home, "--nogui", "--config", config.toString(), "--pair", one.toString(), "pair-existing/from-one",
                "--pair", two.toString(), "pair-new-bucket/two", "--create-bucket", "--report", report.toString());

        assertEquals(0, run.exitCode, run.toString());
        assertEquals(Set.of("from-one/x.bin"), keys("pair-existing"));
        assertEquals(Set.of("two/y.bin", "two/z.bin"), keys("pair-new-bucket"));
        assertTrue(run.out.contains("created bucket pair-new-bucket"), run.out);
        assertTrue(run.out.contains("All 2 pairs: 3 uploaded, 0 already there, 0 failed"), run.out);
        List<Map<String, Object>> summaries = JsonLinesReport.read(report).stream().filter(r -> "summary".equals(r.get("type"))).toList();
        assertEquals(3, summaries.size(), "one per pair and one for the job");
        assertEquals(2L, summaries.get(1).get("uploaded"));
        assertEquals(null, summaries.get(2).get("pair"));
        assertEquals(3L, summaries.get(2).get("uploaded"));
    }

    @Test
    void pairs_destinationMissingWithoutCreateBucket_thatPairSaysSoOthersRun() throws Exception {
        server.createBucket("pair-ok");
        Path one = home.resolve("pair-miss-one");
        TestFiles.write(one.resolve("x.bin"), 1000, 51);
        Path config = new TestConfig(server.endpoint(), "pair-ok", "", one).write(home.resolve("pairs-miss.ini"));
        String ini = Files.readString(config, StandardCharsets.UTF_8) + "\n[BucketPairs]\nfirst = " + one + " -> no-such-bucket-here\n"
                + "second = " + one + " -> pair-ok/copy\n";
        Files.writeString(config, ini);

        CliRun run = CliRun.run(home, "--nogui", "--config", config.toString());

        assertEquals(3, run.exitCode, run.toString());
        assertTrue(run.err.contains("no-such-bucket-here") && run.err.contains("does not exist"), run.err);
        assertEquals(Set.of("copy/x.bin"), keys("pair-ok"));
    }

    @Test
    void pairs_onlyPairOptionsAndAnEndpoint_noBucketOrFolderOfItsOwnNeeded() throws Exception {
        server.createBucket("pair-alone");
        Path one = home.resolve("pair-alone-one");
        TestFiles.write(one.resolve("x.bin"), 1000, 61);

        CliRun run = CliRun.run(home, "--nogui", "--endpoint", server.endpoint().toString(), "--profile", dev.uploader.testing.TestProfiles.PROFILE,
                "--pair", one.toString(), "pair-alone/p");

        assertEquals(0, run.exitCode, run.toString());
        assertEquals(Set.of("p/x.bin"), keys("pair-alone"));
    }

    @Test
    void report_failuresOfTwoPairs_eachPairsListRetriesItsOwnAndTheJobSummaryNamesBoth() throws Exception {
        server.createBucket("pair-fail");
        Path one = home.resolve("pair-fail-one");
        Path two = home.resolve("pair-fail-two");
        TestFiles.write(one.resolve("ok.bin"), 100, 71);
        TestFiles.write(two.resolve("ok.bin"), 100, 72);
        Files.createSymbolicLink(one.resolve("gone-1.bin"), home.resolve("pair-fail-missing-1"));
        Files.createSymbolicLink(two.resolve("gone-2.bin"), home.resolve("pair-fail-missing-2"));
        Path config = new TestConfig(server.endpoint(), "pair-fail", "", one).write(home.resolve("pair-fail.ini"));
        Path report = home.resolve("pair-fail.jsonl");

        CliRun run = CliRun.run(home, "--nogui", "--config", config.toString(), "--pair", one.toString(), "pair-fail/one",
                "--pair", two.toString(), "pair-fail/two", "--report", report.toString());

        assertEquals(1, run.exitCode, run.toString());
        Path list1 = home.resolve("pair-fail.jsonl.pair1.failed.txt");
        Path list2 = home.resolve("pair-fail.jsonl.pair2.failed.txt");
        assertEquals(List.of("gone-1.bin"), Files.readAllLines(list1));
        assertEquals(List.of("gone-2.bin"), Files.readAllLines(list2));
        assertTrue(run.out.contains("--files-from " + list2), run.out);
        Map<String, Object> job = JsonLinesReport.read(report).get(JsonLinesReport.read(report).size() - 1);
        assertEquals(List.of(list1.toString(), list2.toString()), job.get("failuresLists"));
        assertEquals(null, job.get("failuresList"), "the job's own list is empty: not named");

        Files.writeString(home.resolve("pair-fail-missing-2"), "now here");
        CliRun retry = CliRun.run(home, "--nogui", "--config", config.toString(), "--pair", two.toString(), "pair-fail/two",
                "--files-from", list2.toString());
        assertEquals(0, retry.exitCode, retry.toString());
        assertTrue(keys("pair-fail").contains("two/gone-2.bin"));
    }
}
