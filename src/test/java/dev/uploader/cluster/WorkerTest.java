package dev.uploader.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.uploader.config.JobType;
import dev.uploader.engine.Lease;
import dev.uploader.metrics.ClusterMetrics;
import dev.uploader.storage.sqs.SqsWorkQueue;
import dev.uploader.testing.SqsTestServer;
import dev.uploader.testing.TestProfiles;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The worker's queue handling against a real SQS-protocol server (ElasticMQ): heartbeats, hand-backs, deletes, the
 * dead-letter queue. The order runner is scripted (a test double): these tests are about what happens to messages
 * while an order takes as long as the test wants, which the real engine over a real store cannot be made to do exactly.
 */
class WorkerTest {
    static SqsTestServer sqs;
    @TempDir
    static Path home;

    @BeforeAll
    static void start() throws Exception {
        sqs = SqsTestServer.start();
        TestProfiles.write(home.resolve("aws"), "AKIDQUEUE", "queue-secret");
        TestProfiles.useInThisJvm(home.resolve("aws"));
    }

    @AfterAll
    static void stop() {
        sqs.close();
    }

    static String order(String name) {
        return TransferOrders.toJson(new TransferOrder(JobType.S3_TO_S3, "src", "", "dst", "", 5 << 20,
                List.of(new TransferOrder.Item(name, 10, "etag", false))));
    }

    /** Runs each order as the script says, and remembers the leases it was given. */
    static final class ScriptedRunner implements OrderRunner {
        final List<Lease> leases = new CopyOnWriteArrayList<>();
        final AtomicInteger runs = new AtomicInteger();
        volatile OrderRunner.Outcome outcome = OrderRunner.Outcome.DONE;
        volatile Duration takes = Duration.ZERO;
        final CountDownLatch started = new CountDownLatch(1);
        final AtomicBoolean stopped = new AtomicBoolean();
        /** Each object's write ends after the lease was lost, as the engine's leased store tells it. */
        volatile boolean landsLate;

        @Override
        public List<ObjectResult> run(TransferOrder order, Lease lease, Consumer<Runnable> stopper, java.util.function.LongConsumer onTheWire) {
            runs.incrementAndGet();
            leases.add(lease);
            stopper.accept(() -> stopped.set(true));
            started.countDown();
            long until = System.nanoTime() + takes.toNanos();
            // as the engine does: its writes ask the lease and end once it is lost
            while (System.nanoTime() < until && !stopped.get() && lease.held()) {
                sleep(50);
            }
            OrderRunner.Outcome end = stopped.get() || !lease.held() ? OrderRunner.Outcome.FAILED : outcome;
            if (landsLate && runs.get() == 1 && !lease.held()) {
                order.items().forEach(i -> lease.landedLate(i.name()));
            }
            return order.items().stream().map(i -> new ObjectResult(i, "s3://src/" + i.name(), "s3://dst/" + i.name(), end, "scripted", i.size(),
                    0, 0, 0, 1, null)).toList();
        }

        @Override
        public void close() {
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static Worker worker(SqsWorkQueue queue, OrderRunner runner, int visibility, Integer idleExit, int retryDelay, List<String> said) {
        return worker(queue, runner, visibility, idleExit, retryDelay, said, new ClusterMetrics("worker"));
    }

    static Worker worker(SqsWorkQueue queue, OrderRunner runner, int visibility, Integer idleExit, int retryDelay, List<String> said,
                         ClusterMetrics metrics) {
        return new Worker(queue, runner, new EventRoute("src", "", "dst", "", false), metrics,
                new Worker.Settings(2, Duration.ofSeconds(visibility), idleExit == null ? null : Duration.ofSeconds(idleExit),
                        Duration.ofSeconds(retryDelay), "test"), said::add);
    }

    @Test
    void run_orderThatOutlastsTheVisibilityTimeout_heartbeatKeepsItAndItIsDeletedOnce() throws Exception {
        SqsTestServer.Queues q = sqs.createQueues("heartbeat", 10, 3);
        sqs.send(q.url(), order("slow.bin"));
        ScriptedRunner runner = new ScriptedRunner();
        runner.takes = Duration.ofSeconds(16);
        List<String> said = new CopyOnWriteArrayList<>();
        try (SqsWorkQueue queue = SqsWorkQueue.open(q.url(), TestProfiles.PROFILE, null); ClusterMetrics metrics = new ClusterMetrics("worker")) {
            Worker.Summary s = worker(queue, runner, 10, 2, 1, said, metrics).run();

            assertEquals(1, runner.runs.get(), "received once: the heartbeat kept it invisible past 10 s");
            assertEquals(1, s.objectsDone(), said.toString());
            assertEquals(0, s.leasesLost());
            String scraped = metrics.scrape();
            assertTrue(scraped.contains("uploader_jobs_finished_total{outcome=\"done\",role=\"worker\"} 1.0"), scraped);
            assertTrue(scraped.lines().anyMatch(l -> l.startsWith("uploader_heartbeats_total{result=\"ok\"") && !l.endsWith(" 0.0")), scraped);
        }
        assertEquals(0, sqs.depth(q.url())[0] + sqs.depth(q.url())[1], "deleted");
    }

    @Test
    void stop_whileAnOrderRuns_itsMessageIsVisibleAgainAtOnceAndItsLeaseIsLost() throws Exception {
        SqsTestServer.Queues q = sqs.createQueues("handback", 300, 3);
        sqs.send(q.url(), order("big.bin"));
        ScriptedRunner runner = new ScriptedRunner();
        runner.takes = Duration.ofMinutes(5);
        try (SqsWorkQueue queue = SqsWorkQueue.open(q.url(), TestProfiles.PROFILE, null)) {
            Worker worker = worker(queue, runner, 300, null, 1, new CopyOnWriteArrayList<>());
            Thread t = new Thread(worker::run);
            t.start();
            assertTrue(runner.started.await(20, TimeUnit.SECONDS));

            long before = System.nanoTime();
            worker.stop();
            t.join(10_000);

            assertFalse(t.isAlive(), "the worker ended");
            assertTrue(System.nanoTime() - before < TimeUnit.SECONDS.toNanos(8), "within seconds");
            assertTrue(runner.stopped.get(), "its job was stopped");
            assertFalse(runner.leases.get(0).held(), "no write after the stop");
        }
        assertEquals(1, sqs.peek(q.url()).size(), "visible again at once for another worker, not after 300 s");
    }

    @Test
    void run_failedOrder_messageComesBackAfterTheRetryDelayAndEndsInTheDeadLetterQueue() throws Exception {
        SqsTestServer.Queues q = sqs.createQueues("failing", 30, 2);
        sqs.send(q.url(), order("always-fails.bin"));
        ScriptedRunner runner = new ScriptedRunner();
        runner.outcome = OrderRunner.Outcome.FAILED;
        List<String> said = new CopyOnWriteArrayList<>();
        try (SqsWorkQueue queue = SqsWorkQueue.open(q.url(), TestProfiles.PROFILE, null)) {
            Worker.Summary s = worker(queue, runner, 30, 4, 1, said).run();

            assertEquals(2, runner.runs.get(), "tried once per receive, up to maxReceiveCount: " + said);
            assertEquals(2, s.objectsFailed());
        }
        assertEquals(1, sqs.peek(q.deadLetterUrl()).size(), "moved to the dead-letter queue by the redrive policy");
        assertEquals(0, sqs.depth(q.url())[0] + sqs.depth(q.url())[1]);
    }

    @Test
    void run_poisonMessages_neverDeletedAndEndInTheDeadLetterQueue() throws Exception {
        SqsTestServer.Queues q = sqs.createQueues("poison", 30, 2);
        sqs.send(q.url(), "this is not JSON {");
        sqs.send(q.url(), "{\"uploader\":1,\"type\":\"S3_TO_S3\"}");
        sqs.send(q.url(), "{\"some\":\"other system's message\"}");
        ScriptedRunner runner = new ScriptedRunner();
        List<String> said = new CopyOnWriteArrayList<>();
        try (SqsWorkQueue queue = SqsWorkQueue.open(q.url(), TestProfiles.PROFILE, null)) {
            Worker.Summary s = worker(queue, runner, 30, 4, 0, said).run();

            assertEquals(0, runner.runs.get());
            assertEquals(6, s.poison(), said.toString());
            assertTrue(said.stream().allMatch(line -> line.contains("dead-letter queue")), said.toString());
        }
        assertEquals(3, sqs.depth(q.deadLetterUrl())[0]);
    }

    @Test
    void heartbeat_messageDeletedBehindTheWorkersBack_leaseLostAtTheNextBeatAndTheJobEndsWithoutTouchingTheMessage() throws Exception {
        SqsTestServer.Queues q = sqs.createQueues("stolen", 12, 3);
        sqs.send(q.url(), order("stolen.bin"));
        ScriptedRunner runner = new ScriptedRunner();
        runner.takes = Duration.ofSeconds(30);
        List<String> said = new CopyOnWriteArrayList<>();
        try (SqsWorkQueue queue = SqsWorkQueue.open(q.url(), TestProfiles.PROFILE, null)) {
            Worker worker = worker(queue, runner, 12, 3, 1, said);
            Worker.Summary[] summary = new Worker.Summary[1];
            Thread t = new Thread(() -> summary[0] = worker.run());
            t.start();
            assertTrue(runner.started.await(20, TimeUnit.SECONDS));
            long purged = System.nanoTime();
            // another receiver's hand: the queue no longer holds this receipt handle
            sqs.client().purgeQueue(r -> r.queueUrl(q.url()));
            t.join(40_000);

            assertFalse(t.isAlive());
            assertFalse(runner.leases.get(0).held(), "no write after the refused heartbeat");
            assertTrue(System.nanoTime() - purged < TimeUnit.SECONDS.toNanos(25), "the job ended at the next beat, not after its 30 s");
            assertEquals(1, summary[0].leasesLost(), said.toString());
            assertEquals(0, summary[0].handedBack(), "a message no longer ours is left alone");
        }
    }

    @Test
    void run_writeLandedAfterTheMessageWasLost_objectQueuedAgainInAnOrderOfItsOwnAfterTheLateWriteDelay() throws Exception {
        SqsTestServer.Queues q = sqs.createQueues("late", 12, 3);
        sqs.send(q.url(), order("late.bin"));
        ScriptedRunner runner = new ScriptedRunner();
        runner.takes = Duration.ofSeconds(30);
        runner.landsLate = true;
        List<String> said = new CopyOnWriteArrayList<>();
        List<String> sent = new CopyOnWriteArrayList<>();
        List<Duration> delays = new CopyOnWriteArrayList<>();
        try (SqsWorkQueue real = SqsWorkQueue.open(q.url(), TestProfiles.PROFILE, null)) {
            // the real queue, the bodies and delays it is given noted: a delayed message cannot be looked at before its time
            WorkQueue queue = new ForwardingQueue(real) {
                @Override
                public List<Refused> sendBatch(List<String> bodies, Duration delay) {
                    sent.addAll(bodies);
                    delays.add(delay);
                    return real.sendBatch(bodies, delay);
                }
            };
            Worker worker = new Worker(queue, runner, null, new ClusterMetrics("worker"),
                    new Worker.Settings(2, Duration.ofSeconds(12), null, Duration.ofSeconds(1), "test"), said::add);
            Thread t = new Thread(worker::run);
            t.start();
            assertTrue(runner.started.await(20, TimeUnit.SECONDS));
            // the message done and deleted by another worker meanwhile
            sqs.client().purgeQueue(r -> r.queueUrl(q.url()));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(40);
            while (sent.isEmpty() && System.nanoTime() < deadline) {
                sleep(200);
            }
            worker.stop();
            t.join(20_000);
        }
        assertEquals(1, sent.size(), "queued again: " + said);
        TransferOrder again = TransferOrders.parse(sent.get(0));
        assertEquals(List.of("late.bin"), again.items().stream().map(TransferOrder.Item::name).toList());
        assertEquals(5 << 20, again.partSize(), "the same layout");
        assertEquals(List.of(Worker.LATE_WRITE_DELAY), delays, "looked at once the late write is surely over");
        assertEquals(1, sqs.depth(q.url())[2], "on the queue, delayed");
        assertTrue(said.stream().anyMatch(l -> l.contains("queued again")), said.toString());
    }

    /**
     * The real queue with the first heartbeat of one message held back: a slow or throttled answer, which no real server
     * gives on demand (the one thing here that is not the server's own behaviour).
     */
    static final class OneSlowHeartbeat extends ForwardingQueue {
        final String slowBody;
        final Duration delay;
        final AtomicBoolean held = new AtomicBoolean();

        OneSlowHeartbeat(WorkQueue real, String slowBody, Duration delay) {
            super(real);
            this.slowBody = slowBody;
            this.delay = delay;
        }

        @Override
        public void extendLease(QueueMessage message, Duration visibility) {
            if (message.body().contains(slowBody) && held.compareAndSet(false, true)) {
                sleep(delay.toMillis());
            }
            real.extendLease(message, visibility);
        }
    }

    @Test
    void heartbeat_oneMessagesCallHangs_theOtherMessagesLeaseIsStillRenewed() throws Exception {
        SqsTestServer.Queues q = sqs.createQueues("slow-beat", 10, 5);
        sqs.send(q.url(), order("slow-beat.bin"));
        sqs.send(q.url(), order("steady.bin"));
        ScriptedRunner runner = new ScriptedRunner();
        runner.takes = Duration.ofSeconds(12);
        List<String> said = new CopyOnWriteArrayList<>();
        try (SqsWorkQueue real = SqsWorkQueue.open(q.url(), TestProfiles.PROFILE, null)) {
            WorkQueue queue = new OneSlowHeartbeat(real, "slow-beat.bin", Duration.ofSeconds(9));
            Worker.Summary s = new Worker(queue, runner, null, new ClusterMetrics("worker"),
                    new Worker.Settings(2, Duration.ofSeconds(10), Duration.ofSeconds(2), Duration.ofSeconds(1), "test"), said::add).run();

            assertEquals(1, s.leasesLost(), "only the message whose heartbeat hung lost its lease: " + said);
            assertEquals(2, s.objectsDone(), said.toString());
            assertEquals(3, runner.runs.get(), "the steady one ran once, the other again after its lease ran out");
        }
        assertEquals(0, java.util.Arrays.stream(sqs.depth(q.url())).sum());
    }
}
