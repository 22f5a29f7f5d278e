package dev.uploader.cluster;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import dev.uploader.config.JobType;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The message format of {@link TransferOrder}s, one JSON object per message:
 * <pre>
 * {"uploader":1,"type":"S3_TO_S3","source":"src-bucket","sourcePrefix":"data/","destination":"des-bucket",
 *  "destinationPrefix":"backup/","partSize":8388608,"objects":[{"name":"a/b.bin","size":123,"etag":"..."}]}
 * </pre>
 * The field {@code uploader} (the format's version) tells an order from an S3 event notification on the same queue.
 *
 * <p>SQS takes only the characters of XML in a message body (#x9, #xA, #xD, #x20-#xD7FF, #xE000-#xFFFD,
 * #x10000-#x10FFFF) and refuses the whole message otherwise, yet keys and file names may hold any other (U+0001,
 * U+FFFE, U+FFFF): every character outside that set is written as a JSON escape ({@code \\uXXXX}), which any JSON
 * reader turns back into the same character.
 */
public final class TransferOrders {
    static final int VERSION = 1;
    private static final JsonFactory JSON = new JsonFactory().setCharacterEscapes(new SqsSafeEscapes());

    private TransferOrders() {
    }

    /** The order's JSON; deletions (S3 events' own) never travel in orders. */
    public static String toJson(TransferOrder order) {
        if (order.items().stream().anyMatch(TransferOrder.Item::removed)) {
            throw new IllegalArgumentException("an order cannot delete");
        }
        StringWriter out = new StringWriter(256 + order.items().size() * 96);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeNumberField("uploader", VERSION);
            g.writeStringField("type", order.type().name());
            g.writeStringField("source", order.source());
            g.writeStringField("sourcePrefix", order.sourcePrefix());
            g.writeStringField("destination", order.destination());
            g.writeStringField("destinationPrefix", order.destinationPrefix());
            g.writeNumberField("partSize", order.partSize());
            g.writeArrayFieldStart("objects");
            for (TransferOrder.Item item : order.items()) {
                write(g, item);
            }
            g.writeEndArray();
            g.writeEndObject();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out.toString();
    }

    /** The bytes (UTF-8) of {@link #toJson}: what SQS counts against its size limits. */
    public static int jsonBytes(TransferOrder order) {
        return utf8Length(toJson(order));
    }

    /**
     * The bytes (UTF-8) one more object adds to an order's JSON: its entry of {@code objects} and the comma before it.
     * An order's size is that of its first object's order plus this for each further object.
     */
    public static int addedBytes(TransferOrder.Item item) {
        StringWriter out = new StringWriter(96);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            write(g, item);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return utf8Length(out.toString()) + 1;
    }

    private static void write(JsonGenerator g, TransferOrder.Item item) throws IOException {
        g.writeStartObject();
        g.writeStringField("name", item.name());
        if (item.size() >= 0) {
            g.writeNumberField("size", item.size());
        }
        if (item.etag() != null) {
            g.writeStringField("etag", item.etag());
        }
        g.writeEndObject();
    }

    private static int utf8Length(String json) {
        // every character SQS refuses is escaped, so the body is valid UTF-16 and encodes without replacement
        return json.getBytes(StandardCharsets.UTF_8).length;
    }

    /**
     * JSON's own escapes for ASCII, plus a {@code \\uXXXX} escape for U+FFFE, U+FFFF and every surrogate. Jackson asks
     * one char at a time, so half of a valid pair (an emoji) cannot be told from a lone half: both are escaped, which
     * costs a valid pair 12 bytes instead of 4 but keeps a lone half too (written raw it would reach SQS as '?').
     */
    private static final class SqsSafeEscapes extends CharacterEscapes {
        private final int[] ascii = standardAsciiEscapesForJSON();

        @Override
        public int[] getEscapeCodesForAscii() {
            return ascii;
        }

        @Override
        public SerializableString getEscapeSequence(int ch) {
            if (Character.isSurrogate((char) ch) || ch == 0xFFFE || ch == 0xFFFF) {
                return new SerializedString(String.format("\\u%04X", ch));
            }
            return null;
        }
    }

    /** Whether a message body is an order (rather than an S3 event or something else). */
    public static boolean isOrder(String body) {
        try (JsonParser p = JSON.createParser(body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return false;
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                p.nextToken();
                if (field.equals("uploader")) {
                    return true;
                }
                p.skipChildren();
            }
            return false;
        } catch (IOException e) {
            return false;
        }
    }

    /** @throws IllegalArgumentException in words when the body is not a whole order of a version this worker reads */
    public static TransferOrder parse(String body) {
        int version = -1;
        JobType type = null;
        String source = null;
        String sourcePrefix = "";
        String destination = null;
        String destinationPrefix = "";
        long partSize = 0;
        List<TransferOrder.Item> items = new ArrayList<>();
        try (JsonParser p = JSON.createParser(body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("not a JSON object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                switch (field) {
                    case "uploader" -> version = p.getValueAsInt(-1);
                    case "type" -> type = jobType(p.getValueAsString());
                    case "source" -> source = p.getValueAsString();
                    case "sourcePrefix" -> sourcePrefix = text(p);
                    case "destination" -> destination = p.getValueAsString();
                    case "destinationPrefix" -> destinationPrefix = text(p);
                    case "partSize" -> partSize = p.getValueAsLong(-1);
                    case "objects" -> {
                        if (value != JsonToken.START_ARRAY) {
                            throw new IllegalArgumentException("'objects' is not a list");
                        }
                        for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
                            if (t != JsonToken.START_OBJECT) {
                                throw new IllegalArgumentException("an entry of 'objects' is not an object");
                            }
                            items.add(item(p));
                        }
                    }
                    default -> p.skipChildren();
                }
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("not JSON (" + (e instanceof com.fasterxml.jackson.core.JsonProcessingException j ? j.getOriginalMessage() : e.getMessage()) + ")", e);
        }
        if (version != VERSION) {
            throw new IllegalArgumentException("an order of format " + version + "; this worker reads format " + VERSION
                    + " (run the same version of the uploader as the sender)");
        }
        if (type == null || source == null || source.isEmpty() || destination == null || destination.isEmpty() || items.isEmpty()
                || partSize < 0) {
            throw new IllegalArgumentException("an order without its type, source, destination, part size or objects");
        }
        return new TransferOrder(type, source, sourcePrefix, destination, destinationPrefix, partSize, items);
    }

    private static String text(JsonParser p) throws IOException {
        String value = p.getValueAsString();
        return value == null ? "" : value;
    }

    private static JobType jobType(String name) {
        try {
            return JobType.valueOf(name);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("unknown job type '" + name + "'");
        }
    }

    private static TransferOrder.Item item(JsonParser p) throws IOException {
        String name = null;
        long size = -1;
        String etag = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            p.nextToken();
            switch (field) {
                case "name" -> name = p.getValueAsString();
                case "size" -> size = p.getValueAsLong(-1);
                case "etag" -> etag = p.getValueAsString();
                case "removed" -> throw new IllegalArgumentException("an order cannot delete: deletions come only from S3 events"
                        + " to workers run with --copy-deletes");
                default -> p.skipChildren();
            }
        }
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("an object without its name");
        }
        return new TransferOrder.Item(name, size, etag, false);
    }

    /**
     * Whether a name has a "." or ".." part: a legal S3 key, but a store or a proxy on the way may resolve "a/../b" to
     * "b", outside the prefixes the config names. The sender does not queue such keys and a worker refuses them.
     */
    static boolean hasDotPart(String name) {
        for (String part : name.split("/", -1)) {
            if (part.equals(".") || part.equals("..")) {
                return true;
            }
        }
        return false;
    }
}
