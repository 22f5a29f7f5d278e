package dev.uploader.storage.sqs;

import dev.uploader.cluster.QueueMessage;
import dev.uploader.cluster.WorkQueue;
import dev.uploader.engine.TransferException;
import dev.uploader.storage.S3ClientFactory;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageNotInflightException;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;
import software.amazon.awssdk.services.sqs.model.ReceiptHandleIsInvalidException;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;
import software.amazon.awssdk.services.sqs.model.SqsException;

/**
 * Amazon SQS (or a server of its protocol, such as ElasticMQ) through the AWS SDK. Every call has a deadline; the SDK
 * tries each call up to three times itself (the standard retry mode) and a failure left after that is mapped here:
 * wrong keys or a missing queue are Fatal in words, a message that is no longer ours is LeaseLost, the rest Retryable.
 */
public final class SqsWorkQueue implements WorkQueue {
    /** A call that carries no long poll ends within this, retries included. */
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(20);
    private static final Duration ATTEMPT_TIMEOUT = Duration.ofSeconds(6);
    private static final long MAX_VISIBILITY_SECONDS = dev.uploader.cluster.Worker.MAX_LEASE.toSeconds();
    /** Error codes of SQS (and of AWS's sign-in) that mean the keys or their permissions are wrong. */
    private static final Set<String> KEY_CODES = Set.of("InvalidClientTokenId", "SignatureDoesNotMatch", "AccessDenied",
            "AccessDeniedException", "ExpiredToken", "ExpiredTokenException", "UnrecognizedClientException", "MissingAuthenticationToken",
            "IncompleteSignature", "InvalidSecurity", "InvalidSecurityToken");
    /** Error codes of throttling: it passes, as OverLimit does (SQS's 120,000 messages in flight). */
    private static final Set<String> THROTTLING_CODES = Set.of("RequestThrottled", "ThrottlingException", "Throttling",
            "TooManyRequestsException", "RequestLimitExceeded");

    private final SqsClient sqs;
    private final String queueUrl;
    /** The dead-letter queue's URL once found; "" when the queue has none. */
    private volatile String deadLetterUrl;
    /** The queue's MaximumMessageSize once read; 0 before. */
    private volatile int maximumMessageSize;

    SqsWorkQueue(SqsClient sqs, String queueUrl) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
    }

    /**
     * A queue by its URL, with the keys of an AWS profile ("default" or blank: the default chain).
     *
     * @param region null to read it from an AWS URL (sqs.REGION.amazonaws.com), else us-east-1
     */
    public static SqsWorkQueue open(String queueUrl, String profile, String region) {
        URI url = parse(queueUrl);
        AwsCredentialsProvider credentials = S3ClientFactory.credentials(profile);
        SqsClient client = SqsClient.builder()
                .credentialsProvider(credentials)
                .region(Region.of(region != null && !region.isBlank() ? region : regionOf(url)))
                .endpointOverride(URI.create(url.getScheme() + "://" + url.getAuthority()))
                .httpClientBuilder(ApacheHttpClient.builder()
                        .maxConnections(64)
                        .connectionTimeout(Duration.ofSeconds(5))
                        // a long poll holds its answer up to 20 s
                        .socketTimeout(Duration.ofSeconds(35))
                        .connectionAcquisitionTimeout(Duration.ofSeconds(10)))
                .overrideConfiguration(ClientOverrideConfiguration.builder()
                        .retryStrategy(RetryMode.STANDARD)
                        .apiCallAttemptTimeout(ATTEMPT_TIMEOUT)
                        .apiCallTimeout(CALL_TIMEOUT)
                        .build())
                .build();
        return new SqsWorkQueue(client, queueUrl);
    }

    /** The queue URL, or Fatal in words when it is not one. */
    public static URI parse(String queueUrl) {
        try {
            URI url = URI.create(queueUrl);
            if (url.getScheme() == null || url.getAuthority() == null || url.getPath() == null || url.getPath().length() < 2
                    || !(url.getScheme().equals("http") || url.getScheme().equals("https"))) {
                throw new IllegalArgumentException("not an http(s) URL with a path");
            }
            return url;
        } catch (IllegalArgumentException e) {
            throw new TransferException.Fatal("'" + queueUrl + "' is not a queue URL: give the queue's URL as SQS shows it, such as"
                    + " https://sqs.us-east-1.amazonaws.com/123456789012/uploader-jobs", e);
        }
    }

    /** The region in an AWS queue URL, else us-east-1 (a local server does not care). */
    static String regionOf(URI url) {
        String host = url.getHost() == null ? "" : url.getHost().toLowerCase(java.util.Locale.ROOT);
        // sqs.REGION.amazonaws.com(.cn), sqs-fips.REGION..., dual-stack sqs.REGION.api.aws, the legacy
        // REGION.queue.amazonaws.com, and interface endpoints vpce-....sqs.REGION.vpce.amazonaws.com; queue.amazonaws.com and anything else (ElasticMQ, a proxy) us-east-1,
        // or --queue-region
        java.util.regex.Matcher m = java.util.regex.Pattern
                .compile("(?:^|\\.)sqs(?:-fips)?\\.([a-z0-9-]+)\\.(?:vpce\\.amazonaws\\.com|amazonaws\\.com|api\\.aws)(?:\\.cn)?$"
                        + "|^([a-z0-9-]+)\\.queue\\.amazonaws\\.com(?:\\.cn)?$")
                .matcher(host);
        if (m.find()) {
            return m.group(1) != null ? m.group(1) : m.group(2);
        }
        return "us-east-1";
    }

    @Override
    public String describe() {
        return queueUrl;
    }

    @Override
    public void checkAccess() {
        readMaximumMessageSize();
    }

    @Override
    public int maximumMessageSize() {
        int known = maximumMessageSize;
        return known > 0 ? known : readMaximumMessageSize();
    }

    /** One GetQueueAttributes: the access check and the size limit the sender cuts its messages to. */
    private int readMaximumMessageSize() {
        String value = call("read the queue's attributes", () -> sqs.getQueueAttributes(r -> r.queueUrl(queueUrl)
                .attributeNames(QueueAttributeName.MAXIMUM_MESSAGE_SIZE))).attributes().get(QueueAttributeName.MAXIMUM_MESSAGE_SIZE);
        long size = number(value, 0);
        // a server of the protocol that does not say (or says nonsense) gets SQS's limit of older queues
        int limit = size >= 1024 && size <= Integer.MAX_VALUE ? (int) size : WorkQueue.super.maximumMessageSize();
        maximumMessageSize = limit;
        return limit;
    }

    @Override
    public List<QueueMessage> receive(int max, Duration wait, Duration visibility) {
        int waitSeconds = (int) Math.min(20, Math.max(0, wait.toSeconds()));
        List<Message> messages = call("receive messages", () -> sqs.receiveMessage(r -> r.queueUrl(queueUrl)
                .maxNumberOfMessages(Math.max(1, Math.min(10, max)))
                .waitTimeSeconds(waitSeconds)
                .visibilityTimeout((int) Math.min(MAX_VISIBILITY_SECONDS, visibility.toSeconds()))
                .messageSystemAttributeNames(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT,
                        MessageSystemAttributeName.APPROXIMATE_FIRST_RECEIVE_TIMESTAMP)
                .overrideConfiguration(o -> o.apiCallAttemptTimeout(Duration.ofSeconds(waitSeconds + 10))
                        .apiCallTimeout(Duration.ofSeconds(waitSeconds + 25))))).messages();
        List<QueueMessage> received = new ArrayList<>(messages.size());
        for (Message m : messages) {
            Map<MessageSystemAttributeName, String> attributes = m.attributes();
            received.add(new QueueMessage(m.messageId(), m.receiptHandle(), m.body(),
                    (int) Math.min(Integer.MAX_VALUE, number(attributes.get(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT), 1)),
                    number(attributes.get(MessageSystemAttributeName.APPROXIMATE_FIRST_RECEIVE_TIMESTAMP), 0)));
        }
        return received;
    }

    /** A number attribute, or {@code otherwise} when it is missing or not a number. */
    private static long number(String value, long otherwise) {
        try {
            return value == null ? otherwise : Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return otherwise;
        }
    }

    @Override
    public void extendLease(QueueMessage message, Duration visibility) {
        try {
            call("extend the lease of message " + message.id(), () -> sqs.changeMessageVisibility(r -> r.queueUrl(queueUrl)
                    .receiptHandle(message.receiptHandle()).visibilityTimeout((int) Math.min(MAX_VISIBILITY_SECONDS, visibility.toSeconds()))));
        } catch (TransferException.Fatal e) {
            if (e.getCause() instanceof ReceiptHandleIsInvalidException || e.getCause() instanceof MessageNotInflightException
                    || isInvalidParameter(e.getCause())) {
                throw new TransferException.LeaseLost("message " + message.id() + " is no longer this worker's: " + e.getMessage());
            }
            throw e;
        }
    }

    /** SQS refuses a visibility that would end more than 12 hours after the first receive with InvalidParameterValue. */
    private static boolean isInvalidParameter(Throwable e) {
        return e instanceof SqsException s && s.awsErrorDetails() != null
                && String.valueOf(s.awsErrorDetails().errorCode()).contains("InvalidParameterValue");
    }

    @Override
    public void handBack(QueueMessage message, Duration after) {
        call("hand back message " + message.id(), () -> sqs.changeMessageVisibility(r -> r.queueUrl(queueUrl)
                .receiptHandle(message.receiptHandle()).visibilityTimeout((int) Math.min(MAX_VISIBILITY_SECONDS, after.toSeconds()))));
    }

    @Override
    public void delete(QueueMessage message) {
        call("delete message " + message.id(), () -> sqs.deleteMessage(r -> r.queueUrl(queueUrl).receiptHandle(message.receiptHandle())));
    }

    @Override
    public List<Refused> sendBatch(List<String> bodies, Duration delay) {
        int delaySeconds = (int) Math.min(900, Math.max(0, delay.toSeconds()));
        List<SendMessageBatchRequestEntry> entries = new ArrayList<>(bodies.size());
        for (int i = 0; i < bodies.size(); i++) {
            SendMessageBatchRequestEntry.Builder entry = SendMessageBatchRequestEntry.builder().id("m" + i).messageBody(bodies.get(i));
            if (delaySeconds > 0) {
                entry.delaySeconds(delaySeconds);
            }
            entries.add(entry.build());
        }
        SendMessageBatchResponse answer = call("send " + bodies.size() + " messages",
                () -> sqs.sendMessageBatch(r -> r.queueUrl(queueUrl).entries(entries)));
        List<Refused> refused = new ArrayList<>();
        answer.failed().forEach(f -> refused.add(new Refused(Integer.parseInt(f.id().substring(1)),
                f.code() + (f.message() == null ? "" : ": " + f.message()), Boolean.TRUE.equals(f.senderFault()))));
        return refused;
    }

    @Override
    public Depth depth() {
        return depthOf(queueUrl);
    }

    @Override
    public Optional<Depth> deadLetterDepth() {
        if (deadLetterUrl == null) {
            String policy = call("read the queue's redrive policy", () -> sqs.getQueueAttributes(r -> r.queueUrl(queueUrl)
                    .attributeNames(QueueAttributeName.REDRIVE_POLICY))).attributes().get(QueueAttributeName.REDRIVE_POLICY);
            String arn = policy == null ? null : RedrivePolicy.targetArn(policy);
            if (arn == null) {
                deadLetterUrl = "";
            } else {
                String name = arn.substring(arn.lastIndexOf(':') + 1);
                deadLetterUrl = call("find the dead-letter queue " + name, () -> sqs.getQueueUrl(r -> r.queueName(name))).queueUrl();
            }
        }
        return deadLetterUrl.isEmpty() ? Optional.empty() : Optional.of(depthOf(deadLetterUrl));
    }

    private Depth depthOf(String url) {
        Map<QueueAttributeName, String> a = call("read the queue's depth", () -> sqs.getQueueAttributes(r -> r.queueUrl(url)
                .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE,
                        QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED))).attributes();
        return new Depth(number(a.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES), 0),
                number(a.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE), 0),
                number(a.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED), 0));
    }

    /** One call, its SDK failures mapped to the engine's. */
    private <T> T call(String what, Supplier<T> request) {
        try {
            return request.get();
        } catch (QueueDoesNotExistException e) {
            throw new TransferException.Fatal("queue " + queueUrl + " does not exist: create it (the README shows how) or give its"
                    + " right URL", e);
        } catch (SqsException e) {
            throw mapped(what, e);
        } catch (SdkClientException e) {
            throw new TransferException.Retryable("cannot reach the queue at " + queueUrl + " to " + what + " (" + cause(e) + ")", e);
        } catch (SdkException e) {
            throw new TransferException.Retryable("the queue failed to " + what + " (" + brief(e.getMessage()) + ")", e);
        }
    }

    /**
     * A failure SQS answered: wrong keys are Fatal with what to check; throttling, a limit that passes and the
     * service's own failures are Retryable; any other refusal is Fatal with SQS's code and words.
     */
    private TransferException mapped(String what, SqsException e) {
        int status = e.statusCode();
        String code = code(e);
        String words = words(e);
        String said = code.isEmpty() ? "status " + status : code;
        if (KEY_CODES.contains(code)) {
            return new TransferException.Fatal("the queue refused the keys (" + said + ") to " + what + " on " + queueUrl
                    + ": check the profile (--queue-profile) and the queue's policy", e);
        }
        if (code.equals("OverLimit")) {
            return new TransferException.Retryable("the queue refused to " + what + " for now: it is at one of its limits, such as"
                    + " 120,000 messages received and not yet deleted (OverLimit" + (words.isEmpty() ? "" : ": " + words) + ")", e);
        }
        if (THROTTLING_CODES.contains(code) || code.contains("Throttl") || status == 429) {
            return new TransferException.Retryable("the queue refused to " + what + " for now: it is throttling requests (" + said + ")", e);
        }
        if (status >= 500) {
            return new TransferException.Retryable("the queue failed to " + what + " (" + said + ")", e);
        }
        return new TransferException.Fatal("the queue refused to " + what + " (" + said + (words.isEmpty() ? "" : ": " + words) + ")", e);
    }

    /**
     * SQS's error code without a namespace: the JSON protocol may answer {@code com.amazonaws.sqs#OverLimit} or
     * {@code AWS.SimpleQueueService.NonExistentQueue}, the query protocol {@code OverLimit}.
     */
    private static String code(SqsException e) {
        String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
        if (code == null) {
            return "";
        }
        int hash = code.lastIndexOf('#');
        code = hash >= 0 ? code.substring(hash + 1) : code;
        return code.startsWith("AWS.SimpleQueueService.") ? code.substring("AWS.SimpleQueueService.".length()) : code.strip();
    }

    /** SQS's own words, on one line and short. */
    private static String words(SqsException e) {
        String message = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorMessage();
        if (message == null || message.isBlank()) {
            return "";
        }
        String line = message.strip().lines().findFirst().orElse("");
        return line.length() > 200 ? line.substring(0, 200) + "..." : line;
    }

    /** The network's reason in words (the SDK's own text is long and points at a cause it does not show). */
    private static String cause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof java.net.UnknownHostException) {
                return "unknown host " + t.getMessage();
            }
            if (t instanceof java.net.ConnectException || t instanceof java.net.SocketTimeoutException) {
                return t.getMessage() == null ? "no connection" : t.getMessage();
            }
        }
        return brief(e.getMessage());
    }

    private static String brief(String message) {
        if (message == null) {
            return "no answer";
        }
        int end = message.indexOf(" (Service:");
        String text = end > 0 ? message.substring(0, end) : message;
        int attempts = text.indexOf(" (SDK Attempt Count");
        return attempts > 0 ? text.substring(0, attempts) : text;
    }

    @Override
    public void close() {
        sqs.close();
    }
}
