package dev.uploader.demo;

import dev.uploader.testing.S3TestServer;
import dev.uploader.testing.SqsTestServer;
import dev.uploader.testing.TestProfiles;

/**
 * The servers of a cluster on this machine, to try the cluster mode by hand or for bench/cluster.sh:
 * {@code java -cp <test class path> dev.uploader.demo.ClusterServers SOURCE_BUCKET DESTINATION_BUCKET QUEUE...}.
 * Starts two S3-compatible stores (S3Proxy, objects in memory): the source with the keys of the {@code source} profile of
 * {@link TestProfiles}, the destination with those of {@link S3TestServer}; and ElasticMQ (the SQS protocol) with each
 * queue and its dead-letter queue {@code QUEUE-dlq} (maxReceiveCount 5). Prints one line each, then runs until killed:
 * <pre>
 * source http://127.0.0.1:PORT
 * destination http://127.0.0.1:PORT
 * sqs http://127.0.0.1:PORT
 * queue NAME QUEUE_URL DEAD_LETTER_QUEUE_URL
 * </pre>
 */
public final class ClusterServers {
    private ClusterServers() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: ClusterServers SOURCE_BUCKET DESTINATION_BUCKET [QUEUE...]");
            System.exit(2);
        }
        S3TestServer source = S3TestServer.inMemory(TestProfiles.SOURCE_ACCESS_KEY, TestProfiles.SOURCE_SECRET_KEY);
        S3TestServer destination = S3TestServer.inMemory();
        SqsTestServer sqs = SqsTestServer.start();
        source.createBucket(args[0]);
        destination.createBucket(args[1]);
        System.out.println("source " + source.endpoint());
        System.out.println("destination " + destination.endpoint());
        System.out.println("sqs " + sqs.endpoint());
        for (int i = 2; i < args.length; i++) {
            SqsTestServer.Queues queues = sqs.createQueues(args[i], 30, 5);
            System.out.println("queue " + args[i] + " " + queues.url() + " " + queues.deadLetterUrl());
        }
        System.out.flush();
        Thread.currentThread().join();
    }
}
