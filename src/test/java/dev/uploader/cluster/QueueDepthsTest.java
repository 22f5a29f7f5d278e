package dev.uploader.cluster;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.uploader.engine.TransferException;
import dev.uploader.metrics.ClusterMetrics;
import dev.uploader.storage.sqs.SqsWorkQueue;
import dev.uploader.testing.SqsTestServer;
import dev.uploader.testing.TestProfiles;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The queue's depths in the metrics, read from a real SQS-protocol server (ElasticMQ). */
class QueueDepthsTest {
    static SqsTestServer sqs;
    @TempDir
    static Path home;

    @BeforeAll
    static void start() throws Exception {
        sqs = SqsTestServer.start();
        TestProfiles.write(home.resolve("aws"), dev.uploader.testing.S3TestServer.ACCESS_KEY, dev.uploader.testing.S3TestServer.SECRET_KEY);
        TestProfiles.useInThisJvm(home.resolve("aws"));
    }

    @AfterAll
    static void stop() {
        sqs.close();
    }

    @Test
    void sample_messagesOnTheQueueAndItsDeadLetterQueue_bothGaugesShowThem() {
        SqsTestServer.Queues q = sqs.createQueues("depths", 30, 3);
        for (int i = 0; i < 3; i++) {
            sqs.send(q.url(), "{\"n\":" + i + "}");
        }
        sqs.send(q.deadLetterUrl(), "{\"dead\":1}");
        sqs.send(q.deadLetterUrl(), "{\"dead\":2}");

        String scraped;
        try (SqsWorkQueue queue = SqsWorkQueue.open(q.url(), TestProfiles.PROFILE, null);
             ClusterMetrics metrics = new ClusterMetrics("sender")) {
            new QueueDepths(queue, metrics).sample();
            scraped = metrics.scrape();
        }

        assertTrue(scraped.contains("uploader_queue_messages{role=\"sender\",state=\"visible\"} 3.0"), scraped);
        assertTrue(scraped.contains("uploader_queue_messages{role=\"sender\",state=\"in_flight\"} 0.0"), scraped);
        assertTrue(scraped.contains("uploader_dead_letter_messages{role=\"sender\"} 2.0"), scraped);
    }

    @Test
    void sample_queueUnreachable_neverThrowsAndTheGaugesKeepTheirLastValues() {
        SqsTestServer.Queues q = sqs.createQueues("depths-lost", 30, 3);
        sqs.send(q.url(), "{}");
        try (SqsWorkQueue real = SqsWorkQueue.open(q.url(), TestProfiles.PROFILE, null);
             ClusterMetrics metrics = new ClusterMetrics("worker")) {
            new QueueDepths(real, metrics).sample();
            WorkQueue unreachable = new ForwardingQueue(real) {
                @Override
                public Depth depth() {
                    throw new TransferException.Retryable("cannot reach the queue", null);
                }

                @Override
                public Optional<Depth> deadLetterDepth() {
                    throw new IllegalStateException("a mistake of the queue's adapter");
                }
            };

            QueueDepths depths = new QueueDepths(unreachable, metrics);
            depths.run();
            depths.sample();

            String scraped = metrics.scrape();
            assertTrue(scraped.contains("uploader_queue_messages{role=\"worker\",state=\"visible\"} 1.0"), scraped);
        }
    }
}
