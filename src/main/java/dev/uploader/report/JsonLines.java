package dev.uploader.report;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON Lines codec of the project's own files (the report of a job, the run history): lines split on '\n', each
 * line one JSON object read into a map, and a map written back as one line. Jackson's streaming parser and generator
 * only (decision 0010), no object mapping.
 */
public final class JsonLines {
    /** Thread-safe once built; generators and parsers are made per line. */
    static final JsonFactory JSON = JsonFactory.builder().build();

    private JsonLines() {
    }

    /** Takes the complete lines of a file one by one. */
    public interface LineSink {
        /**
         * @param number the line's number, from 1
         * @param bytes  the line without its line break
         */
        void line(long number, byte[] bytes) throws IOException;
    }

    /** A complete line that is not one JSON object; the message says what is wrong, without file or line. */
    public static final class MalformedLine extends IOException {
        MalformedLine(String why, Throwable cause) {
            super(why, cause);
        }
    }

    /**
     * Hands each complete line of {@code in} to {@code sink}, in order. A last line without its line break is one a
     * writer did not finish (a killed process, or one writing at this moment): it is not handed on.
     *
     * @return the length in bytes of that unfinished last line, 0 when the input ends with a line break or is empty
     */
    public static long forEachLine(InputStream in, LineSink sink) throws IOException {
        byte[] chunk = new byte[1 << 16];
        ByteArrayOutputStream current = new ByteArrayOutputStream(512);
        long lineNumber = 0;
        int n;
        while ((n = in.read(chunk)) != -1) {
            int start = 0;
            for (int i = 0; i < n; i++) {
                if (chunk[i] == '\n') {
                    current.write(chunk, start, i - start);
                    lineNumber++;
                    sink.line(lineNumber, current.toByteArray());
                    current.reset();
                    start = i + 1;
                }
            }
            current.write(chunk, start, n - start);
        }
        return current.size();
    }

    /**
     * One line as a map of its fields, in their order: strings, {@code Long} (or {@code BigInteger} beyond a long),
     * {@code Double}, {@code Boolean}, null, maps for nested objects and lists for arrays. Null for a blank line.
     *
     * @throws MalformedLine when the line is not exactly one JSON object
     */
    public static Map<String, Object> parse(byte[] line) throws MalformedLine {
        if (blank(line)) {
            return null;
        }
        try (JsonParser p = JSON.createParser(line)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new MalformedLine("it is not a JSON object", null);
            }
            Map<String, Object> record = readObject(p);
            if (p.nextToken() != null) {
                throw new MalformedLine("more follows the JSON object", null);
            }
            return record;
        } catch (JsonProcessingException e) {
            throw new MalformedLine(e.getOriginalMessage(), e);
        } catch (MalformedLine e) {
            throw e;
        } catch (IOException e) {
            // the parser reads from memory: only a value it refused lands here
            throw new MalformedLine(e.getMessage(), e);
        }
    }

    /**
     * The fields as one line of JSON, its line break included. Values may be strings, numbers, booleans, null,
     * {@link java.time.Instant}s, paths and other objects (written as their {@code toString()}), maps with string keys and
     * lists of those; a null map value is written as JSON null. A lone UTF-16 surrogate, which JSON in UTF-8 cannot
     * carry, is written as U+FFFD.
     */
    public static byte[] line(Map<String, ?> fields) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(512);
        try (JsonGenerator g = JSON.createGenerator(out, JsonEncoding.UTF8)) {
            writeValue(g, fields);
        } catch (IOException e) {
            // the generator writes to memory: this is a value it refused
            throw new IllegalArgumentException("cannot put the record as JSON: " + e.getMessage(), e);
        }
        out.write('\n');
        return out.toByteArray();
    }

    private static void writeValue(JsonGenerator g, Object value) throws IOException {
        if (value == null) {
            g.writeNull();
        } else if (value instanceof String s) {
            g.writeString(JsonLinesReport.text(s));
        } else if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
            g.writeNumber(((Number) value).longValue());
        } else if (value instanceof Double || value instanceof Float) {
            double d = ((Number) value).doubleValue();
            if (Double.isFinite(d)) {
                g.writeNumber(d);
            } else {
                g.writeNull();
            }
        } else if (value instanceof java.math.BigInteger big) {
            g.writeNumber(big);
        } else if (value instanceof Boolean b) {
            g.writeBoolean(b);
        } else if (value instanceof Map<?, ?> map) {
            g.writeStartObject();
            for (Map.Entry<?, ?> e : map.entrySet()) {
                g.writeFieldName(JsonLinesReport.text(String.valueOf(e.getKey())));
                writeValue(g, e.getValue());
            }
            g.writeEndObject();
        } else if (value instanceof java.nio.file.Path path) {
            g.writeString(JsonLinesReport.text(path.toString())); // a Path is Iterable: not an array of its names
        } else if (value instanceof Iterable<?> items) {
            g.writeStartArray();
            for (Object item : items) {
                writeValue(g, item);
            }
            g.writeEndArray();
        } else {
            g.writeString(JsonLinesReport.text(value.toString()));
        }
    }

    private static boolean blank(byte[] bytes) {
        for (byte b : bytes) {
            if (b != ' ' && b != '\t' && b != '\r') {
                return false;
            }
        }
        return true;
    }

    private static Map<String, Object> readObject(JsonParser p) throws IOException {
        Map<String, Object> fields = new LinkedHashMap<>();
        JsonToken t;
        while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            fields.put(name, readValue(p, p.nextToken()));
        }
        if (t != JsonToken.END_OBJECT) {
            throw new JsonParseException(p, "the object does not end");
        }
        return fields;
    }

    private static Object readValue(JsonParser p, JsonToken t) throws IOException {
        if (t == null) {
            throw new JsonParseException(p, "the line ends inside the object");
        }
        return switch (t) {
            case VALUE_STRING -> p.getText();
            case VALUE_NUMBER_INT -> p.getNumberType() == JsonParser.NumberType.BIG_INTEGER ? p.getBigIntegerValue() : p.getLongValue();
            case VALUE_NUMBER_FLOAT -> p.getDoubleValue();
            case VALUE_TRUE -> Boolean.TRUE;
            case VALUE_FALSE -> Boolean.FALSE;
            case VALUE_NULL -> null;
            case START_OBJECT -> readObject(p);
            case START_ARRAY -> {
                List<Object> items = new ArrayList<>();
                JsonToken item;
                while ((item = p.nextToken()) != JsonToken.END_ARRAY) {
                    items.add(readValue(p, item));
                }
                yield items;
            }
            default -> throw new JsonParseException(p, "unexpected " + t);
        };
    }
}
