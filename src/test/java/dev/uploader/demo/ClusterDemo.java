package dev.uploader.demo;

import dev.uploader.testing.S3TestServer;
import dev.uploader.testing.SqsTestServer;
import dev.uploader.testing.TestFiles;
import dev.uploader.testing.TestProfiles;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * {@code ./mvnw -Pcluster-demo}: the cluster mode on one machine without any cloud account. Starts ElasticMQ (a server
 * of the Amazon SQS protocol) with a job queue and its dead-letter queue, and two S3-compatible stores (S3Proxy, in
 * memory): a source bucket filled with a sample tree and an empty destination bucket. Then it runs the real
 * {@code java -jar target/uploader.jar --nogui}: once as the sender ({@code --send-to}), which puts one order per object
 * on the queue and ends, and twice as a worker ({@code --worker}), which move the orders until the queue has been empty
 * for 5 seconds ({@code --idle-exit 5}). While they run it reads one worker's Prometheus metrics, and puts an S3 event
 * notification of a new source object on the queue, as S3 would. At the end it reads every object back from both stores
 * and compares them, and checks that both queues are empty.
 */
public final class ClusterDemo {
    private static final String SOURCE_BUCKET = "photo-archive";
    private static final String DESTINATION_BUCKET = "photo-archive-replica";
    private static final String DESTINATION_PREFIX = "replica/";
    private static final String EVENT_KEY = "incoming/new photo +1 (été).jpg";
    private static final int WORKERS = 2;
    private static final Duration WORKERS_END_WITHIN = Duration.ofSeconds(90);

    private ClusterDemo() {
    }

    public static void main(String[] args) throws Exception {
        long started = System.nanoTime();
        Path target = Path.of(args.length > 0 ? args[0] : "target").toAbsolutePath();
        Path demo = target.resolve("cluster-demo");
        deleteTree(demo);
        Path aws = demo.resolve("aws");
        TestProfiles.write(aws, S3TestServer.ACCESS_KEY, S3TestServer.SECRET_KEY);
        List<String> failures = new ArrayList<>();
        try (S3TestServer source = S3TestServer.inMemory(TestProfiles.SOURCE_ACCESS_KEY, TestProfiles.SOURCE_SECRET_KEY);
             S3TestServer destination = S3TestServer.inMemory();
             SqsTestServer sqs = SqsTestServer.start();
             S3Client sourceClient = source.client();
             S3Client destinationClient = destination.client()) {
            source.createBucket(SOURCE_BUCKET);
            destination.createBucket(DESTINATION_BUCKET);
            SqsTestServer.Queues queues = sqs.createQueues("uploader-jobs", 30, 5);
            say("SQS (ElasticMQ) at " + sqs.endpoint() + ": queue " + queues.url() + ", dead-letter queue " + queues.deadLetterUrl()
                    + " (redrive policy: maxReceiveCount 5)");
            say("source store (S3Proxy) at " + source.endpoint() + ", bucket " + SOURCE_BUCKET + "; destination store (S3Proxy) at "
                    + destination.endpoint() + ", bucket " + DESTINATION_BUCKET);
            SampleTree sample = SampleTree.putInto(sourceClient);
            say("put the sample tree into s3://" + SOURCE_BUCKET + ": " + sample.describe());
            Path config = writeConfig(demo.resolve("s3_upload_config.ini"), source.endpoint(), destination.endpoint());
            say("config " + config + " (S3_TO_S3: s3://" + SOURCE_BUCKET + "/ -> s3://" + DESTINATION_BUCKET + "/" + DESTINATION_PREFIX + ")");
            Launcher uploader = new Launcher(target.resolve("uploader.jar"), demo, config, aws);

            say("1) the sender lists the source against the destination and queues one order per object to move, then ends");
            int sent = uploader.start("sender", "--send-to", queues.url()).waitFor(60);
            check(sent == 0, "the sender exited " + sent, failures);
            say("   the queue holds " + Arrays.toString(sqs.depth(queues.url())) + " messages (visible, in flight, delayed)");

            say("2) two workers take the orders, each a process of its own: --worker " + queues.url() + " --idle-exit 5 --metrics-port 0");
            List<Launcher.Run> workers = new ArrayList<>();
            for (int i = 1; i <= WORKERS; i++) {
                workers.add(uploader.start("worker-" + i, "--worker", queues.url(), "--idle-exit", "5", "--metrics-port", "0"));
            }

            say("3) what worker-1 tells Prometheus, read once while it works");
            check(showMetrics(workers.get(0)), "worker-1 served no metrics", failures);

            say("4) a new object arrives in the source, and S3's event notification of it goes on the same queue");
            check(replicateFromEvent(sourceClient, destinationClient, sqs, queues.url()), "the event's object was not copied", failures);

            say("5) waiting for the workers to end: each stops once the queue has been empty for 5 s");
            for (Launcher.Run worker : workers) {
                int exit = worker.waitFor(WORKERS_END_WITHIN.toSeconds());
                check(exit == 0, worker.name() + " exited " + exit, failures);
            }

            say("6) reading every object back from both stores and comparing");
            compare(sourceClient, destinationClient, sample, failures);
            long[] jobs = sqs.depth(queues.url());
            long[] dead = sqs.depth(queues.deadLetterUrl());
            say("   queue " + Arrays.toString(jobs) + ", dead-letter queue " + Arrays.toString(dead) + " (visible, in flight, delayed)");
            check(Arrays.stream(jobs).sum() == 0, "messages left on the queue", failures);
            check(Arrays.stream(dead).sum() == 0, "messages in the dead-letter queue", failures);
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        if (failures.isEmpty()) {
            say(String.format("Cluster demo OK in %.0f s: one sender and two workers moved every object, the S3 event's too;"
                    + " every object is identical and both queues are empty.", seconds));
            System.exit(0);
        }
        say("Cluster demo FAILED: " + String.join("; ", failures));
        System.exit(1);
    }

    /** The job's config as a user would write it: an S3_TO_S3 job; the workers read the same file. */
    private static Path writeConfig(Path file, URI source, URI destination) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, String.join("\n",
                "[Basic]", "JobType = S3_TO_S3", "S3Prefix = ", "DesPrefix = " + DESTINATION_PREFIX,
                "DesBucket = " + DESTINATION_BUCKET, "DesProfileName = " + TestProfiles.PROFILE, "DesEndPointURL = " + destination,
                "[S3_TO_S3]", "SrcBucket = " + SOURCE_BUCKET, "SrcProfileName = " + TestProfiles.SOURCE_PROFILE, "SrcEndPointURL = " + source,
                "[Advanced]", "ChunkSize = 5", "MaxRetry = 5", "MaxThread = 4", "MaxParallelFile = 4", "StorageClass = STANDARD",
                "ifVerifyMD5 = True", "DontAskMeToClean = True", "LoggingLevel = INFO", ""));
        return file;
    }

    /** Waits until the worker has finished a job, so that the numbers say something, and prints a few series. */
    private static boolean showMetrics(Launcher.Run worker) throws Exception {
        Optional<String> line = worker.awaitLine(Pattern.compile("metrics: (http://\\S+/metrics)"), Duration.ofSeconds(30));
        if (line.isEmpty()) {
            return false;
        }
        URI url = URI.create(line.get());
        HttpClient http = HttpClient.newHttpClient();
        String text = "";
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < until) {
            text = http.send(HttpRequest.newBuilder(url).build(), HttpResponse.BodyHandlers.ofString()).body();
            if (series(text, "uploader_jobs_finished_total{outcome=\"done\"") > 0) {
                break;
            }
            Thread.sleep(200);
        }
        say("   $ curl " + url);
        Pattern shown = Pattern.compile("^(uploader_jobs_received_total|uploader_jobs_finished_total\\{outcome=\"(done|failed)\""
                + "|uploader_jobs_in_flight|uploader_bytes_sent_total|uploader_parts_sent_total|uploader_heartbeats_total\\{result=\"ok\""
                + "|uploader_queue_messages|uploader_dead_letter_messages)");
        text.lines().filter(l -> shown.matcher(l).find()).forEach(l -> System.out.println("     " + l));
        return true;
    }

    /** The value of the first series whose line starts with {@code start}; 0 when there is none. */
    private static double series(String metrics, String start) {
        return metrics.lines().filter(l -> l.startsWith(start)).findFirst()
                .map(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).orElse(0.0);
    }

    /**
     * Puts a new object into the source, then the event notification S3 would send for it (its key URL-encoded), and
     * waits until the destination holds the same bytes.
     */
    private static boolean replicateFromEvent(S3Client source, S3Client destination, SqsTestServer sqs, String queueUrl) throws Exception {
        byte[] photo = TestFiles.bytes(480_000, 77);
        String etag = source.putObject(b -> b.bucket(SOURCE_BUCKET).key(EVENT_KEY), RequestBody.fromBytes(photo)).eTag().replace("\"", "");
        String event = s3Event(SOURCE_BUCKET, EVENT_KEY, photo.length, etag);
        say("   put s3://" + SOURCE_BUCKET + "/" + EVENT_KEY + " (" + photo.length + " bytes); the event on the queue:");
        System.out.println("     " + event);
        long sentAt = System.nanoTime();
        sqs.send(queueUrl, event);
        String copy = DESTINATION_PREFIX + EVENT_KEY;
        long until = sentAt + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < until) {
            try {
                byte[] there = destination.getObjectAsBytes(b -> b.bucket(DESTINATION_BUCKET).key(copy)).asByteArray();
                boolean same = Arrays.equals(photo, there);
                say(String.format("   s3://%s/%s is there %.1f s after the event was queued: %s", DESTINATION_BUCKET, copy,
                        (System.nanoTime() - sentAt) / 1e9, same ? "identical" : "DIFFERENT"));
                return same;
            } catch (NoSuchKeyException notYet) {
                Thread.sleep(100);
            }
        }
        say("   s3://" + DESTINATION_BUCKET + "/" + copy + " did not arrive within 30 s");
        return false;
    }

    /**
     * An S3 event notification of a new object as S3 puts it on an SQS queue (the S3 user guide's event message
     * structure), its key URL-encoded as S3 encodes keys there.
     */
    static String s3Event(String bucket, String key, long size, String etag) {
        String encodedKey = Arrays.stream(key.split("/", -1)).map(s -> URLEncoder.encode(s, StandardCharsets.UTF_8))
                .collect(Collectors.joining("/"));
        return ("{\"Records\":[{\"eventVersion\":\"2.1\",\"eventSource\":\"aws:s3\",\"awsRegion\":\"us-east-1\",\"eventTime\":\"%s\","
                + "\"eventName\":\"ObjectCreated:Put\",\"userIdentity\":{\"principalId\":\"AWS:AIDAEXAMPLE\"},"
                + "\"requestParameters\":{\"sourceIPAddress\":\"10.0.0.1\"},\"responseElements\":{\"x-amz-request-id\":\"C3D13FE58DE4C810\","
                + "\"x-amz-id-2\":\"FMyUVURIY8/IgAtTv8xRjskZQpcIZ9KG4V5Wp6S7S/JRWeUWerMUE5JgHvANOjpD\"},\"s3\":{\"s3SchemaVersion\":\"1.0\","
                + "\"configurationId\":\"replicate-to-the-archive\",\"bucket\":{\"name\":\"%s\",\"ownerIdentity\":{\"principalId\":\"A3NL1KOZZKExample\"},"
                + "\"arn\":\"arn:aws:s3:::%s\"},\"object\":{\"key\":\"%s\",\"size\":%d,\"eTag\":\"%s\",\"sequencer\":\"0055AED6DCD90281E5\"}}}]}")
                .formatted(Instant.now(), bucket, bucket, encodedKey, size, etag);
    }

    /** Every source object against its copy, byte for byte (MD5 of what each store serves), and nothing left over. */
    private static void compare(S3Client source, S3Client destination, SampleTree sample, List<String> failures) throws Exception {
        List<S3Object> objects = source.listObjectsV2Paginator(b -> b.bucket(SOURCE_BUCKET)).contents().stream().toList();
        int same = 0;
        int quiet = 0;
        for (S3Object o : objects) {
            String copy = DESTINATION_PREFIX + o.key();
            boolean identical;
            try {
                identical = TestFiles.objectMd5(source, SOURCE_BUCKET, o.key()).equals(TestFiles.objectMd5(destination, DESTINATION_BUCKET, copy));
            } catch (NoSuchKeyException e) {
                identical = false;
            }
            same += identical ? 1 : 0;
            if (!identical || !sample.isBulk(o.key())) {
                System.out.printf("   %-4s %-44s %10d bytes  ETag %s%n", identical ? "ok" : "BAD", o.key(), o.size(), o.eTag());
            } else {
                quiet++;
            }
        }
        System.out.printf("   ok   and %d small objects under %s, each identical%n", quiet, SampleTree.BULK);
        check(same == objects.size(), (objects.size() - same) + " of " + objects.size() + " objects missing or different", failures);
        long copies = destination.listObjectsV2Paginator(b -> b.bucket(DESTINATION_BUCKET).prefix(DESTINATION_PREFIX)).contents().stream().count();
        check(copies == objects.size(), copies + " objects under " + DESTINATION_PREFIX + " for " + objects.size() + " in the source", failures);
        int unfinished = destination.listMultipartUploads(b -> b.bucket(DESTINATION_BUCKET)).uploads().size();
        long records = destination.listObjectsV2Paginator(b -> b.bucket(DESTINATION_BUCKET).prefix(".uploader/")).contents().stream().count();
        say("   " + same + " of " + objects.size() + " identical; " + unfinished + " unfinished multipart uploads and " + records
                + " resume records left in the destination");
        check(unfinished == 0, unfinished + " unfinished multipart uploads left", failures);
        check(records == 0, records + " resume records left under .uploader/", failures);
    }

    private static void check(boolean ok, String failure, List<String> failures) {
        if (!ok) {
            failures.add(failure);
        }
    }

    static void say(String line) {
        System.out.println("[cluster-demo] " + line);
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    /** The source bucket's sample: awkward names, a few hundred small objects, and a few that move as multipart uploads. */
    private record SampleTree(Map<String, Long> named, int bulk, long bulkBytes) {
        static final String BULK = "camera-roll/";
        private static final long MIB = TestFiles.MIB;

        static SampleTree putInto(S3Client s3) {
            Map<String, Long> named = new LinkedHashMap<>();
            named.put("README.txt", 60L);
            named.put("empty.txt", 0L);
            named.put("one byte", 1L);
            named.put("notes with spaces.txt", 1_000L);
            named.put("a+b=c&d.txt", 1_000L);
            named.put("per%cent/100% sure.bin", 4_096L);
            named.put("quotes \"and\" back\\slash.txt", 12L);
            named.put("photos/été 2024/plage.jpg", 700_000L);
            named.put("photos/日本/桜.png", 300_000L);
            named.put("emoji 😀/ok.bin", 3L);
            named.put("deep/a/b/c/d/e/f/g.bin", 5 * MIB);
            named.put("video/clip 24MiB.mp4", 24 * MIB);
            named.put("backup/archive-12MiB+5.tar", 12 * MIB + 5);
            long seed = 1;
            for (Map.Entry<String, Long> e : named.entrySet()) {
                byte[] data = TestFiles.bytes(e.getValue(), seed++);
                if (data.length > 16 * MIB) {
                    // uploaded in parts, as big files are: its ETag is not an MD5 ("...-5")
                    TestFiles.putInParts(s3, SOURCE_BUCKET, e.getKey(), data, 5 * MIB);
                } else {
                    s3.putObject(b -> b.bucket(SOURCE_BUCKET).key(e.getKey()), RequestBody.fromBytes(data));
                }
            }
            int bulk = 300;
            long bulkBytes = 0;
            for (int i = 0; i < bulk; i++) {
                String key = String.format("%s2026-%02d/IMG_%04d.heic", BULK, 1 + i % 12, i);
                byte[] data = TestFiles.bytes(200 + (i * 7919L) % 40_000, 1000 + i);
                s3.putObject(b -> b.bucket(SOURCE_BUCKET).key(key), RequestBody.fromBytes(data));
                bulkBytes += data.length;
            }
            return new SampleTree(named, bulk, bulkBytes);
        }

        boolean isBulk(String key) {
            return key.startsWith(BULK);
        }

        String describe() {
            long namedBytes = named.values().stream().mapToLong(Long::longValue).sum();
            return String.format("%d objects (%.1f MiB): %d with awkward names or multipart sizes, %d small ones under %s",
                    named.size() + bulk, (namedBytes + bulkBytes) / (double) MIB, named.size(), bulk, BULK);
        }
    }

    /** Starts the real uploader, {@code java -jar target/uploader.jar --nogui --config ...}, as processes of their own. */
    private record Launcher(Path jar, Path demo, Path config, Path aws) {

        Run start(String name, String... options) throws IOException {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            List<String> command = new ArrayList<>(List.of(java, "-jar", jar.toString(), "--nogui", "--config", config.toString(),
                    "--log-dir", demo.resolve("logs").toString()));
            command.addAll(List.of(options));
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
            builder.environment().putAll(TestProfiles.environment(aws));
            say("   $ java " + String.join(" ", command.subList(1, command.size())));
            return new Run(name, builder.start());
        }

        /** A running uploader whose output is shown line by line, each line under its name. */
        static final class Run {
            private final String name;
            private final Process process;
            private final List<String> lines = new java.util.concurrent.CopyOnWriteArrayList<>();
            private final CompletableFuture<Void> ended = new CompletableFuture<>();

            Run(String name, Process process) {
                this.name = name;
                this.process = process;
                Thread relay = new Thread(this::relay, name + "-output");
                relay.setDaemon(true);
                relay.start();
            }

            private void relay() {
                try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line; (line = out.readLine()) != null; ) {
                        lines.add(line);
                        System.out.println("   [" + name + "] " + line);
                    }
                } catch (IOException e) {
                    System.out.println("   [" + name + "] (output lost: " + e.getMessage() + ")");
                } finally {
                    ended.complete(null);
                }
            }

            String name() {
                return name;
            }

            /** The first group of the first line that matches, once printed; empty when none came in time. */
            Optional<String> awaitLine(Pattern pattern, Duration within) throws InterruptedException {
                long until = System.nanoTime() + within.toNanos();
                while (System.nanoTime() < until) {
                    for (String line : lines) {
                        Matcher m = pattern.matcher(line);
                        if (m.find()) {
                            return Optional.of(m.group(1));
                        }
                    }
                    if (ended.isDone()) {
                        break;
                    }
                    Thread.sleep(50);
                }
                return Optional.empty();
            }

            /** The exit code, or -1 after killing it when it ran past {@code seconds}. */
            int waitFor(long seconds) throws Exception {
                if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
                    say(name + " still runs after " + seconds + " s: killed");
                    process.destroyForcibly().waitFor();
                    return -1;
                }
                ended.get(5, TimeUnit.SECONDS);
                return process.exitValue();
            }
        }
    }
}
