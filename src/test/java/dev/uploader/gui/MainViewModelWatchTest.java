package dev.uploader.gui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.uploader.engine.ResumeLedger;
import dev.uploader.storage.S3ClientFactory;
import dev.uploader.testing.InMemoryServerTest;
import dev.uploader.testing.TestFiles;
import dev.uploader.testing.TestProfiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * "Keep watching the folder" without a window: the job runs on a thread of its own (it runs until Stop), property
 * changes happen under a lock the test reads under; a real S3-compatible server (S3Proxy).
 */
class MainViewModelWatchTest extends InMemoryServerTest {
    @TempDir
    Path dir;

    private final Object ui = new Object();

    @Test
    void start_keepWatching_firstRunThenLaterFilesInTheLogUntilStop() throws Exception {
        server.createBucket("gui-watch");
        Path src = dir.resolve("src");
        Path before = TestFiles.write(src.resolve("before.txt"), 500, 1);
        // written an hour ago: the first run sends it (a file changed within the settle time would wait to settle)
        Files.setLastModifiedTime(before, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() - 3_600_000));
        Path config = dir.resolve("job.ini");
        Files.writeString(config, "[Advanced]\nWatchSettleSeconds = 1\n");
        MainViewModel model = new MainViewModel(config, dir.resolve("reports"), Map.of(), new S3ClientFactory(), job -> ResumeLedger.NONE,
                r -> new Thread(r, "job").start(), r -> {
                    synchronized (ui) {
                        r.run();
                    }
                });
        model.srcDir.set(src.toString());
        model.desProfile.set(TestProfiles.PROFILE);
        model.desEndpoint.set(server.endpoint().toString());
        model.desBucket.set("gui-watch");
        model.keepWatching.set(true);

        synchronized (ui) {
            model.start();
        }

        await(() -> read(() -> model.status.get()).startsWith("Watching " + src), () -> "not watching: " + state(model));
        assertTrue(read(() -> model.watching().get()));
        assertTrue(read(() -> model.log.stream().anyMatch(l -> l.startsWith("first run: 1 uploaded, 0 already there, 0 failed"))), state(model));
        assertEquals(JobState.RUNNING, read(() -> model.state().get()));
        Path after = TestFiles.write(src.resolve("made/later/after.bin"), 3000, 2);
        await(() -> read(() -> model.log.stream().anyMatch(l -> l.startsWith("watch: 1 settled file(s): 1 uploaded"))), () -> state(model));
        try (S3Client s3 = server.client()) {
            assertEquals(TestFiles.md5(before), TestFiles.objectMd5(s3, "gui-watch", "before.txt"));
            assertEquals(TestFiles.md5(after), TestFiles.objectMd5(s3, "gui-watch", "made/later/after.bin"));
        }

        synchronized (ui) {
            model.stop();
        }

        long stopped = System.nanoTime();
        await(() -> read(() -> model.state().get()) == JobState.IDLE, () -> "Stop did not end the watch: " + state(model));
        assertTrue(System.nanoTime() - stopped < TimeUnit.SECONDS.toNanos(8));
        assertFalse(read(() -> model.watching().get()));
        String summary = read(() -> model.summary.get());
        assertTrue(summary.startsWith("Uploaded 2 file(s)"), "the whole run: " + summary);
        assertEquals("", read(() -> model.error.get()));
    }

    private <T> T read(Supplier<T> property) {
        synchronized (ui) {
            return property.get();
        }
    }

    private String state(MainViewModel model) {
        return read(() -> model.state().get() + " / " + model.status.get() + " / " + model.error.get() + " / " + List.copyOf(model.log));
    }

    private static void await(BooleanSupplier condition, Supplier<String> why) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, why);
            Thread.sleep(50);
        }
    }
}
