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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Cluster mode for real: ElasticMQ as the queue, S3Proxy as the stores, the sender run as the command line runs it
 * and the workers as processes of their own.
 */
class ClusterEndToEndTest extends TwoServerTest {
    static final long MIB = TestFiles.MIB;
    static SqsTestServer sqs;

    @BeforeAll
    static void startQueue() {
        sqs = SqsTestServer.start();
    }

    @AfterAll
    static void stopQueue() {
        sqs.close();
    }

    /** Names a filesystem, S3 and a JSON message all find awkward, and sizes around the part size. */
    static Map<String, Long> awkwardTree() {
        Map<String, Long> tree = new LinkedHashMap<>();
        tree.put("empty.txt", 0L);
        tree.put("one byte", 1L);
        tree.put("a+b=c&d.txt", 1000L);
        tree.put("per%cent/100% sure.bin", 4096L);
        tree.put("中文/文件 名.dat", 70_000L);
        tree.put("quotes \"and\" back\\slash.txt", 12L);
        tree.put("emoji 😀/ok.bin", 3L);
        tree.put("deep/a/b/c/d/e/f.bin", 5 * MIB);
        tree.put("big/exactly-two-parts.bin", 10 * MIB);
        tree.put("big/three-parts-and-a-bit.bin", 10 * MIB + 17);
        for (int i = 0; i < 40; i++) {
            tree.put("many/file-" + i + ".txt", 100L + i);
        }
        return tree;
    }

    @Test
    void senderAndThreeWorkerProcesses_localFolderOfAwkwardNames_everyObjectIdenticalAndTheQueuesEmpty() throws Exception {
        Path src = home.resolve("shared-folder");
        Map<String, Long> tree = awkwardTree();
        long seed = 1;
        for (Map.Entry<String, Long> e : tree.entrySet()) {
            TestFiles.write(src.resolve(e.getKey()), e.getValue(), seed++);
        }
        destination.createBucket("cluster-local");
        SqsTestServer.Queues q = sqs.createQueues("local-jobs", 30, 3);
        Path config = new TestConfig(destination.endpoint(), "cluster-local", "backup", src).write(home.resolve("local.ini"));

        CliRun sent = CliRun.run(home, "--nogui", "--config", config.toString(), "--send-to", q.url(), "--objects-per-message", "7");

        assertEquals(0, sent.exitCode, sent.toString());
        assertTrue(sent.out.contains("queued:   " + tree.size() + " objects"), sent.out);
        List<Process> workers = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            workers.add(UploaderProcess.start(home, home.resolve("worker-" + i + ".out"), TestProfiles.environment(home.resolve("aws")),
                    "--nogui", "--config", config.toString(), "--worker", q.url(), "--idle-exit", "4", "--jobs", "3"));
        }
        for (int i = 0; i < workers.size(); i++) {
            Process w = workers.get(i);
            assertTrue(w.waitFor(90, TimeUnit.SECONDS), "worker " + i + " ends when idle");
            assertEquals(0, w.exitValue(), Files.readString(home.resolve("worker-" + i + ".out")));
        }
        try (S3Client s3 = destination.client()) {
            for (String name : tree.keySet()) {
                byte[] expected = Files.readAllBytes(src.resolve(name));
                byte[] actual = s3.getObjectAsBytes(b -> b.bucket("cluster-local").key("backup/" + name)).asByteArray();
                assertArrayEquals(expected, actual, name);
            }
            assertTrue(s3.listMultipartUploads(b -> b.bucket("cluster-local")).uploads().isEmpty(), "no unfinished upload left");
        }
        assertArrayEquals(new long[] {0, 0, 0}, sqs.depth(q.url()), "every message deleted");
        assertArrayEquals(new long[] {0, 0, 0}, sqs.depth(q.deadLetterUrl()), "nothing in the dead-letter queue");
        String all = "";
        for (int i = 0; i < 3; i++) {
            all += Files.readString(home.resolve("worker-" + i + ".out"), StandardCharsets.UTF_8);
        }
        assertTrue(all.contains("uploaded"), all);

        CliRun again = CliRun.run(home, "--nogui", "--config", config.toString(), "--send-to", q.url());

        assertEquals(0, again.exitCode, again.toString());
        assertTrue(again.out.contains("queued:   0 objects") && again.out.contains("skipped:  " + tree.size()), again.out);
    }

    /** An S3 event notification as S3 puts it on a queue (the S3 user guide's event message structure). */
    static String s3Event(String bucket, String encodedKey, long size, String etag) {
        return """
                {"Records":[{"eventVersion":"2.1","eventSource":"aws:s3","awsRegion":"us-east-1","eventTime":"2026-12-02T10:00:00.000Z",
                "eventName":"ObjectCreated:Put","userIdentity":{"principalId":"AWS:AIDAEXAMPLE"},"requestParameters":{"sourceIPAddress":"10.0.0.1"},
                "responseElements":{"x-amz-request-id":"C3D13FE58DE4C810","x-amz-id-2":"FMyUVURIY8/IgAtTv8xRjskZQpcIZ9KG4V5Wp6S7S/JRWeUWerMUE5JgHvANOjpD"},
                "s3":{"s3SchemaVersion":"1.0","configurationId":"uploader-replication","bucket":{"name":"%s","ownerIdentity":{"principalId":"A3NL1KOZZKExample"},
                "arn":"arn:aws:s3:::%s"},"object":{"key":"%s","size":%d,"eTag":"%s","sequencer":"0055AED6DCD90281E5"}}}]}
                """.formatted(bucket, bucket, encodedKey, size, etag);
    }

    static String sns(String message) {
        String escaped = message.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "");
        return "{\"Type\":\"Notification\",\"MessageId\":\"22b80b92-fdea-4c2c-8f9d-bdfb0c7bf324\",\"TopicArn\":\"arn:aws:sns:us-east-1:123456789012:uploads\","
                + "\"Subject\":\"Amazon S3 Notification\",\"Message\":\"" + escaped + "\",\"Timestamp\":\"2026-12-02T10:00:01.000Z\","
                + "\"SignatureVersion\":\"1\",\"Signature\":\"EXAMPLE\",\"SigningCertURL\":\"https://sns.us-east-1.amazonaws.com/cert.pem\","
                + "\"UnsubscribeURL\":\"https://sns.us-east-1.amazonaws.com/?Action=Unsubscribe\"}";
    }

    @Test
    void worker_s3EventsDirectSnsWrappedAndATestEvent_newObjectsCopiedTheTestEventDroppedNothingLeft() throws Exception {
        sourceStore.createBucket("events-src");
        destination.createBucket("events-dst");
        byte[] plain = TestFiles.bytes(70_000, 11);
        byte[] spaced = TestFiles.bytes(6 * MIB + 5, 12);
        byte[] wrapped = TestFiles.bytes(123, 13);
        try (S3Client src = sourceStore.client()) {
            src.putObject(b -> b.bucket("events-src").key("in/photo.jpg"), software.amazon.awssdk.core.sync.RequestBody.fromBytes(plain));
            src.putObject(b -> b.bucket("events-src").key("in/my file+1 é.bin"), software.amazon.awssdk.core.sync.RequestBody.fromBytes(spaced));
            src.putObject(b -> b.bucket("events-src").key("in/via sns.txt"), software.amazon.awssdk.core.sync.RequestBody.fromBytes(wrapped));
        }
        SqsTestServer.Queues q = sqs.createQueues("events", 30, 3);
        sqs.send(q.url(), s3Event("events-src", "in/photo.jpg", plain.length, "0"));
        sqs.send(q.url(), s3Event("events-src", "in/my+file%2B1+%C3%A9.bin", spaced.length, "0"));
        sqs.send(q.url(), sns(s3Event("events-src", "in/via+sns.txt", wrapped.length, "0")));
        sqs.send(q.url(), "{\"Service\":\"Amazon S3\",\"Event\":\"s3:TestEvent\",\"Time\":\"2026-12-02T10:00:00.000Z\",\"Bucket\":\"events-src\","
                + "\"RequestId\":\"5582815E1AEA5ADF\",\"HostId\":\"8cLeGAmw098X5cv4Zkwcmo8vvZa3eH3eKxsPzbB9wrR+YstdA6Knx4Ip8EXAMPLE\"}");
        // a stale event, sent again: the object is there already; it costs a HEAD
        sqs.send(q.url(), s3Event("events-src", "in/photo.jpg", plain.length, "0"));
        // S3_TO_S3: S3Prefix is the source's prefix, DesPrefix the destination's (the original tool's keys)
        Path config = new TestConfig(destination.endpoint(), "events-dst", "in", home).fromS3(sourceStore.endpoint(), "events-src")
                .basic("DesPrefix", "replica").write(home.resolve("events.ini"));

        CliRun worker = CliRun.run(home, "--nogui", "--config", config.toString(), "--worker", q.url(), "--idle-exit", "3");

        assertEquals(0, worker.exitCode, worker.toString());
        try (S3Client s3 = destination.client()) {
            assertArrayEquals(plain, s3.getObjectAsBytes(b -> b.bucket("events-dst").key("replica/photo.jpg")).asByteArray());
            assertArrayEquals(spaced, s3.getObjectAsBytes(b -> b.bucket("events-dst").key("replica/my file+1 é.bin")).asByteArray());
            assertArrayEquals(wrapped, s3.getObjectAsBytes(b -> b.bucket("events-dst").key("replica/via sns.txt")).asByteArray());
        }
        assertTrue(worker.out.contains("objects 3 uploaded, 1 already there"), worker.toString());
        assertArrayEquals(new long[] {0, 0, 0}, sqs.depth(q.url()), "every message deleted, the test event too");
        assertArrayEquals(new long[] {0, 0, 0}, sqs.depth(q.deadLetterUrl()));
    }

    static String s3Removal(String bucket, String encodedKey) {
        return """
                {"Records":[{"eventVersion":"2.1","eventSource":"aws:s3","awsRegion":"us-east-1","eventTime":"2026-12-02T10:05:00.000Z",
                "eventName":"ObjectRemoved:Delete","userIdentity":{"principalId":"AWS:AIDAEXAMPLE"},"requestParameters":{"sourceIPAddress":"10.0.0.1"},
                "responseElements":{"x-amz-request-id":"D3D13FE58DE4C811","x-amz-id-2":"EXAMPLE"},
                "s3":{"s3SchemaVersion":"1.0","configurationId":"uploader-replication","bucket":{"name":"%s","ownerIdentity":{"principalId":"A3NL1KOZZKExample"},
                "arn":"arn:aws:s3:::%s"},"object":{"key":"%s","sequencer":"0055AED6DCD90281E6"}}}]}
                """.formatted(bucket, bucket, encodedKey);
    }

    @Test
    void worker_deletionEvents_carriedOnlyWithCopyDeletesAndOnlyWhenTheSourceHasNoneNow() throws Exception {
        sourceStore.createBucket("del-src");
        destination.createBucket("del-dst");
        byte[] bytes = TestFiles.bytes(500, 21);
        try (S3Client src = sourceStore.client(); S3Client dst = destination.client()) {
            // gone.txt was deleted at the source; back.txt was deleted and written again before the event arrived
            src.putObject(b -> b.bucket("del-src").key("back.txt"), software.amazon.awssdk.core.sync.RequestBody.fromBytes(bytes));
            for (String key : List.of("gone.txt", "back.txt", "kept.txt")) {
                dst.putObject(b -> b.bucket("del-dst").key(key), software.amazon.awssdk.core.sync.RequestBody.fromBytes(bytes));
            }
        }
        Path config = new TestConfig(destination.endpoint(), "del-dst", "", home).fromS3(sourceStore.endpoint(), "del-src")
                .write(home.resolve("deletes.ini"));
        SqsTestServer.Queues without = sqs.createQueues("deletes-ignored", 30, 3);
        sqs.send(without.url(), s3Removal("del-src", "kept.txt"));
        SqsTestServer.Queues with = sqs.createQueues("deletes-copied", 30, 3);
        sqs.send(with.url(), s3Removal("del-src", "gone.txt"));
        sqs.send(with.url(), s3Removal("del-src", "back.txt"));

        CliRun ignoring = CliRun.run(home, "--nogui", "--config", config.toString(), "--worker", without.url(), "--idle-exit", "2");
        CliRun copying = CliRun.run(home, "--nogui", "--config", config.toString(), "--worker", with.url(), "--idle-exit", "2",
                "--copy-deletes");

        assertEquals(0, ignoring.exitCode, ignoring.toString());
        assertEquals(0, copying.exitCode, copying.toString());
        try (S3Client dst = destination.client()) {
            assertTrue(dst.headObject(b -> b.bucket("del-dst").key("kept.txt")).contentLength() == 500, "no --copy-deletes: kept");
            assertTrue(dst.listObjectsV2(b -> b.bucket("del-dst").prefix("gone.txt")).contents().isEmpty(), "deleted at the source: deleted here");
            assertArrayEquals(bytes, dst.getObjectAsBytes(b -> b.bucket("del-dst").key("back.txt")).asByteArray(),
                    "the source has it again: kept (its current version)");
        }
        assertTrue(copying.out.contains("1 deletions carried"), copying.toString());
        assertArrayEquals(new long[] {0, 0, 0}, sqs.depth(without.url()));
        assertArrayEquals(new long[] {0, 0, 0}, sqs.depth(with.url()));
        // one structured line per object in the run log, for log pipelines
        List<String> jobLines = new ArrayList<>();
        try (var logs = Files.walk(home)) {
            for (Path log : logs.filter(p -> p.toString().endsWith(".log")).toList()) {
                for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
                    if (line.contains("dev.uploader.jobs - {") && line.contains("del-dst/gone.txt")) {
                        jobLines.add(line.substring(line.indexOf("dev.uploader.jobs - ") + "dev.uploader.jobs - ".length()));
                    }
                }
            }
        }
        String seen;
        try (var logs = Files.walk(home)) {
            seen = logs.filter(p -> p.toString().endsWith(".log")).map(p -> {
                try {
                    return p + ":\n" + Files.readString(p);
                } catch (java.io.IOException e) {
                    return p.toString();
                }
            }).reduce("", String::concat);
        }
        assertEquals(1, jobLines.size(), seen.length() > 6000 ? seen.substring(seen.length() - 6000) : seen);
        assertTrue(jobLines.get(0).contains("\"outcome\":\"deleted\"") && jobLines.get(0).contains("\"messageId\":"), jobLines.get(0));
    }

    @Test
    void workerAndSender_wrongQueueOrValue_oneLineNamingTheProblemAndExitCodeWithinSeconds() throws Exception {
        destination.createBucket("bad-input");
        Path config = new TestConfig(destination.endpoint(), "bad-input", "", home).write(home.resolve("bad-input.ini"));
        String missing = sqs.endpoint() + "/000000000000/no-such-queue";

        CliRun noQueue = CliRun.run(home, "--nogui", "--config", config.toString(), "--worker", missing);
        CliRun noServer = CliRun.run(home, "--nogui", "--config", config.toString(), "--send-to", "http://127.0.0.1:1/000000000000/q");
        CliRun notUrl = CliRun.run(home, "--nogui", "--config", config.toString(), "--worker", "uploader-jobs");
        CliRun badVisibility = CliRun.run(home, "--nogui", "--config", config.toString(), "--worker", missing, "--visibility", "5");
        CliRun both = CliRun.run(home, "--nogui", "--config", config.toString(), "--worker", missing, "--send-to", missing);
        CliRun otherRole = CliRun.run(home, "--nogui", "--config", config.toString(), "--send-to", missing, "--copy-deletes");

        for (CliRun run : List.of(noQueue, noServer, notUrl, badVisibility, both, otherRole)) {
            assertTrue(run.err.lines().count() == 1 && run.err.startsWith("error: "), run.toString());
            assertTrue(!run.err.contains("Exception") && !run.err.contains("software.amazon"), run.toString());
            assertTrue(run.took.toSeconds() < 30, run.took + " " + run);
        }
        assertEquals(3, noQueue.exitCode, noQueue.toString());
        assertTrue(noQueue.err.contains("does not exist"), noQueue.toString());
        assertEquals(3, noServer.exitCode, noServer.toString());
        assertTrue(noServer.err.contains("cannot reach the queue"), noServer.toString());
        assertEquals(2, notUrl.exitCode, notUrl.toString());
        assertTrue(notUrl.err.contains("is not a queue URL"), notUrl.toString());
        assertEquals(2, badVisibility.exitCode, badVisibility.toString());
        assertEquals(2, both.exitCode, both.toString());
        assertEquals(2, otherRole.exitCode, otherRole.toString());
        assertTrue(otherRole.err.contains("options of --worker"), otherRole.toString());
    }

    @Test
    void worker_poisonMessageInABatchRun_endsInTheDeadLetterQueueAndTheWorkerExitsOne() throws Exception {
        destination.createBucket("poison");
        Path config = new TestConfig(destination.endpoint(), "poison", "", home).write(home.resolve("poison.ini"));
        SqsTestServer.Queues q = sqs.createQueues("poison-jobs", 30, 2);
        sqs.send(q.url(), "{\"not\":\"an order\"}");

        CliRun worker = CliRun.run(home, "--nogui", "--config", config.toString(), "--worker", q.url(), "--idle-exit", "1",
                "--retry-delay", "0");

        assertEquals(1, worker.exitCode, worker.toString());
        assertTrue(worker.out.contains("1 message(s) wait in the dead-letter queue"), worker.toString());
        assertEquals(1, sqs.depth(q.deadLetterUrl())[0]);
    }

    @Test
    void worker_ordersOfAFilteredNameAMissingFileAndANameNotUtf8_leftOutGoneAndFailedIntoTheDeadLetterQueue() throws Exception {
        Path share = home.resolve("filtered-share").toAbsolutePath();
        TestFiles.write(share.resolve("keep.txt"), 100, 31);
        TestFiles.write(share.resolve("draft.tmp"), 100, 32);
        destination.createBucket("filtered");
        Path config = new TestConfig(destination.endpoint(), "filtered", "", share).write(home.resolve("filtered.ini"));
        SqsTestServer.Queues q = sqs.createQueues("filtered-jobs", 30, 1);
        java.util.function.Function<String, String> order = name -> orderOf(dev.uploader.config.JobType.LOCAL_TO_S3, share.toString(), "filtered",
                name, 100);
        sqs.send(q.url(), order.apply("keep.txt"));
        sqs.send(q.url(), order.apply("draft.tmp"));
        sqs.send(q.url(), order.apply("deleted-since.txt"));
        // a name the sender's machine could not read as UTF-8: never found here, though the file may be there
        sqs.send(q.url(), order.apply("caf\uFFFD.txt"));

        CliRun worker = CliRun.run(home, "--nogui", "--config", config.toString(), "--worker", q.url(), "--idle-exit", "1",
                "--retry-delay", "0", "--exclude", "*.tmp");

        assertEquals(1, worker.exitCode, worker.toString());
        try (S3Client s3 = destination.client()) {
            assertEquals(100, s3.headObject(b -> b.bucket("filtered").key("keep.txt")).contentLength());
            assertTrue(s3.listObjectsV2(b -> b.bucket("filtered").prefix("draft")).contents().isEmpty(), "left out by the worker's filters");
        }
        assertTrue(worker.out.contains("deleted-since.txt is gone from the source"), worker.toString());
        List<String> dead = sqs.peek(q.deadLetterUrl()).stream().map(software.amazon.awssdk.services.sqs.model.Message::body).toList();
        assertEquals(1, dead.size(), "only the unreadable name: " + dead);
        assertTrue(dead.get(0).contains("caf"), dead.get(0));
        assertArrayEquals(new long[] {0, 0, 0}, sqs.depth(q.url()));
    }

    @Test
    void worker_eventOfAnS3CompatibleStoreAndARecordOfAnotherService_copiedAndRefusedIntoTheDeadLetterQueue() throws Exception {
        sourceStore.createBucket("minio-src");
        destination.createBucket("minio-dst");
        byte[] bytes = TestFiles.bytes(2000, 33);
        try (S3Client src = sourceStore.client()) {
            src.putObject(b -> b.bucket("minio-src").key("new file.txt"), software.amazon.awssdk.core.sync.RequestBody.fromBytes(bytes));
        }
        SqsTestServer.Queues q = sqs.createQueues("minio-events", 30, 1);
        // MinIO names itself in eventSource and puts s3: before the event name
        sqs.send(q.url(), s3Event("minio-src", "new+file.txt", bytes.length, "0").replace("\"aws:s3\"", "\"minio:s3\"")
                .replace("\"ObjectCreated:Put\"", "\"s3:ObjectCreated:Put\""));
        sqs.send(q.url(), s3Event("minio-src", "other.txt", 1, "0").replace("\"aws:s3\"", "\"aws:dynamodb\""));
        Path config = new TestConfig(destination.endpoint(), "minio-dst", "", home).fromS3(sourceStore.endpoint(), "minio-src")
                .write(home.resolve("minio.ini"));

        CliRun worker = CliRun.run(home, "--nogui", "--config", config.toString(), "--worker", q.url(), "--idle-exit", "1", "--retry-delay", "0");

        assertEquals(1, worker.exitCode, worker.toString());
        try (S3Client s3 = destination.client()) {
            assertArrayEquals(bytes, s3.getObjectAsBytes(b -> b.bucket("minio-dst").key("new file.txt")).asByteArray());
        }
        List<String> dead = sqs.peek(q.deadLetterUrl()).stream().map(software.amazon.awssdk.services.sqs.model.Message::body).toList();
        assertEquals(1, dead.size(), worker.toString());
        assertTrue(dead.get(0).contains("aws:dynamodb"), "the other service's record is kept, not thrown away");
    }

    @Test
    void senderAndWorker_metricsPortTaken_exitTwoWithOneLineNamingThePortAndTheOption() throws Exception {
        destination.createBucket("metrics-taken");
        Path config = new TestConfig(destination.endpoint(), "metrics-taken", "", home).write(home.resolve("metrics-taken.ini"));
        SqsTestServer.Queues q = sqs.createQueues("metrics-taken", 30, 3);

        CliRun sender;
        CliRun worker;
        // every address, as the metrics endpoint listens
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0)) {
            String port = Integer.toString(taken.getLocalPort());
            sender = CliRun.run(home, "--nogui", "--config", config.toString(), "--send-to", q.url(), "--metrics-port", port);
            worker = CliRun.run(home, "--nogui", "--config", config.toString(), "--worker", q.url(), "--idle-exit", "1", "--metrics-port", port);

            for (CliRun run : List.of(sender, worker)) {
                assertEquals(2, run.exitCode, run.toString());
                assertTrue(run.err.lines().count() == 1 && run.err.contains("--metrics-port " + port)
                        && run.err.contains("choose another --metrics-port"), run.toString());
                assertTrue(!run.err.contains("Exception"), run.toString());
            }
        }
        assertArrayEquals(new long[] {0, 0, 0}, sqs.depth(q.url()), "nothing queued");
    }

    @Test
    void senderAndWorker_samePairOptionsWithoutBucketPairs_theObjectsOfBothPairsMoved() throws Exception {
        Path one = home.resolve("pair-one");
        Path two = home.resolve("pair-two");
        TestFiles.write(one.resolve("a.txt"), 100, 31);
        TestFiles.write(two.resolve("sub/b.bin"), 6 * MIB, 32);
        destination.createBucket("pairs-dst");
        Path config = new TestConfig(destination.endpoint(), "pairs-dst", "", one).write(home.resolve("pairs.ini"));
        SqsTestServer.Queues q = sqs.createQueues("pairs-jobs", 30, 3);
        String[] pairs = {"--pair", one.toString(), "pairs-dst/from-one", "--pair", two.toString(), "pairs-dst/from-two"};

        CliRun sent = CliRun.run(home, concat(new String[] {"--nogui", "--config", config.toString(), "--send-to", q.url()}, pairs));
        CliRun worked = CliRun.run(home, concat(new String[] {"--nogui", "--config", config.toString(), "--worker", q.url(), "--idle-exit", "2"},
                pairs));

        assertEquals(0, sent.exitCode, sent.toString());
        assertEquals(0, worked.exitCode, worked.toString());
        try (S3Client s3 = destination.client()) {
            assertArrayEquals(Files.readAllBytes(one.resolve("a.txt")),
                    s3.getObjectAsBytes(b -> b.bucket("pairs-dst").key("from-one/a.txt")).asByteArray());
            assertArrayEquals(Files.readAllBytes(two.resolve("sub/b.bin")),
                    s3.getObjectAsBytes(b -> b.bucket("pairs-dst").key("from-two/sub/b.bin")).asByteArray());
        }
        assertArrayEquals(new long[] {0, 0, 0}, sqs.depth(q.url()), "every order run and deleted");
        assertArrayEquals(new long[] {0, 0, 0}, sqs.depth(q.deadLetterUrl()));
    }

    static String[] concat(String[] first, String[] second) {
        String[] all = java.util.Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, all, first.length, second.length);
        return all;
    }

    static String orderOf(dev.uploader.config.JobType type, String source, String destination, String name, long size) {
        return dev.uploader.cluster.TransferOrders.toJson(new dev.uploader.cluster.TransferOrder(type, source, "", destination, "", 5 * MIB,
                List.of(new dev.uploader.cluster.TransferOrder.Item(name, size, null, false))));
    }

    /** A worker that cannot start: exit 3, one line in words, quickly, and its queue's order untouched (never received). */
    static void assertNotStartedAndOrderUntouched(CliRun worker, String queueUrl, String words) {
        assertEquals(3, worker.exitCode, worker.toString());
        assertTrue(worker.err.lines().count() == 1 && worker.err.startsWith("error: worker not started, no message taken: ")
                && worker.err.contains(words), worker.toString());
        assertTrue(!worker.err.contains("Exception") && !worker.err.contains("software.amazon") && !worker.err.contains("not-the-secret"),
                worker.toString());
        assertTrue(worker.took.toSeconds() < 20, worker.took + " " + worker);
        assertArrayEquals(new long[] {1, 0, 0}, sqs.depth(queueUrl), "the order still waits, never received");
    }

    @Test
    void work_wrongKeysForTheSourceAndAnOrderWaiting_exitThreeWithOneLineAndTheOrderNeverReceived() throws Exception {
        sourceStore.createBucket("wrong-keys-src");
        destination.createBucket("wrong-keys-dst");
        Path config = new TestConfig(destination.endpoint(), "wrong-keys-dst", "", home).fromS3(sourceStore.endpoint(), "wrong-keys-src")
                .s3Source("SrcProfileName", "wrong").write(home.resolve("wrong-keys.ini"));
        SqsTestServer.Queues q = sqs.createQueues("wrong-keys-jobs", 30, 2);
        sqs.send(q.url(), orderOf(dev.uploader.config.JobType.S3_TO_S3, "wrong-keys-src", "wrong-keys-dst", "a.txt", 10));

        CliRun worker = CliRun.run(home, "--nogui", "--config", config.toString(), "--worker", q.url(), "--idle-exit", "1");

        assertNotStartedAndOrderUntouched(worker, q.url(), "source");
    }

    @Test
    void work_missingDestinationBucketAndAnOrderWaiting_exitThreeWithOneLineAndTheOrderNeverReceived() throws Exception {
        Path share = home.resolve("no-bucket-share");
        TestFiles.write(share.resolve("a.txt"), 10, 41);
        Path config = new TestConfig(destination.endpoint(), "no-such-bucket-here", "", share).write(home.resolve("no-bucket.ini"));
        SqsTestServer.Queues q = sqs.createQueues("no-bucket-jobs", 30, 2);
        sqs.send(q.url(), orderOf(dev.uploader.config.JobType.LOCAL_TO_S3, share.toAbsolutePath().toString(), "no-such-bucket-here", "a.txt", 10));

        CliRun worker = CliRun.run(home, "--nogui", "--config", config.toString(), "--worker", q.url(), "--idle-exit", "1");

        assertNotStartedAndOrderUntouched(worker, q.url(), "no-such-bucket-here");
    }

    @Test
    void work_emptySharedFolderAndAnOrderWaiting_exitThreeSayingMountTheShareAndTheOrderNeverReceived() throws Exception {
        Path share = Files.createDirectories(home.resolve("unmounted-share"));
        destination.createBucket("unmounted-dst");
        Path config = new TestConfig(destination.endpoint(), "unmounted-dst", "", share).write(home.resolve("unmounted.ini"));
        SqsTestServer.Queues q = sqs.createQueues("unmounted-jobs", 30, 2);
        sqs.send(q.url(), orderOf(dev.uploader.config.JobType.LOCAL_TO_S3, share.toAbsolutePath().toString(), "unmounted-dst", "a.txt", 10));

        CliRun worker = CliRun.run(home, "--nogui", "--config", config.toString(), "--worker", q.url(), "--idle-exit", "1");

        assertNotStartedAndOrderUntouched(worker, q.url(), "mount the share at the same path as on the sender");
    }

    @Test
    void work_ordersRun_jobLinesFileBesideTheRunLogOfBareJsonLinesWithTheOutcomes() throws Exception {
        Path share = home.resolve("job-lines-share");
        TestFiles.write(share.resolve("one.txt"), 100, 51);
        TestFiles.write(share.resolve("中文 \"two\".bin"), 6 * MIB, 52);
        destination.createBucket("job-lines");
        Path config = new TestConfig(destination.endpoint(), "job-lines", "", share).write(home.resolve("job-lines.ini"));
        SqsTestServer.Queues q = sqs.createQueues("job-lines-jobs", 30, 2);
        sqs.send(q.url(), orderOf(dev.uploader.config.JobType.LOCAL_TO_S3, share.toAbsolutePath().toString(), "job-lines", "one.txt", 100));
        sqs.send(q.url(), orderOf(dev.uploader.config.JobType.LOCAL_TO_S3, share.toAbsolutePath().toString(), "job-lines", "中文 \"two\".bin",
                6 * MIB));

        CliRun worker = CliRun.run(home, "--nogui", "--config", config.toString(), "--worker", q.url(), "--idle-exit", "1");

        assertEquals(0, worker.exitCode, worker.toString());
        String said = worker.out.lines().filter(l -> l.trim().startsWith("jobs:")).findFirst().orElseThrow(() -> new AssertionError(worker));
        Path jobs = Path.of(said.trim().substring("jobs:".length()).trim().replaceFirst(" \\(one JSON line.*$", ""));
        assertTrue(jobs.getFileName().toString().endsWith(".jobs.jsonl"), said);
        assertTrue(worker.out.contains("log:      " + jobs.resolveSibling(jobs.getFileName().toString().replace(".jobs.jsonl", ".log"))),
                worker.toString());
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        Map<String, String> outcomes = new LinkedHashMap<>();
        // the file may hold lines of an earlier worker of this JVM in the same second: only this queue's objects count
        for (String line : Files.readAllLines(jobs, StandardCharsets.UTF_8)) {
            com.fasterxml.jackson.databind.JsonNode job = json.readTree(line);
            assertTrue(job.isObject(), line);
            String at = job.get("destination").asText();
            if (at.startsWith("s3://job-lines/")) {
                outcomes.put(at, job.get("outcome").asText());
            }
        }
        assertEquals(Map.of("s3://job-lines/one.txt", "done", "s3://job-lines/中文 \"two\".bin", "done"), outcomes, Files.readString(jobs));
    }
}
