package dev.uploader.cluster;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.uploader.config.JobType;
import java.io.IOException;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * The message format of {@link TransferOrder}s, one JSON object per message:
 * <pre>
 * {"uploader":1,"type":"S3_TO_S3","source":"src-bucket","sourcePrefix":"data/","destination":"des-bucket",
 *  "destinationPrefix":"backup/","partSize":8388608,"objects":[{"name":"a/b.bin","size":123,"etag":"..."}]}
 * </pre>
 * The field {@code uploader} (the format's version) tells an order from an S3 event notification on the same queue.
 */
public final class TransferOrders {
    static final int VERSION = 1;
    private static final JsonFactory JSON = new JsonFactory();

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
            g.writeEndArray();
            g.writeEndObject();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out.toString();
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
}
