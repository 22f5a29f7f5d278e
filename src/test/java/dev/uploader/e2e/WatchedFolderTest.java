package dev.uploader.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.uploader.testing.CliRun;
import dev.uploader.testing.InMemoryServerTest;
import dev.uploader.testing.TestConfig;
import dev.uploader.testing.TestFiles;
import dev.uploader.testing.TestProfiles;
import dev.uploader.testing.UploaderProcess;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * {@code --watch}: a real uploader process watches a folder that starts empty; files written after the start arrive
 * byte-identical (in a folder made after the start too), a file written slowly in pieces is never at the destination
 * half, a file changed after its upload is sent again, and SIGTERM ends the watch within seconds.
 */
class WatchedFolderTest extends InMemoryServerTest {
    /** Settle time of the process under test, seconds. */
    private static final int SETTLE = 2;

    @Test
    void watch_filesWrittenAfterStart_eachArrivesWholeOnceSettledAndSigtermEndsIt() throws Exception {
        server.createBucket("watched");
        Path src = Files.createDirectories(home.resolve("watched-src"));
        Path config = new TestConfig(server.endpoint(), "watched", "in", src).write(home.resolve("watched.ini"));
        Path out = home.resolve("watched.out");
        Process p = UploaderProcess.start(home, out, TestProfiles.environment(home.resolve("aws")), "--nogui", "--config", config.toString(),
                "--watch", "--settle", String.valueOf(SETTLE), "--log-dir", home.resolve("logs").toString());
        try (S3Client s3 = server.client()) {
            awaitOutput(p, out, "watching " + src, 60);

            // written after the start: one at the top, one in folders made after the start, big enough for several parts
            Path a = TestFiles.write(src.resolve("a.txt"), 1000, 1);
            Path b = TestFiles.write(src.resolve("made/after/start/b.bin"), 6 * TestFiles.MIB + 5, 2);
            awaitObject(p, out, s3, "in/a.txt", Files.size(a));
            awaitObject(p, out, s3, "in/made/after/start/b.bin", Files.size(b));
            assertEquals(TestFiles.md5(a), TestFiles.objectMd5(s3, "watched", "in/a.txt"));
            assertEquals(TestFiles.md5(b), TestFiles.objectMd5(s3, "watched", "in/made/after/start/b.bin"));

            // written in pieces with pauses shorter than the settle time: only ever absent or whole at the destination
            Path slow = src.resolve("slow.bin");
            byte[] data = TestFiles.bytes(1_200_000, 3);
            Set<Long> seen = new ConcurrentSkipListSet<>();
            AtomicBoolean writing = new AtomicBoolean(true);
            Thread watcher = new Thread(() -> {
                while (writing.get() || !seen.contains((long) data.length)) {
                    seen.add(headSize(s3, "in/slow.bin"));
                    try {
                        Thread.sleep(40);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            watcher.setDaemon(true);
            long writeStarted = System.nanoTime();
            watcher.start();
            int pieces = 8;
            int piece = data.length / pieces;
            try (OutputStream w = Files.newOutputStream(slow, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                for (int i = 0; i < pieces; i++) {
                    w.write(data, i * piece, i == pieces - 1 ? data.length - i * piece : piece);
                    w.flush();
                    Thread.sleep(400);
                }
            }
            long writeSeconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - writeStarted);
            writing.set(false);
            awaitObject(p, out, s3, "in/slow.bin", data.length);
            watcher.join(10_000);
            assertTrue(writeSeconds >= 3, "the writing took longer than the settle time: " + writeSeconds + " s");
            assertEquals(new TreeSet<>(List.of(-1L, (long) data.length)), new TreeSet<>(seen),
                    "HEAD while it was written saw it absent (-1) or whole, never part of it");
            assertEquals(1, server.putsReceived("in/slow.bin"), "sent once, whole: " + read(out));
            assertEquals(TestFiles.md5(slow), TestFiles.objectMd5(s3, "watched", "in/slow.bin"));

            // changed after its upload, same size: sent again
            String before = TestFiles.objectMd5(s3, "watched", "in/a.txt");
            TestFiles.write(a, 1000, 4);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (TestFiles.objectMd5(s3, "watched", "in/a.txt").equals(before)) {
                assertTrue(System.nanoTime() < deadline, "a.txt was not sent again: " + read(out));
                assertTrue(p.isAlive(), () -> "the watch ended: " + read(out));
                Thread.sleep(100);
            }
            assertEquals(TestFiles.md5(a), TestFiles.objectMd5(s3, "watched", "in/a.txt"));
        } finally {
            long stopAsked = System.nanoTime();
            p.destroy(); // SIGTERM
            boolean ended = p.waitFor(15, TimeUnit.SECONDS);
            long stopSeconds = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - stopAsked);
            if (!ended) {
                p.destroyForcibly();
            }
            assertTrue(ended, "SIGTERM did not end the watch: " + read(out));
            assertTrue(stopSeconds < 8_000, "SIGTERM ended the watch in " + stopSeconds + " ms");
        }
        assertEquals(143, p.exitValue(), read(out));
        String text = read(out);
        assertTrue(text.contains("watch: 1 settled file(s): 1 uploaded, 0 already there, 0 failed"), text);
        assertTrue(text.contains("interrupted: the watch ends"), text);
        assertTrue(text.contains("(the first run and the watch)"), "the summary of the whole run: " + text);
        assertFalse(text.contains("Exception"), text);
    }

    // ---- what cannot be watched: one line, exit 2, before anything is sent

    @Test
    void watch_s3ToS3Job_refusedInOneLine() throws Exception {
        Path config = new TestConfig(server.endpoint(), "nowhere", "", home).fromS3(server.endpoint(), "other").write(home.resolve("s3.ini"));

        CliRun run = CliRun.run(home, "--nogui", "--config", config.toString(), "--watch");

        assertBadInput(run, "--watch watches a local folder: it needs JobType LOCAL_TO_S3, not S3_TO_S3");
    }

    @Test
    void watch_withDryRunFilesFromOrPair_refusedInOneLine() throws Exception {
        Path config = new TestConfig(server.endpoint(), "nowhere", "", home).write(home.resolve("conflicts.ini"));
        String c = config.toString();

        assertBadInput(CliRun.run(home, "--nogui", "--config", c, "--watch", "--dry-run"), "--watch and --dry-run cannot be used together");
        assertBadInput(CliRun.run(home, "--nogui", "--config", c, "--watch", "--files-from", "-"), "--watch and --files-from cannot be used together");
        assertBadInput(CliRun.run(home, "--nogui", "--config", c, "--watch", "--pair", home.toString(), "b"), "--watch and --pair cannot be used together");
        assertBadInput(CliRun.run(home, "--nogui", "--config", c, "--settle", "3"), "--settle is for --watch");
    }

    @Test
    void watch_badSettleTime_refusedNamingTheOptionOrTheKey() throws Exception {
        Path config = new TestConfig(server.endpoint(), "nowhere", "", home).advanced("WatchSettleSeconds", "soon").write(home.resolve("settle.ini"));

        assertBadInput(CliRun.run(home, "--nogui", "--config", config.toString(), "--watch"),
                config + ": [Advanced] WatchSettleSeconds = 'soon' is not valid: use a whole number of seconds from 1 to 3600");
        assertBadInput(CliRun.run(home, "--nogui", "--config", config.toString(), "--watch", "--settle", "0"),
                "--settle (WatchSettleSeconds) = '0' is not valid");
    }

    private static void assertBadInput(CliRun run, String message) {
        assertEquals(2, run.exitCode, run.toString());
        assertTrue(run.err.startsWith("error: ") && run.err.contains(message), run.toString());
        assertEquals(1, run.err.strip().lines().count(), "one line: " + run);
        assertEquals("", run.out, run.toString());
    }

    // ---- helpers

    /** The object's size, or -1 when it is not there. */
    private static long headSize(S3Client s3, String key) {
        try {
            return s3.headObject(h -> h.bucket("watched").key(key)).contentLength();
        } catch (NoSuchKeyException e) {
            return -1;
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return -1;
            }
            throw e;
        }
    }

    private static void awaitObject(Process p, Path out, S3Client s3, String key, long size) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (headSize(s3, key) != size) {
            assertTrue(p.isAlive(), () -> "the watch ended: " + read(out));
            assertTrue(System.nanoTime() < deadline, () -> key + " did not arrive with " + size + " bytes: " + read(out));
            Thread.sleep(50);
        }
    }

    private static void awaitOutput(Process p, Path out, String text, int seconds) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!read(out).contains(text)) {
            assertTrue(p.isAlive(), () -> "ended before '" + text + "': " + read(out));
            assertTrue(System.nanoTime() < deadline, () -> "no '" + text + "' after " + seconds + " s: " + read(out));
            Thread.sleep(50);
        }
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        } catch (java.io.IOException e) {
            return "(cannot read " + file + ": " + e + ")";
        }
    }
}
