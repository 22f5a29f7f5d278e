package dev.uploader.e2e;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.uploader.testing.CliRun;
import dev.uploader.testing.S3TestServer;
import dev.uploader.testing.SqsTestServer;
import dev.uploader.testing.TestConfig;
import dev.uploader.testing.TestFiles;
import dev.uploader.testing.TestProfiles;
import dev.uploader.testing.TwoServerTest;
import dev.uploader.testing.UploaderProcess;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.Part;

/**
 * Workers that die or stall in the middle of a big object, for real: worker processes killed with SIGKILL or stopped
 * with SIGSTOP past their lease while they copy between two S3 stores (S3Proxy), with ElasticMQ as the queue. The
 * resume records travel in the destination bucket, so the worker that takes the message over proves the parts the
 * first one stored.
 */
class ClusterFailoverTest extends TwoServerTest {
    static final long MIB = TestFiles.MIB;
    static final int PARTS = 8;
    static final int IN_FLIGHT = 2;
    static SqsTestServer sqs;

    @BeforeAll
    static void startQueue() {
        sqs = SqsTestServer.start();
    }

    @AfterAll
    static void stopQueue() {
        sqs.close();
    }

    /** A 40 MiB source object of 5 MiB parts queued by the sender; the config the workers run with (2 parts at once, 4 MiB/s). */
    record Setup(Path config, SqsTestServer.Queues queues, byte[] data, String bucket, String key) {
    }

    static Setup setup(String name) throws Exception {
        byte[] data = TestFiles.bytes(PARTS * 5 * MIB - 1000, name.hashCode());
        sourceStore.createBucket(name + "-src");
        destination.createBucket(name + "-dst");
        try (S3Client src = sourceStore.client()) {
            TestFiles.putInParts(src, name + "-src", "big/video.mov", data, 5 * MIB);
        }
        SqsTestServer.Queues q = sqs.createQueues(name, 10, 5);
        Path config = new TestConfig(destination.endpoint(), name + "-dst", "", home).fromS3(sourceStore.endpoint(), name + "-src")
                .advanced("MaxThread", "2").advanced("MaxParallelFile", "1").advanced("BandwidthLimit", "4M").write(home.resolve(name + ".ini"));
        CliRun sent = CliRun.run(home, "--nogui", "--config", config.toString(), "--send-to", q.url());
        assertEquals(0, sent.exitCode, sent.toString());
        assertTrue(sent.out.contains("queued:   1 objects"), sent.out);
        return new Setup(config, q, data, name + "-dst", "big/video.mov");
    }

    static Process worker(Setup s, String name, String... extra) throws Exception {
        List<String> args = new java.util.ArrayList<>(List.of("--nogui", "--config", s.config().toString(), "--worker", s.queues().url(),
                "--jobs", "1"));
        args.addAll(List.of(extra));
        if (!args.contains("--visibility")) {
            args.addAll(List.of("--visibility", "10"));
        }
        return UploaderProcess.start(home, home.resolve(name + ".out"), TestProfiles.environment(home.resolve("aws")), args.toArray(String[]::new));
    }

    /** The parts the destination holds of the unfinished upload, once it holds at least {@code atLeast}. */
    static List<Part> waitForParts(Setup s, int atLeast, Process worker, String name) throws Exception {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        try (S3Client s3 = destination.client()) {
            while (System.nanoTime() < until) {
                List<MultipartUpload> uploads = s3.listMultipartUploads(b -> b.bucket(s.bucket())).uploads().stream()
                        .filter(u -> u.key().equals(s.key())).toList();
                if (!uploads.isEmpty()) {
                    List<Part> parts = s3.listParts(b -> b.bucket(s.bucket()).key(s.key()).uploadId(uploads.get(0).uploadId())).parts();
                    if (parts.size() >= atLeast) {
                        return parts;
                    }
                }
                if (!worker.isAlive()) {
                    throw new AssertionError("the worker ended before it stored " + atLeast + " parts:\n" + output(name));
                }
                Thread.sleep(100);
            }
        }
        throw new AssertionError("the worker stored no " + atLeast + " parts within 60 s:\n" + output(name));
    }

    static void assertIdenticalAndNothingLeft(Setup s) throws Exception {
        try (S3Client s3 = destination.client()) {
            assertArrayEquals(s.data(), s3.getObjectAsBytes(b -> b.bucket(s.bucket()).key(s.key())).asByteArray(), "byte-identical");
            assertTrue(s3.listMultipartUploads(b -> b.bucket(s.bucket())).uploads().stream().noneMatch(u -> u.key().equals(s.key())),
                    "no unfinished upload of the object left");
        }
        assertArrayEquals(new long[] {0, 0, 0}, sqs.depth(s.queues().url()), "the message deleted");
        assertArrayEquals(new long[] {0, 0, 0}, sqs.depth(s.queues().deadLetterUrl()), "nothing in the dead-letter queue");
    }

    static String output(String name) throws Exception {
        return Files.readString(home.resolve(name + ".out"), StandardCharsets.UTF_8);
    }

    @Test
    void workerKilledMidObject_anotherWorkerFinishesItAfterTheVisibilityTimeout_resendingAtMostThePartsInFlight() throws Exception {
        Setup s = setup("sigkill");
        Process first = worker(s, "killed");
        List<Part> stored = waitForParts(s, 3, first, "killed");
        first.destroyForcibly(); // SIGKILL
        assertTrue(first.waitFor(10, TimeUnit.SECONDS));
        destination.resetCounters();

        Process second = worker(s, "takes-over", "--idle-exit", "5");

        assertTrue(second.waitFor(120, TimeUnit.SECONDS), output("takes-over"));
        assertEquals(0, second.exitValue(), output("takes-over"));
        assertIdenticalAndNothingLeft(s);
        int sentAgain = destination.partsReceived();
        assertTrue(sentAgain <= PARTS - stored.size() + IN_FLIGHT,
                "at most the parts in flight sent again: " + sentAgain + " parts after " + stored.size() + " were stored\n" + output("takes-over"));
        assertTrue(sentAgain < PARTS, "parts the first worker stored were proven and kept, not sent again");
    }

    @Test
    void workerStoppedPastItsLeaseAndContinued_stopsOnTheLostLeaseAndTheObjectIsRight() throws Exception {
        Setup s = setup("sigstop");
        Process first = worker(s, "stalled", "--idle-exit", "4");
        waitForParts(s, 2, first, "stalled");
        new ProcessBuilder("kill", "-STOP", Long.toString(first.pid())).start().waitFor();
        try {
            Process second = worker(s, "takes-over-stalled", "--idle-exit", "5");
            assertTrue(second.waitFor(120, TimeUnit.SECONDS), output("takes-over-stalled"));
            assertEquals(0, second.exitValue(), output("takes-over-stalled"));
        } finally {
            new ProcessBuilder("kill", "-CONT", Long.toString(first.pid())).start().waitFor();
        }

        assertTrue(first.waitFor(60, TimeUnit.SECONDS), output("stalled"));
        assertEquals(0, first.exitValue(), output("stalled"));
        assertTrue(output("stalled").contains("lease lost"), output("stalled"));
        assertIdenticalAndNothingLeft(s);
    }

    @Test
    void workerTerminatedMidObject_endsWithinSecondsAndItsMessageIsVisibleAgainAtOnce() throws Exception {
        Setup s = setup("sigterm");
        Process worker = worker(s, "terminated", "--visibility", "600");
        waitForParts(s, 1, worker, "terminated");

        long before = System.nanoTime();
        worker.destroy(); // SIGTERM
        assertTrue(worker.waitFor(20, TimeUnit.SECONDS), output("terminated"));
        long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - before);

        assertTrue(seconds < 12, "ended within seconds: " + seconds + " s\n" + output("terminated"));
        assertTrue(output("terminated").contains("handed back"), output("terminated"));
        assertEquals(1, sqs.peek(s.queues().url()).size(), "visible again at once, not after the 600 s visibility");
    }
}
