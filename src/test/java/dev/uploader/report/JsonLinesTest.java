package dev.uploader.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonLinesTest {
    @Test
    void lineThenParse_valuesOfEveryKind_roundTripTyped() throws IOException {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("s", "quote \" line\nbreak ü \uD83D\uDE00");
        fields.put("n", 42);
        fields.put("big", Long.MAX_VALUE);
        fields.put("d", 1.5);
        fields.put("nan", Double.NaN);
        fields.put("b", true);
        fields.put("none", null);
        fields.put("path", Path.of("/a/b c"));
        fields.put("when", Instant.parse("2026-12-02T10:00:00Z"));
        fields.put("nested", Map.of("k", 1L));
        fields.put("list", List.of("x", 2L));

        byte[] line = JsonLines.line(fields);

        assertEquals('\n', line[line.length - 1]);
        Map<String, Object> back = JsonLines.parse(Arrays.copyOf(line, line.length - 1));
        assertEquals("quote \" line\nbreak ü \uD83D\uDE00", back.get("s"));
        assertEquals(42L, back.get("n"));
        assertEquals(Long.MAX_VALUE, back.get("big"));
        assertEquals(1.5, back.get("d"));
        assertNull(back.get("nan"), "JSON has no NaN");
        assertEquals(true, back.get("b"));
        assertNull(back.get("none"));
        assertEquals("/a/b c", back.get("path"), "a path is its text, not an array of its names");
        assertEquals("2026-12-02T10:00:00Z", back.get("when"));
        assertEquals(Map.of("k", 1L), back.get("nested"));
        assertEquals(List.of("x", 2L), back.get("list"));
        assertEquals(List.copyOf(fields.keySet()), List.copyOf(back.keySet()), "fields keep their order");
    }

    @Test
    void line_loneSurrogate_writtenAsReplacementCharacter() throws IOException {
        byte[] line = JsonLines.line(Map.of("s", "a\uD800b"));

        assertEquals("a\uFFFDb", JsonLines.parse(Arrays.copyOf(line, line.length - 1)).get("s"));
    }

    @Test
    void parse_notOneObject_malformedSayingWhy() throws IOException {
        assertEquals("it is not a JSON object",
                assertThrows(JsonLines.MalformedLine.class, () -> JsonLines.parse("[1]".getBytes(StandardCharsets.UTF_8))).getMessage());
        assertEquals("more follows the JSON object",
                assertThrows(JsonLines.MalformedLine.class, () -> JsonLines.parse("{} {}".getBytes(StandardCharsets.UTF_8))).getMessage());
        assertThrows(JsonLines.MalformedLine.class, () -> JsonLines.parse("{\"a\":".getBytes(StandardCharsets.UTF_8)));
        assertNull(JsonLines.parse(" \t\r".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void forEachLine_unfinishedLastLine_notHandedOnItsLengthReturned() throws IOException {
        List<String> lines = new ArrayList<>();
        byte[] input = "{\"a\":1}\n\n{\"b\":2}\n{\"c\"".getBytes(StandardCharsets.UTF_8);

        long unfinished = JsonLines.forEachLine(new ByteArrayInputStream(input), (n, bytes) -> lines.add(n + ":" + new String(bytes, StandardCharsets.UTF_8)));

        assertEquals(List.of("1:{\"a\":1}", "2:", "3:{\"b\":2}"), lines);
        assertEquals(4, unfinished);
    }

    @Test
    void forEachLine_linesAcrossReadChunks_eachWhole() throws IOException {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 5000; i++) {
            text.append("{\"i\":").append(i).append(",\"pad\":\"").append("x".repeat(i % 97)).append("\"}\n");
        }
        List<Long> seen = new ArrayList<>();

        JsonLines.forEachLine(new ByteArrayInputStream(text.toString().getBytes(StandardCharsets.UTF_8)),
                (n, bytes) -> seen.add((Long) JsonLines.parse(bytes).get("i")));

        assertEquals(5000, seen.size());
        assertEquals(4999L, seen.get(4999));
        assertArrayEquals(new long[] {0, 1, 2}, seen.subList(0, 3).stream().mapToLong(Long::longValue).toArray());
    }
}
