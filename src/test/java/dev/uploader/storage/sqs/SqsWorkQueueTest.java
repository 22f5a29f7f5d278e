package dev.uploader.storage.sqs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.uploader.engine.TransferException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.GetQueueAttributesResponse;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.SqsException;

/**
 * How SQS's answers are mapped. A real server cannot be made to answer OverLimit (120,000 messages in flight),
 * throttling or a credential error on demand (ElasticMQ never does), so the client here is a stub: every call gets
 * the SDK's own exception, built as the SDK builds it from SQS's answer (status, error code, message).
 */
class SqsWorkQueueTest {
    static final String URL = "https://sqs.us-east-1.amazonaws.com/123456789012/uploader-jobs";

    /** A client whose every call (but close) answers {@code answer} of its method name. */
    static SqsClient stub(Function<String, Object> answer) {
        return (SqsClient) Proxy.newProxyInstance(SqsClient.class.getClassLoader(), new Class<?>[] {SqsClient.class},
                (proxy, method, args) -> method.getName().equals("close") ? null : answer.apply(method.getName()));
    }

    static SqsWorkQueue refusing(int status, String code, String words) {
        SqsException refusal = (SqsException) SqsException.builder().statusCode(status).message(words)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage(words).serviceName("Sqs").build()).build();
        return new SqsWorkQueue(stub(name -> {
            throw refusal;
        }), URL);
    }

    @Test
    void receiveAndSend_overLimitOrThrottled_retryableSayingWhy() {
        for (String[] answer : List.of(new String[] {"403", "OverLimit"}, new String[] {"403", "RequestThrottled"},
                new String[] {"400", "ThrottlingException"}, new String[] {"400", "AWS.SimpleQueueService.OverLimit"})) {
            try (SqsWorkQueue queue = refusing(Integer.parseInt(answer[0]), answer[1], "Too many messages in flight.")) {
                TransferException.Retryable received = assertThrows(TransferException.Retryable.class,
                        () -> queue.receive(10, Duration.ZERO, Duration.ofSeconds(30)), answer[1]);
                TransferException.Retryable sent = assertThrows(TransferException.Retryable.class, () -> queue.sendBatch(List.of("{}")), answer[1]);

                String code = answer[1].substring(answer[1].lastIndexOf('.') + 1);
                assertTrue(received.getMessage().contains(code) && received.getMessage().contains("for now"), received.getMessage());
                assertTrue(sent.getMessage().contains("send 1 messages"), sent.getMessage());
                assertFalse(received.getMessage().contains("keys"), received.getMessage());
            }
        }
    }

    @Test
    void checkAccess_credentialErrorCodes_fatalSayingToCheckTheProfile() {
        Map<String, Integer> codes = Map.of("InvalidClientTokenId", 403, "SignatureDoesNotMatch", 403, "AccessDenied", 403,
                "AccessDeniedException", 400, "ExpiredToken", 400, "UnrecognizedClientException", 400, "MissingAuthenticationToken", 403,
                "IncompleteSignature", 400);
        codes.forEach((code, status) -> {
            try (SqsWorkQueue queue = refusing(status, code, "The security token included in the request is invalid.")) {
                TransferException.Fatal e = assertThrows(TransferException.Fatal.class, queue::checkAccess, code);

                assertTrue(e.getMessage().contains("refused the keys (" + code + ")") && e.getMessage().contains("check the profile"),
                        e.getMessage());
            }
        });
    }

    @Test
    void checkAccess_other403_fatalWithTheCodeAndTheQueuesWordsNotTheKeys() {
        try (SqsWorkQueue queue = refusing(403, "KmsAccessDenied", "The caller is not allowed to use the queue's KMS key.\nRequest id 1")) {
            TransferException.Fatal e = assertThrows(TransferException.Fatal.class, queue::checkAccess);

            assertEquals("the queue refused to read the queue's attributes (KmsAccessDenied: The caller is not allowed to use the"
                    + " queue's KMS key.)", e.getMessage());
        }
    }

    @Test
    void sendBatch_otherClientError_fatalWithTheQueuesWords() {
        try (SqsWorkQueue queue = refusing(400, "InvalidParameterValue", "Value for parameter MessageBody is invalid.")) {
            TransferException.Fatal e = assertThrows(TransferException.Fatal.class, () -> queue.sendBatch(List.of("{}")));

            assertTrue(e.getMessage().contains("InvalidParameterValue: Value for parameter MessageBody is invalid."), e.getMessage());
        }
    }

    @Test
    void maximumMessageSize_queueSaysItOrNot_itsSizeElseTheOlderLimit() {
        GetQueueAttributesResponse small = GetQueueAttributesResponse.builder()
                .attributes(Map.of(QueueAttributeName.MAXIMUM_MESSAGE_SIZE, "1024")).build();
        GetQueueAttributesResponse silent = GetQueueAttributesResponse.builder().attributes(Map.of()).build();

        try (SqsWorkQueue saying = new SqsWorkQueue(stub(name -> small), URL);
             SqsWorkQueue notSaying = new SqsWorkQueue(stub(name -> silent), URL)) {
            assertEquals(1024, saying.maximumMessageSize());
            assertEquals(256 * 1024, notSaying.maximumMessageSize());
        }
    }

    @org.junit.jupiter.api.Test
    void regionOf_everyFormOfQueueUrl_itsRegionElseUsEast1() {
        java.util.Map<String, String> expected = java.util.Map.of(
                "https://sqs.eu-west-1.amazonaws.com/123456789012/jobs", "eu-west-1",
                "https://sqs.cn-north-1.amazonaws.com.cn/123456789012/jobs", "cn-north-1",
                "https://us-west-2.queue.amazonaws.com/123456789012/jobs", "us-west-2",
                "https://vpce-0123456789abcdef0-abcdefgh.sqs.ap-southeast-2.vpce.amazonaws.com/123456789012/jobs", "ap-southeast-2",
                "https://queue.amazonaws.com/123456789012/jobs", "us-east-1",
                "http://127.0.0.1:9324/000000000000/jobs", "us-east-1");
        expected.forEach((url, region) -> org.junit.jupiter.api.Assertions.assertEquals(region, SqsWorkQueue.regionOf(java.net.URI.create(url)), url));
    }
}
