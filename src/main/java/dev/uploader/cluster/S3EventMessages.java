package dev.uploader.cluster;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Reads an SQS message body that may be an S3 event notification, in each form it reaches a queue:
 * <ol>
 *   <li>from S3 directly (or SNS with raw message delivery): {@code {"Records":[...]}}, every record of the message;</li>
 *   <li>S3's test message {@code {"Service":"Amazon S3","Event":"s3:TestEvent",...}}, sent when a notification is
 *       configured: {@link TestEvent}, to be dropped;</li>
 *   <li>either of those wrapped by SNS: {@code {"Type":"Notification","TopicArn":...,"Message":"<that JSON>"}}; any
 *       other SNS message (a subscription confirmation, a message that is not S3's) is {@link NotAnEvent};</li>
 *   <li>an EventBridge event of S3 ({@code "source":"aws.s3"}), such as {@code "detail-type":"Object Created"}: one
 *       record whose event name is the detail-type.</li>
 * </ol>
 * Keys of S3 notifications are URL-encoded as in a form ({@code +} is a space, {@code %XX} bytes of UTF-8) and come
 * back decoded; EventBridge keys are not encoded and come back as they are. Records whose {@code eventSource} is not
 * {@code aws:s3} are left out. A removal has no size or ETag ({@code -1}, null), whatever the event carries.
 *
 * <p>Read with Jackson's streaming parser into plain maps and lists first (a body is at most SQS's message size), so
 * that the fields may come in any order.
 */
public final class S3EventMessages {
    /** Thread-safe once built. */
    private static final JsonFactory JSON = JsonFactory.builder().build();
    private static final Pattern SOURCE = Pattern.compile("\\[Source: .*?; line: (\\d+), column: (\\d+)]");

    private S3EventMessages() {
    }

    /** What the body is. */
    public sealed interface Parsed permits Events, TestEvent, NotAnEvent {
    }

    /** An S3 event notification: its records from S3, in order; empty when none came from S3. */
    public record Events(List<S3EventRecord> records) implements Parsed {
        public Events {
            records = List.copyOf(records);
        }
    }

    /**
     * S3's {@code s3:TestEvent}, to be dropped.
     *
     * @param bucket the bucket it names, or null
     */
    public record TestEvent(String bucket) implements Parsed {
    }

    /** Valid JSON that is not an S3 notification, such as a job message of the sender. */
    public record NotAnEvent() implements Parsed {
    }

    /**
     * @throws IllegalArgumentException with a short message naming what is wrong, for a body that is not JSON, or an S3
     *                                  notification that is malformed (a record without its bucket, key or event name,
     *                                  a key that is not URL-encoded, a size that is no number)
     */
    public static Parsed parse(String body) {
        Objects.requireNonNull(body, "body");
        if (body.isBlank()) {
            throw new IllegalArgumentException("the message body is empty");
        }
        Object root;
        try {
            root = read(body);
        } catch (IOException e) {
            throw new IllegalArgumentException("the message body is not JSON: " + why(e), e);
        }
        return interpret(root, true);
    }

    private static Parsed interpret(Object root, boolean outermost) {
        if (!(root instanceof Map<?, ?> message)) {
            return new NotAnEvent();
        }
        if (message.containsKey("Records")) {
            return records(message.get("Records"));
        }
        if ("s3:TestEvent".equals(message.get("Event"))) {
            return new TestEvent(message.get("Bucket") instanceof String bucket ? bucket : null);
        }
        if (outermost && "Notification".equals(message.get("Type")) && message.get("TopicArn") != null) {
            return snsNotification(message.get("Message"));
        }
        if ("aws.s3".equals(message.get("source")) && message.get("detail-type") instanceof String detailType) {
            return eventBridge(detailType, message.get("detail"));
        }
        return new NotAnEvent();
    }

    private static Parsed snsNotification(Object wrapped) {
        if (!(wrapped instanceof String text)) {
            return new NotAnEvent();
        }
        Object inner;
        try {
            inner = read(text);
        } catch (IOException e) {
            // something published to the topic that is not JSON, so not S3's
            return new NotAnEvent();
        }
        try {
            return interpret(inner, false);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("in the SNS notification's Message, " + e.getMessage(), e);
        }
    }

    private static Events records(Object value) {
        if (!(value instanceof List<?> list)) {
            throw new IllegalArgumentException("\"Records\" is not an array");
        }
        List<S3EventRecord> records = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            String which = "record " + (i + 1);
            if (!(list.get(i) instanceof Map<?, ?> record)) {
                throw new IllegalArgumentException(which + " of \"Records\" is not an object");
            }
            // aws:s3 from S3; S3-compatible stores name themselves (minio:s3, ceph:s3). Anything else was not meant for a worker:
            // refused, so that it ends in the dead-letter queue rather than being thrown away
            Object source = record.get("eventSource");
            if (source != null && !(source instanceof String name && name.endsWith(":s3"))) {
                throw new IllegalArgumentException(which + " is not an S3 event notification (eventSource \"" + source + "\")");
            }
            records.add(s3Record(record, which));
        }
        return new Events(records);
    }

    private static S3EventRecord s3Record(Map<?, ?> record, String which) {
        String eventName = required(record, which, "eventName");
        String bucket = required(record, which, "s3", "bucket", "name");
        String encodedKey = required(record, which, "s3", "object", "key");
        String key;
        try {
            key = URLDecoder.decode(encodedKey, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(which + ": its key \"" + encodedKey + "\" is not URL-encoded as S3 sends keys", e);
        }
        String versionId = optional(record, "s3", "object", "versionId");
        String sequencer = optional(record, "s3", "object", "sequencer");
        S3EventRecord removal = new S3EventRecord(bucket, key, eventName, -1, null, versionId, sequencer);
        if (removal.removal()) {
            return removal;
        }
        return new S3EventRecord(bucket, key, eventName, size(record, which, "s3", "object", "size"),
                optional(record, "s3", "object", "eTag"), versionId, sequencer);
    }

    private static Events eventBridge(String detailType, Object value) {
        String which = "the EventBridge event \"" + detailType + "\"";
        if (!(value instanceof Map<?, ?> detail)) {
            throw new IllegalArgumentException(which + " has no detail");
        }
        String bucket = required(detail, which, "bucket", "name");
        String key = required(detail, which, "object", "key");
        String versionId = optional(detail, "object", "version-id");
        String sequencer = optional(detail, "object", "sequencer");
        S3EventRecord record = new S3EventRecord(bucket, key, detailType, -1, null, versionId, sequencer);
        if (!record.removal()) {
            record = new S3EventRecord(bucket, key, detailType, size(detail, which, "object", "size"),
                    optional(detail, "object", "etag"), versionId, sequencer);
        }
        return new Events(List.of(record));
    }

    /** The value at the path; null when a part of the path is missing or JSON null. */
    private static Object at(Map<?, ?> root, String... path) {
        Object value = root;
        for (String name : path) {
            if (!(value instanceof Map<?, ?> map)) {
                return null;
            }
            value = map.get(name);
        }
        return value;
    }

    private static String required(Map<?, ?> root, String which, String... path) {
        Object value = at(root, path);
        String name = String.join(".", path);
        if (value == null || "".equals(value)) {
            throw new IllegalArgumentException(which + " has no " + name);
        }
        if (!(value instanceof String text)) {
            throw new IllegalArgumentException(which + ": its " + name + " is not a string");
        }
        return text;
    }

    /** A field the copy does not depend on: a string, or null when missing or of another type. */
    private static String optional(Map<?, ?> root, String... path) {
        return at(root, path) instanceof String text ? text : null;
    }

    private static long size(Map<?, ?> root, String which, String... path) {
        Object value = at(root, path);
        if (value == null) {
            return -1;
        }
        if (value instanceof Long n && n >= 0) {
            return n;
        }
        if (value instanceof String text) {
            try {
                long n = Long.parseLong(text.trim());
                if (n >= 0) {
                    return n;
                }
            } catch (NumberFormatException e) {
                // said below
            }
        }
        throw new IllegalArgumentException(which + ": its " + String.join(".", path) + " " + value + " is not a size in bytes");
    }

    private static Object read(String text) throws IOException {
        try (JsonParser p = JSON.createParser(text)) {
            JsonToken first = p.nextToken();
            if (first == null) {
                throw new JsonParseException(p, "it is empty");
            }
            Object value = value(p, first);
            if (p.nextToken() != null) {
                throw new JsonParseException(p, "more follows the JSON value");
            }
            return value;
        }
    }

    private static Object value(JsonParser p, JsonToken token) throws IOException {
        if (token == null) {
            throw new JsonParseException(p, "it ends inside a value");
        }
        return switch (token) {
            case START_OBJECT -> {
                Map<String, Object> fields = new LinkedHashMap<>();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    fields.put(name, value(p, p.nextToken()));
                }
                yield fields;
            }
            case START_ARRAY -> {
                List<Object> items = new ArrayList<>();
                JsonToken item;
                while ((item = p.nextToken()) != JsonToken.END_ARRAY) {
                    items.add(value(p, item));
                }
                yield items;
            }
            case VALUE_STRING -> p.getText();
            case VALUE_NUMBER_INT -> p.getNumberType() == JsonParser.NumberType.BIG_INTEGER ? p.getBigIntegerValue() : Long.valueOf(p.getLongValue());
            case VALUE_NUMBER_FLOAT -> p.getDoubleValue();
            case VALUE_TRUE -> Boolean.TRUE;
            case VALUE_FALSE -> Boolean.FALSE;
            case VALUE_NULL -> null;
            default -> throw new JsonParseException(p, "unexpected " + token);
        };
    }

    /** Jackson's reason and where, on one line. */
    private static String why(IOException e) {
        if (e instanceof JsonProcessingException j) {
            JsonLocation at = j.getLocation();
            String where = at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
            // Jackson names the start of an unclosed object by "[Source: REDACTED (...); line: 1, column: 13]"
            return SOURCE.matcher(j.getOriginalMessage()).replaceAll("line $1, column $2") + where;
        }
        return e.getMessage();
    }
}
