package dev.uploader.gui.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.uploader.run.JobRunner;
import dev.uploader.run.RunHistoryWriter;
import dev.uploader.storage.S3ClientFactory;
import dev.uploader.storage.local.FileResumeLedger;
import dev.uploader.testing.InMemoryServerTest;
import dev.uploader.testing.TestFiles;
import dev.uploader.testing.TestProfiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The transfer queue without a window, against a real S3-compatible server (S3Proxy): the UI thread is a single
 * thread of the test's, the work runs on real background threads, as in the app.
 */
class TransferQueueTest extends InMemoryServerTest {
    @TempDir
    Path dir;

    private final ExecutorService ui = Executors.newSingleThreadExecutor(r -> new Thread(r, "test-ui"));
    private final ExecutorService background = Executors.newCachedThreadPool();

    @AfterEach
    void stop() {
        background.shutdownNow();
        ui.shutdownNow();
    }

    private TransferQueue queue(java.util.concurrent.Executor work) {
        JobRunner runner = new JobRunner(new S3ClientFactory(), job -> new FileResumeLedger(dir.resolve("resume")), RunHistoryWriter.NONE);
        return new TransferQueue(new QueueFile(dir.resolve("queue.properties")), dir.resolve("reports"), Map.of(), runner, key -> null,
                work, ui);
    }

    private Map<String, String> values(Path src, String bucket, String bandwidth) {
        Map<String, String> v = new LinkedHashMap<>();
        v.put("Basic.JobType", "LOCAL_TO_S3");
        v.put("Basic.DesProfileName", TestProfiles.PROFILE);
        v.put("Basic.DesEndPointURL", server.endpoint().toString());
        v.put("Basic.DesBucket", bucket);
        v.put("Basic.S3Prefix", "");
        v.put("LOCAL_TO_S3.SrcDir", src.toString());
        v.put("Advanced.ChunkSize", "5");
        v.put("Advanced.MaxRetry", "2");
        v.put("Advanced.MaxThread", "1"); // parts one at a time: a pause or a close finds some stored, for the resume to prove
        if (bandwidth != null) {
            v.put("Advanced.BandwidthLimit", bandwidth);
        }
        return v;
    }

    private TransferSpec spec(Path src, String bucket, String bandwidth) {
        return TransferQueue.spec(src + " -> s3://" + bucket, null, values(src, bucket, bandwidth), null, false);
    }

    /** Runs {@code action} on the test's UI thread and waits for it. */
    private <T> T onUi(java.util.concurrent.Callable<T> action) throws Exception {
        return ui.submit(action).get(10, TimeUnit.SECONDS);
    }

    private void onUi(Runnable action) throws Exception {
        ui.submit(action).get(10, TimeUnit.SECONDS);
    }

    private void await(String what, Duration limit, BooleanSupplier condition) throws Exception {
        long until = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < until) {
            if (onUi(condition::getAsBoolean)) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("not within " + limit + ": " + what);
    }

    private static String objectMd5(String bucket, String key) throws Exception {
        try (S3Client s3 = server.client()) {
            return TestFiles.objectMd5(s3, bucket, key);
        }
    }

    @Test
    void add_twoTransfersOneAfterAnother_secondStartsWhenFirstEndsAndBothDone() throws Exception {
        server.createBucket("two");
        Path a = dir.resolve("a");
        Path b = dir.resolve("b");
        TestFiles.write(a.resolve("one.bin"), 6 * TestFiles.MIB, 1);
        TestFiles.write(b.resolve("two.bin"), 1000, 2);
        TransferQueue queue = queue(background);
        List<String> startedOrder = new ArrayList<>();

        Transfer first = onUi(() -> queue.add(spec(a, "two", "2M")));
        Transfer second = onUi(() -> queue.add(spec(b, "two", null)));
        onUi(() -> {
            first.state.addListener((o, was, now) -> startedOrder.add("first " + now));
            second.state.addListener((o, was, now) -> startedOrder.add("second " + now));
        });

        assertEquals(TransferState.QUEUED, onUi(second.state::get), "one after another: the second waits");
        await("both done", Duration.ofSeconds(30), () -> first.state.get() == TransferState.DONE && second.state.get() == TransferState.DONE);
        assertTrue(startedOrder.indexOf("first DONE") < startedOrder.indexOf("second PLANNING"), startedOrder.toString());
        assertEquals(TestFiles.md5(a.resolve("one.bin")), objectMd5("two", "one.bin"));
        assertEquals(TestFiles.md5(b.resolve("two.bin")), objectMd5("two", "two.bin"));
        assertFalse(onUi(() -> first.chart.isEmpty()), "the speed chart has points");
        assertNotNull(onUi(first.report::get));
        assertTrue(Files.isRegularFile(onUi(first.report::get)));
    }

    @Test
    void sideBySide_two_bothRunAtOnce() throws Exception {
        server.createBucket("side");
        Path a = dir.resolve("a");
        Path b = dir.resolve("b");
        TestFiles.write(a.resolve("one.bin"), 6 * TestFiles.MIB, 1);
        TestFiles.write(b.resolve("two.bin"), 6 * TestFiles.MIB, 2);
        TransferQueue queue = queue(background);
        onUi(() -> queue.sideBySide.set(2));

        Transfer first = onUi(() -> queue.add(spec(a, "side", "2M")));
        Transfer second = onUi(() -> queue.add(spec(b, "side", "2M")));

        await("both run", Duration.ofSeconds(10), () -> first.state.get().active() && second.state.get().active());
        await("both done", Duration.ofSeconds(30), () -> first.state.get() == TransferState.DONE && second.state.get() == TransferState.DONE);
    }

    @Test
    void move_waitingTransfers_orderChangesAndIsKeptInTheFile() throws Exception {
        List<Runnable> held = new ArrayList<>(); // nothing runs: the transfers stay where they are
        TransferQueue queue = queue(held::add);
        Path src = dir.resolve("src");
        Transfer running = onUi(() -> queue.add(spec(src, "b1", null)));
        Transfer second = onUi(() -> queue.add(spec(src, "b2", null)));
        Transfer third = onUi(() -> queue.add(spec(src, "b3", null)));

        onUi(() -> queue.move(third, -1));
        onUi(() -> queue.move(running, 1)); // a transfer that runs keeps its place

        assertEquals(List.of(running, third, second), onUi(() -> List.copyOf(queue.transfers)));
        onUi(() -> queue.close(Duration.ZERO)); // writes the queue now (saves go to the background, which holds them here)
        List<QueueFile.Entry> kept = new QueueFile(dir.resolve("queue.properties")).read();
        assertEquals(List.of(running.spec().id(), third.spec().id(), second.spec().id()), kept.stream().map(e -> e.spec().id()).toList());
    }

    @Test
    void pause_runningTransfer_pausedThenResumeFinishesFromTheStore() throws Exception {
        server.createBucket("pause");
        Path src = dir.resolve("src");
        TestFiles.write(src.resolve("big.bin"), 20 * TestFiles.MIB, 7);
        TransferQueue queue = queue(background);
        Transfer t = onUi(() -> queue.add(spec(src, "pause", "4M")));
        await("some parts sent", Duration.ofSeconds(20), () -> t.progress.get() > 0.3);

        onUi(() -> queue.pause(t));
        await("paused", Duration.ofSeconds(10), () -> t.state.get() == TransferState.PAUSED);
        onUi(() -> queue.resume(t));

        await("done", Duration.ofSeconds(30), () -> t.state.get() == TransferState.DONE);
        assertTrue(onUi(t.summary::get).contains("Resumed 1 file(s)"), onUi(t.summary::get));
        assertEquals(TestFiles.md5(src.resolve("big.bin")), objectMd5("pause", "big.bin"));
    }

    @Test
    void restore_appClosedMidTransfer_transferComesBackAndResumesFromTheStore() throws Exception {
        server.createBucket("restart");
        Path src = dir.resolve("src");
        TestFiles.write(src.resolve("big.bin"), 20 * TestFiles.MIB, 9);
        TransferQueue before = queue(background);
        Transfer t = onUi(() -> before.add(spec(src, "restart", "4M")));
        await("some parts sent", Duration.ofSeconds(20), () -> t.progress.get() > 0.3);

        before.close(Duration.ofSeconds(10)); // the app closes (off the UI thread, as the app's stop() does)

        TransferQueue after = queue(background);
        onUi(after::restore);
        Transfer back = onUi(() -> after.transfers.get(0));
        assertEquals(t.spec().id(), back.spec().id());
        await("done after the restart", Duration.ofSeconds(30), () -> back.state.get() == TransferState.DONE);
        assertTrue(onUi(back.summary::get).contains("Resumed 1 file(s)"), onUi(back.summary::get));
        assertEquals(TestFiles.md5(src.resolve("big.bin")), objectMd5("restart", "big.bin"));
    }

    @Test
    void cancel_thenRerun_endsCancelledAndRerunFinishes() throws Exception {
        server.createBucket("cancel");
        Path src = dir.resolve("src");
        TestFiles.write(src.resolve("big.bin"), 12 * TestFiles.MIB, 3);
        TransferQueue queue = queue(background);
        Transfer t = onUi(() -> queue.add(spec(src, "cancel", "3M")));
        await("running", Duration.ofSeconds(20), () -> t.progress.get() > 0.1);

        onUi(() -> queue.cancel(t));
        await("cancelled", Duration.ofSeconds(10), () -> t.state.get() == TransferState.CANCELLED);
        onUi(() -> queue.rerun(t));

        await("done", Duration.ofSeconds(30), () -> t.state.get() == TransferState.DONE);
        assertEquals(TestFiles.md5(src.resolve("big.bin")), objectMd5("cancel", "big.bin"));
        onUi(() -> queue.remove(t));
        assertTrue(onUi(queue.transfers::isEmpty));
    }

    @Test
    void add_badDestination_failsWithWordsAndTheNextOneRuns() throws Exception {
        server.createBucket("next");
        Path src = dir.resolve("src");
        TestFiles.write(src.resolve("a.bin"), 100, 1);
        TransferQueue queue = queue(background);

        Transfer bad = onUi(() -> queue.add(spec(src, "no-such-bucket-here", null)));
        Transfer good = onUi(() -> queue.add(spec(src, "next", null)));

        await("both ended", Duration.ofSeconds(20), () -> bad.state.get().ended() && good.state.get().ended());
        assertEquals(TransferState.FAILED, onUi(bad.state::get));
        assertTrue(onUi(bad.status::get).contains("no-such-bucket-here"), onUi(bad.status::get));
        assertEquals(TransferState.DONE, onUi(good.state::get));
    }

    @Test
    void close_transfersPausedAndCancelledAsTheAppCloses_comeBackPausedAndCancelledNotRunning() throws Exception {
        server.createBucket("kept");
        Path a = dir.resolve("a");
        Path b = dir.resolve("b");
        TestFiles.write(a.resolve("a.bin"), 12 * TestFiles.MIB, 1);
        TestFiles.write(b.resolve("b.bin"), 12 * TestFiles.MIB, 2);
        TransferQueue before = queue(background);
        onUi(() -> before.sideBySide.set(2));
        Transfer paused = onUi(() -> before.add(spec(a, "kept", "2M")));
        Transfer cancelled = onUi(() -> before.add(spec(b, "kept", "2M")));
        await("both run", Duration.ofSeconds(20), () -> paused.progress.get() > 0.05 && cancelled.progress.get() > 0.05);

        onUi(() -> {
            before.pause(paused);
            before.cancel(cancelled);
            before.close(Duration.ofSeconds(10)); // the app closes while both wind down
        });

        TransferQueue after = queue(background);
        onUi(after::restore);
        Thread.sleep(500);
        assertEquals(List.of(TransferState.PAUSED, TransferState.CANCELLED), onUi(() -> after.transfers.stream().map(t -> t.state.get()).toList()));
    }
}
