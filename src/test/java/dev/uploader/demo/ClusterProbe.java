package dev.uploader.demo;

import dev.uploader.testing.S3TestServer;
import dev.uploader.testing.TestFiles;
import dev.uploader.testing.TestProfiles;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Measurements of bench/cluster.sh against the servers of {@link ClusterServers}:
 * <pre>
 * ClusterProbe count QUEUE_URL
 *     prints the number of messages the queue holds (visible, in flight or delayed)
 * ClusterProbe compare SOURCE_ENDPOINT SOURCE_BUCKET SOURCE_PREFIX DESTINATION_ENDPOINT DESTINATION_BUCKET DESTINATION_PREFIX
 *     reads every source object under the prefix and its copy back and compares them (MD5 of what each store serves)
 * ClusterProbe events SOURCE_ENDPOINT SOURCE_BUCKET SOURCE_PREFIX QUEUE_URL DESTINATION_ENDPOINT DESTINATION_BUCKET
 *                     DESTINATION_PREFIX WORKER_LOG_DIR COUNT SIZE
 *     one after another, COUNT times: puts a new source object of SIZE bytes, then its S3 event notification on the
 *     queue, and times how long until the worker says in its run log that the copy is verified, and that the message
 *     is deleted; then compares the copy; prints each and the medians
 * </pre>
 * The times come from the worker's own log lines (milliseconds, this machine's clock), so that nothing polls the
 * servers while they are measured: on two cores a poll every few milliseconds would cost a good part of one.
 * Exit code 1 when something is missing or different.
 */
public final class ClusterProbe {
    private static final DateTimeFormatter LOG_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS");
    /** How often the worker's log is read again while an event is under way (a local file: no server sees it). */
    private static final long LOG_POLL_MILLIS = 5;

    private ClusterProbe() {
    }

    public static void main(String[] args) throws Exception {
        int exit = switch (args.length == 0 ? "" : args[0]) {
            case "count" -> count(args[1]);
            case "compare" -> compare(URI.create(args[1]), args[2], args[3], URI.create(args[4]), args[5], args[6]);
            case "events" -> events(URI.create(args[1]), args[2], args[3], args[4], URI.create(args[5]), args[6], args[7], Path.of(args[8]),
                    Integer.parseInt(args[9]), Long.parseLong(args[10]));
            default -> {
                System.err.println("usage: ClusterProbe count|compare|events ... (see the class comment)");
                yield 2;
            }
        };
        System.exit(exit);
    }

    private static int count(String queueUrl) {
        try (SqsClient sqs = sqs(queueUrl)) {
            Map<QueueAttributeName, String> a = sqs.getQueueAttributes(r -> r.queueUrl(queueUrl).attributeNames(
                    QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE,
                    QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED)).attributes();
            System.out.println(a.values().stream().mapToLong(Long::parseLong).sum());
        }
        return 0;
    }

    private static int compare(URI sourceEndpoint, String sourceBucket, String sourcePrefix, URI destinationEndpoint, String destinationBucket,
                               String destinationPrefix) throws Exception {
        int same = 0;
        List<S3Object> objects;
        try (S3Client source = s3(sourceEndpoint, TestProfiles.SOURCE_ACCESS_KEY, TestProfiles.SOURCE_SECRET_KEY);
             S3Client destination = s3(destinationEndpoint, S3TestServer.ACCESS_KEY, S3TestServer.SECRET_KEY)) {
            objects = source.listObjectsV2Paginator(b -> b.bucket(sourceBucket).prefix(folder(sourcePrefix))).contents().stream().toList();
            for (S3Object o : objects) {
                String copy = folder(destinationPrefix) + o.key().substring(folder(sourcePrefix).length());
                try {
                    if (TestFiles.objectMd5(source, sourceBucket, o.key()).equals(TestFiles.objectMd5(destination, destinationBucket, copy))) {
                        same++;
                        continue;
                    }
                } catch (NoSuchKeyException missing) {
                    // said below
                }
                System.out.println("missing or different: s3://" + destinationBucket + "/" + copy);
            }
        }
        System.out.println("compared " + objects.size() + " objects: " + same + " identical");
        return same == objects.size() && same > 0 ? 0 : 1;
    }

    private static int events(URI sourceEndpoint, String sourceBucket, String sourcePrefix, String queueUrl, URI destinationEndpoint,
                              String destinationBucket, String destinationPrefix, Path workerLogs, int count, long size) throws Exception {
        List<Long> verified = new ArrayList<>();
        List<Long> deleted = new ArrayList<>();
        try (S3Client source = s3(sourceEndpoint, TestProfiles.SOURCE_ACCESS_KEY, TestProfiles.SOURCE_SECRET_KEY);
             S3Client destination = s3(destinationEndpoint, S3TestServer.ACCESS_KEY, S3TestServer.SECRET_KEY);
             SqsClient sqs = sqs(queueUrl)) {
            for (int i = 1; i <= count; i++) {
                String name = "event " + size + " bytes #" + i + ".bin";
                String key = folder(sourcePrefix) + name;
                String copy = folder(destinationPrefix) + name;
                byte[] data = TestFiles.bytes(size, size + i);
                String etag = source.putObject(b -> b.bucket(sourceBucket).key(key), RequestBody.fromBytes(data)).eTag().replace("\"", "");
                String event = ClusterDemo.s3Event(sourceBucket, key, size, etag);
                long sent = System.currentTimeMillis();
                String id = sqs.sendMessage(r -> r.queueUrl(queueUrl).messageBody(event)).messageId();
                // FileUploader: "<key>: done, ... verified: ..."; Worker: "message <id>: done" once it is deleted
                long[] at = awaitLogLines(workerLogs, "FileUploader - " + copy + ": done, ", "Worker - message " + id + ": done", sent + 120_000);
                if (at == null) {
                    System.out.println("event " + i + ": the worker did not say it was done within 120 s");
                    return 1;
                }
                boolean same = Arrays.equals(data, destination.getObjectAsBytes(b -> b.bucket(destinationBucket).key(copy)).asByteArray());
                System.out.printf("event %d of %d bytes: verified at the destination after %d ms, message deleted after %d ms, %s%n", i, size,
                        at[0] - sent, at[1] - sent, same ? "identical" : "DIFFERENT");
                if (!same) {
                    return 1;
                }
                verified.add(at[0] - sent);
                deleted.add(at[1] - sent);
            }
        }
        System.out.printf("median %d %d %d%n", size, median(verified), median(deleted));
        return 0;
    }

    /** When each of the two lines was logged (epoch milliseconds), once both are in a log of the folder; null past the deadline. */
    private static long[] awaitLogLines(Path logs, String first, String second, long deadlineMillis) throws IOException, InterruptedException {
        long[] at = {-1, -1};
        while (System.currentTimeMillis() < deadlineMillis) {
            try (Stream<Path> files = Files.list(logs)) {
                for (Path log : files.filter(f -> f.getFileName().toString().endsWith(".log")).toList()) {
                    for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
                        if (at[0] < 0 && line.contains(first)) {
                            at[0] = logTime(line);
                        }
                        if (at[1] < 0 && line.contains(second)) {
                            at[1] = logTime(line);
                        }
                    }
                }
            }
            if (at[0] >= 0 && at[1] >= 0) {
                return at;
            }
            Thread.sleep(LOG_POLL_MILLIS);
        }
        return null;
    }

    /** The time a run log line begins with, {@code 2026-12-02 18:05:43.833}, in this machine's zone. */
    private static long logTime(String line) {
        return LocalDateTime.parse(line.substring(0, 23), LOG_TIME).atZone(ZoneId.systemDefault()).toInstant().toEpochMilli();
    }

    private static long median(List<Long> values) {
        List<Long> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static String folder(String prefix) {
        return prefix.isEmpty() || prefix.endsWith("/") ? prefix : prefix + "/";
    }

    private static S3Client s3(URI endpoint, String accessKey, String secretKey) {
        return S3Client.builder().endpointOverride(endpoint).region(Region.US_EAST_1).forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secretKey)))
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .build();
    }

    private static SqsClient sqs(String queueUrl) {
        URI url = URI.create(queueUrl);
        return SqsClient.builder().endpointOverride(URI.create(url.getScheme() + "://" + url.getAuthority())).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(S3TestServer.ACCESS_KEY, S3TestServer.SECRET_KEY)))
                .build();
    }
}
