package dev.uploader.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JobLogLineTest {
    private static final Instant FINISHED = Instant.parse("2026-03-14T09:26:53.589793Z");

    @Test
    void of_doneJob_everyFieldInOrderOnOneLine() throws IOException {
        JobLogLine.Entry entry = new JobLogLine.Entry(FINISHED, "worker-1.example:4242", "5fea7756-0ea4-451a-a703-a558b933e274", 1,
                "s3://src-bucket/photos/2024/a.jpg", "s3://dst-bucket/photos/2024/a.jpg", 5_368_709_120L, "done",
                5_360_320_512L, 8_388_608L, 1, "every part's MD5 matches the source", 12.3456789, null);

        String line = JobLogLine.of(entry);

        Map<String, Object> fields = parse(line);
        assertEquals(List.of("time", "worker", "messageId", "receiveCount", "source", "destination", "size", "outcome", "bytesSent",
                "bytesReused", "partsReused", "proof", "seconds", "error"), new ArrayList<>(fields.keySet()));
        assertEquals("2026-03-14T09:26:53.589Z", fields.get("time"));
        assertEquals("worker-1.example:4242", fields.get("worker"));
        assertEquals("5fea7756-0ea4-451a-a703-a558b933e274", fields.get("messageId"));
        assertEquals(1L, fields.get("receiveCount"));
        assertEquals("s3://src-bucket/photos/2024/a.jpg", fields.get("source"));
        assertEquals("s3://dst-bucket/photos/2024/a.jpg", fields.get("destination"));
        assertEquals(5_368_709_120L, fields.get("size"));
        assertEquals("done", fields.get("outcome"));
        assertEquals(5_360_320_512L, fields.get("bytesSent"));
        assertEquals(8_388_608L, fields.get("bytesReused"));
        assertEquals(1L, fields.get("partsReused"));
        assertEquals("every part's MD5 matches the source", fields.get("proof"));
        assertEquals(12.346, fields.get("seconds"));
        assertTrue(fields.containsKey("error"));
        assertNull(fields.get("error"));
        assertFalse(line.endsWith("\n"));
    }

    @Test
    void of_keyWithQuotesLineBreaksAndNonAscii_escapedOnOneLineAndReadBackTheSame() throws IOException {
        String key = "reports/\"Q1\" \\ final\nrev 2\r\tété 日本 😀 \u2028end\u2029\u0000";
        String error = "HTTP 500 from \"s3.example\"\nretry later";
        JobLogLine.Entry entry = new JobLogLine.Entry(FINISHED, "w", "m", 3, "/mnt/share/" + key, "s3://dst/" + key, 12, "failed",
                0, 0, 0, null, 0.5, error);

        String line = JobLogLine.of(entry);

        assertFalse(line.contains("\n") || line.contains("\r") || line.contains("\u2028") || line.contains("\u2029"), line);
        assertTrue(line.contains("\\\"Q1\\\" \\\\ final\\nrev 2\\r\\t"), line);
        assertTrue(line.contains("\\u2028end\\u2029\\u0000"), line);
        // non-ASCII written as it is, not as \\u escapes
        assertTrue(line.contains("été 日本 😀"), line);
        Map<String, Object> fields = parse(line);
        assertEquals("/mnt/share/" + key, fields.get("source"));
        assertEquals("s3://dst/" + key, fields.get("destination"));
        assertEquals(error, fields.get("error"));
        assertNull(fields.get("proof"));
        assertEquals(3L, fields.get("receiveCount"));
    }

    @Test
    void of_loneSurrogate_replacementCharacter() throws IOException {
        JobLogLine.Entry entry = new JobLogLine.Entry(FINISHED, "w", null, 1, "/data/bad\uD800name", "s3://dst/ok\uD83D\uDE00", -1,
                "failed", 0, 0, 0, null, Double.NaN, "unreadable");

        Map<String, Object> fields = parse(JobLogLine.of(entry));

        assertEquals("/data/bad\uFFFDname", fields.get("source"));
        assertEquals("s3://dst/ok\uD83D\uDE00", fields.get("destination"));
        assertNull(fields.get("messageId"));
        assertEquals(-1L, fields.get("size"));
        assertNull(fields.get("seconds"));
    }

    @Test
    void withoutLoneSurrogates_pairsKept_lonesReplaced() {
        assertEquals("a\uD83D\uDE00b", JobLogLine.withoutLoneSurrogates("a\uD83D\uDE00b"));
        assertEquals("\uFFFDx\uFFFD", JobLogLine.withoutLoneSurrogates("\uDE00x\uD83D"));
        assertEquals("\uD83D\uDE00\uFFFD", JobLogLine.withoutLoneSurrogates("\uD83D\uDE00\uD83D"));
    }

    /** The line read back with Jackson's streaming parser: exactly one flat JSON object. */
    private static Map<String, Object> parse(String line) throws IOException {
        Map<String, Object> fields = new LinkedHashMap<>();
        try (JsonParser p = new JsonFactory().createParser(line)) {
            assertEquals(JsonToken.START_OBJECT, p.nextToken());
            JsonToken t;
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                fields.put(name, switch (value) {
                    case VALUE_STRING -> p.getText();
                    case VALUE_NUMBER_INT -> p.getLongValue();
                    case VALUE_NUMBER_FLOAT -> p.getDoubleValue();
                    case VALUE_NULL -> null;
                    default -> throw new AssertionError("unexpected " + value + " for " + name);
                });
            }
            assertEquals(JsonToken.END_OBJECT, t);
            assertNull(p.nextToken());
        }
        return fields;
    }
}
