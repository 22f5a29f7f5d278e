package dev.uploader.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import dev.uploader.cluster.S3EventMessages.Events;
import dev.uploader.cluster.S3EventMessages.NotAnEvent;
import dev.uploader.cluster.S3EventMessages.Parsed;
import dev.uploader.cluster.S3EventMessages.TestEvent;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The messages are the examples of AWS's documentation: "Event message structure" of the S3 user guide (the test
 * message and the {@code s3:ObjectCreated:Put} example), "HTTP/HTTPS notification JSON format" and the subscription
 * confirmation of the SNS developer guide, and "EventBridge event message structure" of the S3 user guide. Only keys
 * and record counts are changed where a case needs them.
 */
class S3EventMessagesTest {

    /** S3 user guide, "Event message structure": the example of an s3:ObjectCreated:Put message. */
    private static final String DOCUMENTED_PUT = """
            {
               "Records":[
                  {
                     "eventVersion":"2.1",
                     "eventSource":"aws:s3",
                     "awsRegion":"us-west-2",
                     "eventTime":"1970-01-01T00:00:00.000Z",
                     "eventName":"ObjectCreated:Put",
                     "userIdentity":{
                        "principalId":"AIDAJDPLRKLG7UEXAMPLE"
                     },
                     "requestParameters":{
                        "sourceIPAddress":"127.0.0.1"
                     },
                     "responseElements":{
                        "x-amz-request-id":"C3D13FE58DE4C810",
                        "x-amz-id-2":"FMyUVURIY8/IgAtTv8xRjskZQpcIZ9KG4V5Wp6S7S/JRWeUWerMUE5JgHvANOjpD"
                     },
                     "s3":{
                        "s3SchemaVersion":"1.0",
                        "configurationId":"testConfigRule",
                        "bucket":{
                           "name":"mybucket",
                           "ownerIdentity":{
                              "principalId":"A3NL1KOZZKExample"
                           },
                           "arn":"arn:aws:s3:::mybucket"
                        },
                        "object":{
                           "key":"HappyFace.jpg",
                           "size":1024,
                           "eTag":"d41d8cd98f00b204e9800998ecf8427e",
                           "versionId":"096fKKXTRTtl3on89fVO.nfljtsv6qko",
                           "sequencer":"0055AED6DCD90281E5"
                        }
                     }
                  }
               ]
            }
            """;

    /** S3 user guide, "Event message structure": the test message S3 sends when a notification is configured. */
    private static final String DOCUMENTED_TEST_EVENT = """
            {
               "Service":"Amazon S3",
               "Event":"s3:TestEvent",
               "Time":"2014-10-13T15:57:02.089Z",
               "Bucket":"bucketname",
               "RequestId":"5582815E1AEA5ADF",
               "HostId":"8cLeGAmw098X5cv4Zkwcmo8vvZa3eH3eKxsPzbB9wrR+YstdA6Knx4Ip8EXAMPLE"
            }
            """;

    /** A delete of a versioned bucket's object as S3 sends it: no size; a delete marker's eTag, version and sequencer. */
    private static final String DELETE_MARKER_RECORD = """
            {"eventVersion":"2.1","eventSource":"aws:s3","awsRegion":"us-west-2","eventTime":"2024-03-01T10:00:00.000Z",
             "eventName":"ObjectRemoved:DeleteMarkerCreated","userIdentity":{"principalId":"AWS:AIDAJDPLRKLG7UEXAMPLE"},
             "requestParameters":{"sourceIPAddress":"127.0.0.1"},
             "responseElements":{"x-amz-request-id":"C3D13FE58DE4C811","x-amz-id-2":"FMyUVURIY8/IgAtTv8xRjskZQpcIZ9KG4V5Wp6S7S/JRWeUWerMUE5JgHvANOjpE"},
             "s3":{"s3SchemaVersion":"1.0","configurationId":"testConfigRule",
                   "bucket":{"name":"mybucket","ownerIdentity":{"principalId":"A3NL1KOZZKExample"},"arn":"arn:aws:s3:::mybucket"},
                   "object":{"key":"old%2Freport+2023.csv","eTag":"d41d8cd98f00b204e9800998ecf8427e",
                             "versionId":"1QW9g1Z99LUNbvaaYVpW9xDlOLU.qxgF","sequencer":"0055AED6DCD90281F0"}}}
            """;

    /** The SNS developer guide's notification example, as an SQS subscription receives it (the body only). */
    private static final String SNS_ENVELOPE = """
            {
              "Type" : "Notification",
              "MessageId" : "22b80b92-fdea-4c2c-8f9d-bdfb0c7bf324",
              "TopicArn" : "arn:aws:sns:us-west-2:123456789012:MyTopic",
              "Subject" : "Amazon S3 Notification",
              "Message" : %s,
              "Timestamp" : "2012-05-02T00:54:06.655Z",
              "SignatureVersion" : "1",
              "Signature" : "EXAMPLEw6JRN...",
              "SigningCertURL" : "https://sns.us-west-2.amazonaws.com/SimpleNotificationService-f3ecfb7224c7233fe7bb5f59f96de52f.pem",
              "UnsubscribeURL" : "https://sns.us-west-2.amazonaws.com/?Action=Unsubscribe&SubscriptionArn=arn:aws:sns:us-west-2:123456789012:MyTopic:c9135db0-26c4-47ec-8998-413945fb5a96"
            }
            """;

    /** S3 user guide, "EventBridge event message structure": Object Created. */
    private static final String DOCUMENTED_EVENTBRIDGE_CREATED = """
            {
              "version": "0",
              "id": "17793124-05d4-b198-2fde-7ededc63b103",
              "detail-type": "Object Created",
              "source": "aws.s3",
              "account": "111122223333",
              "time": "2021-11-12T00:00:00Z",
              "region": "ca-central-1",
              "resources": [
                "arn:aws:s3:::amzn-s3-demo-bucket1"
              ],
              "detail": {
                "version": "0",
                "bucket": {
                  "name": "amzn-s3-demo-bucket1"
                },
                "object": {
                  "key": "example-key",
                  "size": 5,
                  "etag": "b1946ac92492d2347c6235b4d2611184",
                  "version-id": "IYV3p45BT0ac8hjHg1houSdS1a.Mro8e",
                  "sequencer": "617f08299329d189"
                },
                "request-id": "N4N7GDK58NMKJ12R",
                "requester": "123456789012",
                "source-ip-address": "1.2.3.4",
                "reason": "PutObject"
              }
            }
            """;

    /** S3 user guide, "EventBridge event message structure": Object Deleted (using DeleteObject). */
    private static final String DOCUMENTED_EVENTBRIDGE_DELETED = """
            {
              "version": "0",
              "id": "2ee9cc15-d022-99ea-1fb8-1b1bac4850f9",
              "detail-type": "Object Deleted",
              "source": "aws.s3",
              "account": "111122223333",
              "time": "2021-11-12T00:00:00Z",
              "region": "ca-central-1",
              "resources": [
                "arn:aws:s3:::amzn-s3-demo-bucket1"
              ],
              "detail": {
                "version": "0",
                "bucket": {
                  "name": "amzn-s3-demo-bucket1"
                },
                "object": {
                  "key": "example-key",
                  "etag": "d41d8cd98f00b204e9800998ecf8427e",
                  "version-id": "1QW9g1Z99LUNbvaaYVpW9xDlOLU.qxgF",
                  "sequencer": "617f0837b476e463"
                },
                "request-id": "0BH729840619AG5K",
                "requester": "123456789012",
                "source-ip-address": "1.2.3.4",
                "reason": "DeleteObject",
                "deletion-type": "Delete Marker Created"
              }
            }
            """;

    @Test
    void parse_documentedPut_oneCreationWithEveryField() {
        S3EventRecord record = single(S3EventMessages.parse(DOCUMENTED_PUT));

        assertEquals(new S3EventRecord("mybucket", "HappyFace.jpg", "ObjectCreated:Put", 1024, "d41d8cd98f00b204e9800998ecf8427e",
                "096fKKXTRTtl3on89fVO.nfljtsv6qko", "0055AED6DCD90281E5"), record);
        assertTrue(record.creation());
        assertFalse(record.removal());
    }

    @Test
    void parse_putWithEncodedKey_spacesPlusSlashAndNonAsciiDecoded() {
        // what S3 sends for the key "photos/red flower+été ✓ 100%.jpg": form encoding, UTF-8 bytes as %XX
        String body = DOCUMENTED_PUT.replace("\"HappyFace.jpg\"", "\"photos/red+flower%2B%C3%A9t%C3%A9+%E2%9C%93+100%25.jpg\"");

        S3EventRecord record = single(S3EventMessages.parse(body));

        assertEquals("photos/red flower+été ✓ 100%.jpg", record.key());
    }

    @Test
    void parse_encodedPlusSign_isAPlusNotASpace() {
        assertEquals("a+b", single(S3EventMessages.parse(DOCUMENTED_PUT.replace("\"HappyFace.jpg\"", "\"a%2Bb\""))).key());
        assertEquals("a b", single(S3EventMessages.parse(DOCUMENTED_PUT.replace("\"HappyFace.jpg\"", "\"a+b\""))).key());
        assertEquals("a/b c", single(S3EventMessages.parse(DOCUMENTED_PUT.replace("\"HappyFace.jpg\"", "\"a%2Fb%20c\""))).key());
    }

    @Test
    void parse_severalRecords_everyS3RecordInOrder() {
        String put = record(DOCUMENTED_PUT);
        String multipart = put.replace("\"ObjectCreated:Put\"", "\"ObjectCreated:CompleteMultipartUpload\"")
                .replace("\"HappyFace.jpg\"", "\"videos/big+one.mp4\"").replace("\"size\":1024", "\"size\":5368709120");
        String body = "{\"Records\":[" + put + "," + multipart + "," + DELETE_MARKER_RECORD + "]}";

        List<S3EventRecord> records = events(S3EventMessages.parse(body));

        assertEquals(List.of("HappyFace.jpg", "videos/big one.mp4", "old/report 2023.csv"), records.stream().map(S3EventRecord::key).toList());
        assertEquals(5368709120L, records.get(1).size());
        assertTrue(records.get(1).creation());
        assertTrue(records.get(2).removal());
    }

    @Test
    void parse_recordOfAnotherService_refusedNamingItsSourceNotThrownAway() {
        String put = record(DOCUMENTED_PUT);
        String notS3 = put.replace("\"aws:s3\"", "\"aws:sqs\"").replace("\"HappyFace.jpg\"", "\"not-mine\"");

        assertMalformed("{\"Records\":[" + put + "," + notS3 + "]}", "record 2 is not an S3 event notification (eventSource \"aws:sqs\")");
        assertMalformed(DOCUMENTED_PUT.replace("\"aws:s3\"", "\"aws:sqs\""), "record 1 is not an S3 event notification (eventSource \"aws:sqs\")");
    }

    @Test
    void parse_recordsOfS3CompatibleStores_minioAndCephSourcesAndS3PrefixedNamesAccepted() {
        String minio = DOCUMENTED_PUT.replace("\"aws:s3\"", "\"minio:s3\"").replace("\"ObjectCreated:Put\"", "\"s3:ObjectCreated:Put\"");
        String ceph = DOCUMENTED_PUT.replace("\"aws:s3\"", "\"ceph:s3\"").replace("\"ObjectCreated:Put\"", "\"ObjectCreated:Put\"");

        assertTrue(single(S3EventMessages.parse(minio)).creation());
        assertEquals("HappyFace.jpg", single(S3EventMessages.parse(ceph)).key());
    }

    @Test
    void parse_removal_noSizeNoEtag_versionAndSequencerKept() {
        S3EventRecord record = single(S3EventMessages.parse("{\"Records\":[" + DELETE_MARKER_RECORD + "]}"));

        assertEquals("mybucket", record.bucket());
        assertEquals("old/report 2023.csv", record.key());
        assertEquals("ObjectRemoved:DeleteMarkerCreated", record.eventName());
        assertTrue(record.removal());
        assertFalse(record.creation());
        assertEquals(-1, record.size());
        assertNull(record.etag());
        assertEquals("1QW9g1Z99LUNbvaaYVpW9xDlOLU.qxgF", record.versionId());
        assertEquals("0055AED6DCD90281F0", record.sequencer());
    }

    @Test
    void parse_plainDeleteAndLifecycleExpiration_removals() {
        String delete = DELETE_MARKER_RECORD.replace("ObjectRemoved:DeleteMarkerCreated", "ObjectRemoved:Delete");
        String expired = DELETE_MARKER_RECORD.replace("ObjectRemoved:DeleteMarkerCreated", "LifecycleExpiration:Delete");
        String restored = record(DOCUMENTED_PUT).replace("ObjectCreated:Put", "ObjectRestore:Completed");

        List<S3EventRecord> records = events(S3EventMessages.parse("{\"Records\":[" + delete + "," + expired + "," + restored + "]}"));

        assertTrue(records.get(0).removal());
        assertTrue(records.get(1).removal());
        // neither: the worker leaves it alone
        assertFalse(records.get(2).removal());
        assertFalse(records.get(2).creation());
    }

    @Test
    void parse_documentedTestEvent_testEventOfItsBucket() {
        assertEquals(new TestEvent("bucketname"), S3EventMessages.parse(DOCUMENTED_TEST_EVENT));
    }

    @Test
    void parse_testEventWrappedBySns_testEvent() {
        assertEquals(new TestEvent("bucketname"), S3EventMessages.parse(sns(DOCUMENTED_TEST_EVENT)));
    }

    @Test
    void parse_putWrappedBySns_asSnsSendsIt_decodedRecord() {
        // an SQS body from an SNS subscription, written out as SNS sends it: the S3 message compact, quoted in "Message"
        String body = """
                {
                  "Type" : "Notification",
                  "MessageId" : "a03cb080-e59a-5f90-934d-d1705f7dea61",
                  "TopicArn" : "arn:aws:sns:us-west-2:123456789012:MyTopic",
                  "Subject" : "Amazon S3 Notification",
                  "Message" : "{\\"Records\\":[{\\"eventVersion\\":\\"2.1\\",\\"eventSource\\":\\"aws:s3\\",\\"awsRegion\\":\\"us-west-2\\",\\"eventTime\\":\\"2024-01-26T00:43:18.762Z\\",\\"eventName\\":\\"ObjectCreated:Put\\",\\"userIdentity\\":{\\"principalId\\":\\"AWS:AIDAJDPLRKLG7UEXAMPLE\\"},\\"requestParameters\\":{\\"sourceIPAddress\\":\\"127.0.0.1\\"},\\"responseElements\\":{\\"x-amz-request-id\\":\\"GT9JC1YSS57PYTZ9\\",\\"x-amz-id-2\\":\\"tHStzdZk2PBgDB3FUdhGldRcZH4Zip7jHG5YO3DCO0ytdYmf4Ux3HCL1pKv0oz8w\\"},\\"s3\\":{\\"s3SchemaVersion\\":\\"1.0\\",\\"configurationId\\":\\"testConfigRule\\",\\"bucket\\":{\\"name\\":\\"mybucket\\",\\"ownerIdentity\\":{\\"principalId\\":\\"A3NL1KOZZKExample\\"},\\"arn\\":\\"arn:aws:s3:::mybucket\\"},\\"object\\":{\\"key\\":\\"reports/Q1+%E2%80%93+final.pdf\\",\\"size\\":9109,\\"eTag\\":\\"8b36501739a92c43efa16ab924ed6088\\",\\"sequencer\\":\\"0061ED16C7445880F0\\"}}}]}",
                  "Timestamp" : "2024-01-26T00:43:19.519Z",
                  "SignatureVersion" : "1",
                  "Signature" : "EXAMPLEw6JRN...",
                  "SigningCertURL" : "https://sns.us-west-2.amazonaws.com/SimpleNotificationService-f3ecfb7224c7233fe7bb5f59f96de52f.pem",
                  "UnsubscribeURL" : "https://sns.us-west-2.amazonaws.com/?Action=Unsubscribe&SubscriptionArn=arn:aws:sns:us-west-2:123456789012:MyTopic:c9135db0-26c4-47ec-8998-413945fb5a96"
                }
                """;

        S3EventRecord record = single(S3EventMessages.parse(body));

        assertEquals(new S3EventRecord("mybucket", "reports/Q1 – final.pdf", "ObjectCreated:Put", 9109, "8b36501739a92c43efa16ab924ed6088",
                null, "0061ED16C7445880F0"), record);
    }

    @Test
    void parse_snsWrappedDocumentedPut_sameAsDirect() {
        assertEquals(S3EventMessages.parse(DOCUMENTED_PUT), S3EventMessages.parse(sns(DOCUMENTED_PUT)));
    }

    @Test
    void parse_snsSubscriptionConfirmation_notAnEvent() {
        // SNS developer guide: the confirmation an SQS subscription of another account receives
        String body = """
                {
                  "Type" : "SubscriptionConfirmation",
                  "MessageId" : "165545c9-2a5c-472c-8df2-7ff2be2b3b1b",
                  "Token" : "2336412f37fb687f5d51e6e241d09c805a5a57b30d712f794cc5f6a988666d92768dd60a747ba6f3beb71854e285d6ad02428b09ceece29417f1f02d609c582afbacc99c583a916b9981dd2728f4ae6fdb82efd087cc3b7849e05798d2d2785c03b0879594eeac82c01f235d0e717736",
                  "TopicArn" : "arn:aws:sns:us-west-2:123456789012:MyTopic",
                  "Message" : "You have chosen to subscribe to the topic arn:aws:sns:us-west-2:123456789012:MyTopic.\\nTo confirm the subscription, visit the SubscribeURL included in this message.",
                  "SubscribeURL" : "https://sns.us-west-2.amazonaws.com/?Action=ConfirmSubscription&TopicArn=arn:aws:sns:us-west-2:123456789012:MyTopic&Token=2336412f37",
                  "Timestamp" : "2012-04-26T20:45:04.751Z",
                  "SignatureVersion" : "1",
                  "Signature" : "EXAMPLEpH+DcEwjAPg8O9mY8dReBSwksfg2S7WKQcikcNKWLQjwu6A4VbeS0QHVCkhRS7fUQvi2egU3N858fiTDN6bkkOxYDVrY0Ad8L10Hs3zH81mtnPk5uvvolIC1CXGu43obcgFxeL3khZl8IKvO61GWB6jI9b5+gLPoBc1Q=",
                  "SigningCertURL" : "https://sns.us-west-2.amazonaws.com/SimpleNotificationService-f3ecfb7224c7233fe7bb5f59f96de52f.pem"
                }
                """;

        assertEquals(new NotAnEvent(), S3EventMessages.parse(body));
    }

    @Test
    void parse_snsNotificationOfPlainText_notAnEvent() {
        // the SNS developer guide's own example: "Hello world!" published to the topic
        assertEquals(new NotAnEvent(), S3EventMessages.parse(sns("Hello world!")));
    }

    @Test
    void parse_documentedEventBridgeObjectCreated_oneCreation() {
        S3EventRecord record = single(S3EventMessages.parse(DOCUMENTED_EVENTBRIDGE_CREATED));

        assertEquals(new S3EventRecord("amzn-s3-demo-bucket1", "example-key", "Object Created", 5, "b1946ac92492d2347c6235b4d2611184",
                "IYV3p45BT0ac8hjHg1houSdS1a.Mro8e", "617f08299329d189"), record);
        assertTrue(record.creation());
        assertFalse(record.removal());
    }

    @Test
    void parse_eventBridgeKey_notUrlDecoded() {
        String body = DOCUMENTED_EVENTBRIDGE_CREATED.replace("\"example-key\"", "\"a+b%2Bc d/été.txt\"");

        assertEquals("a+b%2Bc d/été.txt", single(S3EventMessages.parse(body)).key());
    }

    @Test
    void parse_documentedEventBridgeObjectDeleted_removalWithoutSizeOrEtag() {
        S3EventRecord record = single(S3EventMessages.parse(DOCUMENTED_EVENTBRIDGE_DELETED));

        assertEquals(new S3EventRecord("amzn-s3-demo-bucket1", "example-key", "Object Deleted", -1, null,
                "1QW9g1Z99LUNbvaaYVpW9xDlOLU.qxgF", "617f0837b476e463"), record);
        assertTrue(record.removal());
    }

    @Test
    void parse_eventBridgeOfAnotherService_notAnEvent() {
        String body = DOCUMENTED_EVENTBRIDGE_CREATED.replace("\"aws.s3\"", "\"aws.ec2\"");

        assertEquals(new NotAnEvent(), S3EventMessages.parse(body));
    }

    @Test
    void parse_jsonThatIsNoNotification_notAnEvent() {
        assertEquals(new NotAnEvent(), S3EventMessages.parse("""
                {"v":1,"type":"copy","source":"s3://src/a+b.txt","destination":"s3://dst/a+b.txt","size":12,"partSize":8388608}
                """));
        assertEquals(new NotAnEvent(), S3EventMessages.parse("[1,2,3]"));
        assertEquals(new NotAnEvent(), S3EventMessages.parse("\"Records\""));
        assertEquals(new NotAnEvent(), S3EventMessages.parse("{}"));
    }

    @Test
    void parse_brokenJson_illegalArgumentSayingNotJson() {
        for (String body : List.of(DOCUMENTED_PUT.substring(0, 200), "{\"Records\":[}", "Hello world!", "{} {}")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> S3EventMessages.parse(body), body);
            assertTrue(e.getMessage().startsWith("the message body is not JSON: "), e.getMessage());
            assertFalse(e.getMessage().contains("\n"), e.getMessage());
            assertFalse(e.getMessage().contains("Source"), e.getMessage());
        }
        assertMalformed("{\"Records\":[}", "the message body is not JSON: Unexpected close marker '}': expected ']'"
                + " (for Array starting at line 1, column 12) (line 1, column 13)");
        assertMalformed("", "the message body is empty");
        assertMalformed(" \n", "the message body is empty");
    }

    @Test
    void parse_recordWithoutKey_illegalArgumentNamingTheRecordAndField() {
        String body = "{\"Records\":[" + record(DOCUMENTED_PUT) + "," + record(DOCUMENTED_PUT).replace("\"key\":\"HappyFace.jpg\",", "") + "]}";

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> S3EventMessages.parse(body));

        assertEquals("record 2 has no s3.object.key", e.getMessage());
    }

    @Test
    void parse_malformedNotifications_illegalArgumentNamingWhatIsWrong() {
        assertMalformed(DOCUMENTED_PUT.replace("\"name\":\"mybucket\",", ""), "record 1 has no s3.bucket.name");
        assertMalformed(DOCUMENTED_PUT.replace("\"key\":\"HappyFace.jpg\"", "\"key\":\"\""), "record 1 has no s3.object.key");
        assertMalformed(DOCUMENTED_PUT.replace("\"key\":\"HappyFace.jpg\"", "\"key\":42"), "record 1: its s3.object.key is not a string");
        assertMalformed(DOCUMENTED_PUT.replace("\"eventName\":\"ObjectCreated:Put\",", ""), "record 1 has no eventName");
        assertMalformed(DOCUMENTED_PUT.replace("\"HappyFace.jpg\"", "\"100%.jpg\""), "record 1: its key \"100%.jpg\" is not URL-encoded as S3 sends keys");
        assertMalformed(DOCUMENTED_PUT.replace("1024", "\"big\""), "record 1: its s3.object.size big is not a size in bytes");
        assertMalformed("{\"Records\":{}}", "\"Records\" is not an array");
        assertMalformed("{\"Records\":[\"x\"]}", "record 1 of \"Records\" is not an object");
        assertMalformed(DOCUMENTED_EVENTBRIDGE_CREATED.replace("\"key\": \"example-key\",", ""), "the EventBridge event \"Object Created\" has no object.key");
        assertMalformed(sns(DOCUMENTED_PUT.replace("\"key\":\"HappyFace.jpg\",", "")), "in the SNS notification's Message, record 1 has no s3.object.key");
    }

    @Test
    void parse_sizeBeyondInt_keptAsLong() {
        assertEquals(5_000_000_000_000L, single(S3EventMessages.parse(DOCUMENTED_PUT.replace("1024", "5000000000000"))).size());
    }

    @Test
    void eventName_s3PrefixOfCompatibleStores_stillRecognised() {
        assertTrue(new S3EventRecord("b", "k", "s3:ObjectCreated:Put", 1, null, null, null).creation());
        assertTrue(new S3EventRecord("b", "k", "s3:ObjectRemoved:Delete", -1, null, null, null).removal());
    }

    private static void assertMalformed(String body, String message) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> S3EventMessages.parse(body), body);
        assertEquals(message, e.getMessage());
    }

    private static S3EventRecord single(Parsed parsed) {
        List<S3EventRecord> records = events(parsed);
        assertEquals(1, records.size(), records.toString());
        return records.get(0);
    }

    private static List<S3EventRecord> events(Parsed parsed) {
        return assertInstanceOf(Events.class, parsed).records();
    }

    /** The one record of a "Records" message, as JSON text. */
    private static String record(String message) {
        int start = message.indexOf('[') + 1;
        int end = message.lastIndexOf(']');
        return message.substring(start, end).trim();
    }

    /** The message as an SQS subscription of an SNS topic receives it: quoted into the documented envelope. */
    private static String sns(String message) {
        return SNS_ENVELOPE.formatted("\"" + new String(JsonStringEncoder.getInstance().quoteAsString(message)) + "\"");
    }
}
