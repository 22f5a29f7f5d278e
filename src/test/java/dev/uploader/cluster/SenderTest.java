package dev.uploader.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.uploader.config.JobType;
import dev.uploader.engine.JobSettings;
import dev.uploader.engine.ProgressListener;
import dev.uploader.engine.RetryPolicy;
import dev.uploader.engine.TransferException;
import dev.uploader.engine.UploadJob;
import dev.uploader.metrics.ClusterMetrics;
import dev.uploader.storage.S3ClientFactory;
import dev.uploader.storage.local.LocalDirectorySource;
import dev.uploader.storage.s3.S3Bucket;
import dev.uploader.storage.s3.S3Location;
import dev.uploader.storage.sqs.SqsWorkQueue;
import dev.uploader.testing.S3TestServer;
import dev.uploader.testing.SqsTestServer;
import dev.uploader.testing.TestFiles;
import dev.uploader.testing.TestProfiles;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sqs.model.Message;

/** The sender against a real SQS-protocol server (ElasticMQ) and a real store (S3Proxy). */
class SenderTest {
    static final long MIB = TestFiles.MIB;
    static SqsTestServer sqs;
    static S3TestServer store;
    @TempDir
    static Path home;

    @BeforeAll
    static void start() throws Exception {
        sqs = SqsTestServer.start();
        store = S3TestServer.inMemory();
        TestProfiles.write(home.resolve("aws"), S3TestServer.ACCESS_KEY, S3TestServer.SECRET_KEY);
        TestProfiles.useInThisJvm(home.resolve("aws"));
    }

    @AfterAll
    static void stop() throws Exception {
        sqs.close();
        store.close();
    }

    /**
     * The real queue, but its first batch refuses some entries as SQS may (a throttled or failed entry of a
     * SendMessageBatch whose request succeeded): a test double, since ElasticMQ never refuses a valid entry.
     */
    static final class RefusingQueue extends ForwardingQueue {
        final AtomicInteger batches = new AtomicInteger();
        final boolean senderFault;

        RefusingQueue(WorkQueue real, boolean senderFault) {
            super(real);
            this.senderFault = senderFault;
        }

        @Override
        public List<Refused> sendBatch(List<String> bodies) {
            if (batches.getAndIncrement() > 0 || bodies.size() < 3) {
                return real.sendBatch(bodies);
            }
            List<String> taken = new ArrayList<>();
            List<Integer> index = new ArrayList<>();
            for (int i = 0; i < bodies.size(); i++) {
                if (i % 2 == 0) {
                    taken.add(bodies.get(i));
                    index.add(i);
                }
            }
            real.sendBatch(taken);
            List<Refused> refused = new ArrayList<>();
            for (int i = 1; i < bodies.size(); i += 2) {
                refused.add(new Refused(i, senderFault ? "InvalidMessageContents" : "InternalError", senderFault));
            }
            return refused;
        }
    }

    /**
     * The real queue as if its MaximumMessageSize were {@code max}, refusing what SQS refuses beyond it: a message or a
     * batch request of more bytes fails the whole request (BatchRequestTooLong, mapped to Fatal). A test double, since
     * ElasticMQ takes the attribute on CreateQueue but neither says it back nor holds messages to it.
     */
    static final class SizeKeepingQueue extends ForwardingQueue {
        final int max;
        final List<Integer> sizes = new CopyOnWriteArrayList<>();

        SizeKeepingQueue(WorkQueue real, int max) {
            super(real);
            this.max = max;
        }

        @Override
        public int maximumMessageSize() {
            return max;
        }

        @Override
        public List<Refused> sendBatch(List<String> bodies) {
            int total = 0;
            for (String body : bodies) {
                int size = body.getBytes(StandardCharsets.UTF_8).length;
                sizes.add(size);
                total += size;
            }
            if (total > max) {
                throw new TransferException.Fatal("the queue refused to send " + bodies.size() + " messages (BatchRequestTooLong)", null);
            }
            return real.sendBatch(bodies);
        }
    }

    /** Every order on the queue, by object name. */
    static Map<String, TransferOrder> drain(String url) {
        Map<String, TransferOrder> byName = new HashMap<>();
        for (List<Message> got = sqs.client().receiveMessage(r -> r.queueUrl(url).maxNumberOfMessages(10)).messages(); !got.isEmpty();
             got = sqs.client().receiveMessage(r -> r.queueUrl(url).maxNumberOfMessages(10)).messages()) {
            for (Message m : got) {
                TransferOrder o = TransferOrders.parse(m.body());
                for (TransferOrder.Item i : o.items()) {
                    TransferOrder before = byName.put(i.name(), o);
                    assertEquals(null, before, "queued once: " + i.name());
                }
            }
        }
        return byName;
    }

    static Sender.Summary send(Path folder, String bucket, WorkQueue queue, int perMessage, List<String> said) {
        S3Bucket destination = new S3ClientFactory().openStore(new S3Location(store.endpoint(), TestProfiles.PROFILE, "", true), bucket, 4);
        UploadJob plan = new UploadJob(new LocalDirectorySource(folder, null), destination, "pre", new JobSettings(8, 1, 2, 2, null, false, false, 0),
                ProgressListener.NONE, RetryPolicy.standard(1));
        Sender.Route route = new Sender.Route(JobType.LOCAL_TO_S3, folder.toString(), "", bucket, "pre");
        try (ClusterMetrics metrics = new ClusterMetrics("sender")) {
            return new Sender(queue, metrics, perMessage, 2, said::add).send(plan, route);
        } finally {
            destination.close();
        }
    }

    @Test
    void send_smallFilesShareOrdersAndBigOnesGoAlone_withThePlansPartSize() throws Exception {
        Path folder = home.resolve("mixed");
        for (int i = 0; i < 25; i++) {
            TestFiles.write(folder.resolve("small/" + i + ".txt"), 100 + i, i);
        }
        TestFiles.write(folder.resolve("big/a.bin"), 20 * MIB, 99);
        store.createBucket("mixed");
        SqsTestServer.Queues q = sqs.createQueues("mixed", 30, 3);
        List<String> said = new CopyOnWriteArrayList<>();

        Sender.Summary s;
        try (SqsWorkQueue queue = SqsWorkQueue.open(q.url(), TestProfiles.PROFILE, null)) {
            s = send(folder, "mixed", queue, 10, said);
        }

        assertEquals(26, s.objectsQueued());
        assertEquals(4, s.messages(), "25 small ones in orders of at most 10, the big one alone");
        Map<String, TransferOrder> orders = drain(q.url());
        assertEquals(26, orders.size());
        TransferOrder big = orders.get("big/a.bin");
        assertEquals(1, big.items().size());
        assertEquals(8 * MIB, big.partSize(), "the plan's part size, fixed for every worker");
        assertEquals("pre", big.destinationPrefix());
        assertEquals(20 * MIB, big.items().get(0).size());
    }

    @Test
    void send_batchEntriesRefusedForAMoment_sentAgainAndEachOrderQueuedOnce() throws Exception {
        Path folder = home.resolve("refused");
        for (int i = 0; i < 30; i++) {
            TestFiles.write(folder.resolve("f" + i), 10, i);
        }
        store.createBucket("refused");
        SqsTestServer.Queues q = sqs.createQueues("refused", 30, 3);
        List<String> said = new CopyOnWriteArrayList<>();

        Sender.Summary s;
        try (RefusingQueue queue = new RefusingQueue(SqsWorkQueue.open(q.url(), TestProfiles.PROFILE, null), false)) {
            s = send(folder, "refused", queue, 1, said);
        }

        assertEquals(30, s.objectsQueued(), said.toString());
        assertEquals(0, s.unsent());
        assertTrue(s.sendRetries() >= 5, "the refused entries were sent again: " + s.sendRetries());
        assertEquals(30, drain(q.url()).size(), "every object on the queue exactly once");
    }

    @Test
    void send_entriesRefusedAsTheSendersFault_countedAsNotQueuedAndSaid() throws Exception {
        Path folder = home.resolve("bad");
        for (int i = 0; i < 10; i++) {
            TestFiles.write(folder.resolve("f" + i), 10, i);
        }
        store.createBucket("bad");
        SqsTestServer.Queues q = sqs.createQueues("bad", 30, 3);
        List<String> said = new CopyOnWriteArrayList<>();

        Sender.Summary s;
        try (RefusingQueue queue = new RefusingQueue(SqsWorkQueue.open(q.url(), TestProfiles.PROFILE, null), true)) {
            s = send(folder, "bad", queue, 1, said);
        }

        assertEquals(5, s.unsent());
        assertEquals(5, s.objectsQueued());
        assertEquals(5, said.size(), said.toString());
        assertTrue(said.get(0).contains("InvalidMessageContents"), said.toString());
    }

    @Test
    void send_queueOf1KiBMessagesAndNamesThatGrowAsJson_everyMessageAndBatchWithinItAndTheTooBigNameSaid() throws Exception {
        Path folder = home.resolve("escaped");
        // U+0001 is legal in a Linux file name and six bytes in JSON (\u0001): 40 of them are 240 bytes, not 40
        String awkward = "\u0001".repeat(40);
        for (int i = 0; i < 30; i++) {
            TestFiles.write(folder.resolve(awkward + i), 10, i);
        }
        // alone more than 1,024 bytes as JSON: no message can carry it
        TestFiles.write(folder.resolve("\u0002".repeat(200)), 10, 99);
        store.createBucket("escaped");
        String url = sqs.createQueues("escaped", 30, 3).url();
        List<String> said = new CopyOnWriteArrayList<>();

        Sender.Summary s;
        SizeKeepingQueue queue = new SizeKeepingQueue(SqsWorkQueue.open(url, TestProfiles.PROFILE, null), 1024);
        try (queue) {
            s = send(folder, "escaped", queue, 20, said);
        }

        assertEquals(30, s.objectsQueued(), said.toString());
        assertEquals(1, s.unsent());
        assertEquals(1, said.size(), said.toString());
        assertTrue(said.get(0).contains("MaximumMessageSize") && said.get(0).contains("1024 bytes"), said.get(0));
        assertTrue(queue.sizes.stream().allMatch(size -> size <= 1024), queue.sizes.toString());
        assertEquals(30, drain(url).size());
    }
}
