package dev.uploader.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.uploader.config.ConfigLoader;
import dev.uploader.config.IniValues;
import dev.uploader.config.JobConfig;
import dev.uploader.engine.PendingUpload;
import dev.uploader.engine.ProgressListener;
import dev.uploader.engine.TransferException;
import dev.uploader.engine.UploadJob;
import dev.uploader.history.RunHistory;
import dev.uploader.history.RunRecord;
import dev.uploader.report.JsonLinesReport;
import dev.uploader.storage.S3ClientFactory;
import dev.uploader.storage.local.FileResumeLedger;
import dev.uploader.testing.InMemoryServerTest;
import dev.uploader.testing.TestConfig;
import dev.uploader.testing.TestFiles;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/** The one sequence both front ends drive, against a real S3-compatible server (S3Proxy). */
class JobRunnerTest extends InMemoryServerTest {
    @TempDir
    Path dir;

    private JobConfig job(String bucket, Path src) throws Exception {
        Path ini = new TestConfig(server.endpoint(), bucket, "", src).write(dir.resolve(bucket + ".ini"));
        return new ConfigLoader(IniValues.read(ini), Map.of(), Map.of()).load();
    }

    private JobRunner runner(RunHistory history) {
        return new JobRunner(new S3ClientFactory(), j -> new FileResumeLedger(dir.resolve("resume")), new RunRecorder(history, () -> null));
    }

    /** Says what the runner says and answers {@code choice} about unfinished uploads. */
    private static final class Heard implements RunEvents {
        final List<String> lines = new ArrayList<>();
        final UnfinishedChoice choice;
        int asked;

        Heard(UnfinishedChoice choice) {
            this.choice = choice;
        }

        @Override
        public ProgressListener progress() {
            return ProgressListener.NONE;
        }

        @Override
        public void said(String line) {
            lines.add(line);
        }

        @Override
        public UnfinishedChoice unfinished(String destination, UploadJob upload, List<PendingUpload> pending) {
            asked++;
            return choice;
        }
    }

    @Test
    void run_folder_uploadedReportSummarizedAndRecordedInTheHistory() throws Exception {
        server.createBucket("runner");
        Path src = dir.resolve("src");
        TestFiles.write(src.resolve("a.bin"), 1000, 1);
        TestFiles.write(src.resolve("b/c.bin"), 6 * TestFiles.MIB, 2);
        RunHistory history = new RunHistory(dir.resolve("history"));
        Path reportFile = dir.resolve("run.jsonl");

        RunOutcome outcome;
        try (JsonLinesReport report = JsonLinesReport.open(reportFile)) {
            outcome = runner(history).run(new RunRequest(job("runner", src), null, null, report, null, false, true, RunRecord.Origin.COMMAND_LINE),
                    new Heard(UnfinishedChoice.RESUME));
        }

        assertTrue(outcome.result().success(), outcome.toString());
        assertEquals(2, outcome.result().totals().uploaded());
        assertEquals(1, JsonLinesReport.read(reportFile).stream().filter(r -> "summary".equals(r.get("type"))).count());
        List<RunRecord> runs = history.list();
        assertEquals(1, runs.size());
        RunRecord run = runs.get(0);
        assertEquals(RunRecord.Origin.COMMAND_LINE, run.origin());
        assertEquals(RunRecord.Outcome.OK, run.outcome());
        assertEquals(2, run.totals().uploaded());
        assertEquals(reportFile, run.report());
        assertTrue(run.destination().startsWith("s3://runner"), run.destination());
    }

    @Test
    void run_missingBucket_throwsWithWordsAndRecordsCouldNotRun() throws Exception {
        Path src = dir.resolve("src");
        TestFiles.write(src.resolve("a.bin"), 10, 1);
        RunHistory history = new RunHistory(dir.resolve("history"));

        TransferException.Fatal e = assertThrows(TransferException.Fatal.class, () -> runner(history).run(
                RunRequest.of(job("no-such-bucket", src), null, null, null, RunRecord.Origin.APP), new Heard(UnfinishedChoice.RESUME)));

        assertTrue(e.getMessage().contains("no-such-bucket"), e.getMessage());
        RunRecord run = history.list().get(0);
        assertEquals(RunRecord.Outcome.COULD_NOT_RUN, run.outcome());
        assertEquals(RunRecord.Origin.APP, run.origin());
        assertTrue(run.outcomeWords().contains("no-such-bucket"), run.outcomeWords());
    }

    @Test
    void run_unfinishedUploadAndCancel_nothingSentNothingRecorded() throws Exception {
        server.createBucket("cancel");
        Path src = dir.resolve("src");
        TestFiles.write(src.resolve("a.bin"), 6 * TestFiles.MIB, 3);
        try (S3Client s3 = server.client()) {
            String id = s3.createMultipartUpload(b -> b.bucket("cancel").key("a.bin")).uploadId();
            s3.uploadPart(b -> b.bucket("cancel").key("a.bin").uploadId(id).partNumber(1), RequestBody.fromBytes(TestFiles.bytes(5 * TestFiles.MIB, 3)));
        }
        RunHistory history = new RunHistory(dir.resolve("history"));
        Heard heard = new Heard(UnfinishedChoice.CANCEL);

        RunOutcome outcome = runner(history).run(RunRequest.of(job("cancel", src), null, null, null, RunRecord.Origin.APP), heard);

        assertTrue(outcome.cancelled());
        assertNull(outcome.result());
        assertEquals(1, heard.asked);
        assertEquals(List.of(), history.list());
        try (S3Client s3 = server.client()) {
            assertEquals(0, s3.listObjectsV2(b -> b.bucket("cancel")).keyCount());
        }
    }

    @Test
    void run_unfinishedUploadAndResume_saidAndPartReused() throws Exception {
        server.createBucket("resume");
        Path src = dir.resolve("src");
        Path file = TestFiles.write(src.resolve("a.bin"), 6 * TestFiles.MIB, 4);
        byte[] bytes = java.nio.file.Files.readAllBytes(file);
        try (S3Client s3 = server.client()) {
            String id = s3.createMultipartUpload(b -> b.bucket("resume").key("a.bin")).uploadId();
            s3.uploadPart(b -> b.bucket("resume").key("a.bin").uploadId(id).partNumber(1),
                    RequestBody.fromBytes(java.util.Arrays.copyOf(bytes, (int) (5 * TestFiles.MIB))));
        }
        Heard heard = new Heard(UnfinishedChoice.RESUME);

        RunOutcome outcome = runner(new RunHistory(dir.resolve("history"))).run(
                RunRequest.of(job("resume", src), null, null, null, RunRecord.Origin.APP), heard);

        assertTrue(outcome.result().success());
        assertEquals(1, outcome.result().totals().resumedFiles());
        assertTrue(heard.lines.stream().anyMatch(l -> l.startsWith("Resuming: 1 unfinished upload(s)")), heard.lines.toString());
        try (S3Client s3 = server.client()) {
            assertEquals(TestFiles.md5(file), TestFiles.objectMd5(s3, "resume", "a.bin"));
        }
        assertNotNull(outcome.destination());
    }
}
