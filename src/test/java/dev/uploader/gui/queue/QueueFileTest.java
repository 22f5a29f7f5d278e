package dev.uploader.gui.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QueueFileTest {
    @TempDir
    Path dir;

    @Test
    void writeThenRead_everyFieldBackAndNoSecretWritten() throws Exception {
        QueueFile file = new QueueFile(dir.resolve("q/queue.properties"));
        TransferSpec spec = new TransferSpec("id-1", "/data/照片 -> s3://b/p", dir.resolve("job.ini"),
                Map.of("Basic.DesBucket", "b", "ALIOSS_TO_S3.ali_access_key_secret", "s3cr3t-value", "LOCAL_TO_S3.SrcDir", "/data/照片"),
                dir.resolve("failed.txt"), true, Instant.parse("2026-12-02T10:00:00Z"));

        file.write(List.of(new QueueFile.Entry(spec, TransferState.PAUSED, "Paused", dir.resolve("run.jsonl"))));
        List<QueueFile.Entry> back = file.read();

        assertEquals(1, back.size());
        QueueFile.Entry e = back.get(0);
        assertEquals(spec, e.spec());
        assertEquals(TransferState.PAUSED, e.state());
        assertEquals(dir.resolve("run.jsonl"), e.report());
        assertFalse(e.spec().values().containsKey("ALIOSS_TO_S3.ali_access_key_secret"));
        assertFalse(Files.readString(file.file(), StandardCharsets.UTF_8).contains("s3cr3t-value"));
    }

    @Test
    void read_damagedEntry_leftOutOthersKept() throws Exception {
        Path f = dir.resolve("queue.properties");
        Files.writeString(f, "transfers=2\ntransfer.0.id=a\ntransfer.0.title=t\ntransfer.0.state=NOT_A_STATE\ntransfer.0.added=2026-12-02T10:00:00Z\n"
                + "transfer.1.id=b\ntransfer.1.title=t2\ntransfer.1.state=QUEUED\ntransfer.1.added=2026-12-02T10:00:00Z\n");

        List<QueueFile.Entry> back = new QueueFile(f).read();

        assertEquals(List.of("b"), back.stream().map(e -> e.spec().id()).toList());
    }

    @Test
    void read_noFile_emptyQueue() throws Exception {
        assertTrue(new QueueFile(dir.resolve("none.properties")).read().isEmpty());
    }

    @Test
    void rateHistory_aDayOfPoints_boundedAndSpreadOverTheWholeRun() {
        RateHistory h = new RateHistory();
        for (int s = 0; s < 86_400; s++) {
            h.add(new RatePoint(s, s, 1));
        }
        List<RatePoint> points = h.points();
        assertTrue(points.size() < RateHistory.MAX_POINTS, points.size() + " points");
        assertEquals(0, points.get(0).seconds());
        assertTrue(points.get(points.size() - 1).seconds() > 86_000, "the last point is near the end");
    }

    @Test
    void read_handEditedWithAWindowsPath_refusedInWordsNotThrownAsARuntimeError() throws Exception {
        Path f = dir.resolve("queue.properties");
        Files.writeString(f, "transfers=1\ntransfer.0.config=C:\\users\\me\\cfg.ini\n");

        java.io.IOException e = org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class, () -> new QueueFile(f).read());

        assertTrue(e.getMessage().contains("is not a queue file the app wrote"), e.getMessage());
    }

    @Test
    void restore_damagedEntriesAndUnreadableFile_saidAndTheFileKeptAside() throws Exception {
        Path f = dir.resolve("queue.properties");
        Files.writeString(f, "transfers=2\ntransfer.0.id=a\ntransfer.0.title=t\ntransfer.0.state=EXPLODED\ntransfer.0.added=yesterday\n"
                + "transfer.1.id=b\ntransfer.1.title=t2\ntransfer.1.state=PAUSED\ntransfer.1.added=2026-12-02T10:00:00Z\n");
        java.util.List<Runnable> held = new java.util.ArrayList<>();
        TransferQueue queue = new TransferQueue(new QueueFile(f), dir.resolve("reports"), Map.of(), new dev.uploader.run.JobRunner(
                new dev.uploader.storage.S3ClientFactory(), job -> dev.uploader.engine.ResumeLedger.NONE, dev.uploader.run.RunHistoryWriter.NONE),
                key -> null, held::add, Runnable::run);

        queue.restore();

        assertEquals(1, queue.transfers.size());
        assertTrue(queue.error.get().startsWith("1 transfer(s) of the queue file were damaged"), queue.error.get());
        assertTrue(Files.readString(dir.resolve("queue.properties.damaged")).contains("EXPLODED"));

        Files.writeString(f, "junk=\\uZZZZ\n");
        TransferQueue again = new TransferQueue(new QueueFile(f), dir.resolve("reports"), Map.of(), new dev.uploader.run.JobRunner(
                new dev.uploader.storage.S3ClientFactory(), job -> dev.uploader.engine.ResumeLedger.NONE, dev.uploader.run.RunHistoryWriter.NONE),
                key -> null, held::add, Runnable::run);
        again.restore();
        assertTrue(again.transfers.isEmpty());
        assertTrue(again.error.get().contains("is not a queue file the app wrote") && again.error.get().contains(".damaged"), again.error.get());
    }
}
