package dev.uploader.cluster;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * The structured log line of one finished job of a worker: one JSON object on one line, for log collectors to read.
 *
 * <p>The fields, always all of them and in this order: {@code time} (ISO-8601 UTC, milliseconds), {@code worker},
 * {@code messageId}, {@code receiveCount}, {@code source}, {@code destination}, {@code size}, {@code outcome},
 * {@code bytesSent}, {@code bytesReused}, {@code partsReused}, {@code proof}, {@code seconds} (rounded to the
 * millisecond), {@code error}. An unknown value is JSON null.
 *
 * <p>Strings are JSON-escaped, so a key with quotes, backslashes or line breaks stays on the line; so are U+2028 and
 * U+2029, which some readers take for line breaks. Other non-ASCII characters are written as they are (the logger
 * writes UTF-8). A lone UTF-16 surrogate, which UTF-8 cannot carry, becomes U+FFFD.
 */
public final class JobLogLine {
    /** Thread-safe once built; a generator is made per line. */
    private static final JsonFactory JSON = JsonFactory.builder().build();
    private static final CharacterEscapes ESCAPES = new LineSafeEscapes();

    private JobLogLine() {
    }

    /**
     * What is said of a finished job.
     *
     * @param time         when it finished
     * @param worker       the worker's id (host and pid)
     * @param messageId    the SQS message id, or null
     * @param receiveCount how many times SQS has handed out the message, this time included
     * @param source       {@code s3://bucket/key}, {@code oss://bucket/key} or a file path
     * @param destination  {@code s3://bucket/key}
     * @param size         the object's size in bytes; -1 when unknown
     * @param outcome      {@code done}, {@code skipped}, {@code source_gone}, {@code failed}, {@code lease_lost},
     *                     {@code handed_back} or {@code ignored}
     * @param proof        in words, how the object at the destination was proven the same, or null
     * @param seconds      how long the job ran
     * @param error        why it failed, or null
     */
    public record Entry(Instant time, String worker, String messageId, int receiveCount, String source, String destination, long size,
                        String outcome, long bytesSent, long bytesReused, long partsReused, String proof, double seconds, String error) {
        public Entry {
            Objects.requireNonNull(time, "time");
            Objects.requireNonNull(outcome, "outcome");
        }
    }

    /** The line, without a line break at its end. */
    public static String of(Entry entry) {
        Objects.requireNonNull(entry, "entry");
        StringWriter line = new StringWriter(512);
        try (JsonGenerator g = JSON.createGenerator(line)) {
            g.setCharacterEscapes(ESCAPES);
            g.writeStartObject();
            g.writeStringField("time", entry.time().truncatedTo(ChronoUnit.MILLIS).toString());
            text(g, "worker", entry.worker());
            text(g, "messageId", entry.messageId());
            g.writeNumberField("receiveCount", entry.receiveCount());
            text(g, "source", entry.source());
            text(g, "destination", entry.destination());
            g.writeNumberField("size", entry.size());
            text(g, "outcome", entry.outcome());
            g.writeNumberField("bytesSent", entry.bytesSent());
            g.writeNumberField("bytesReused", entry.bytesReused());
            g.writeNumberField("partsReused", entry.partsReused());
            text(g, "proof", entry.proof());
            g.writeFieldName("seconds");
            if (Double.isFinite(entry.seconds())) {
                g.writeNumber(Math.round(entry.seconds() * 1000) / 1000.0);
            } else {
                g.writeNull();
            }
            text(g, "error", entry.error());
            g.writeEndObject();
        } catch (IOException e) {
            // it writes to memory
            throw new UncheckedIOException(e);
        }
        return line.toString();
    }

    private static void text(JsonGenerator g, String name, String value) throws IOException {
        if (value == null) {
            g.writeNullField(name);
        } else {
            g.writeStringField(name, withoutLoneSurrogates(value));
        }
    }

    /** The text with each lone UTF-16 surrogate replaced by U+FFFD. */
    static String withoutLoneSurrogates(String s) {
        StringBuilder fixed = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean pair = Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
            boolean lone = !pair && Character.isSurrogate(c);
            if (lone && fixed == null) {
                fixed = new StringBuilder(s.length()).append(s, 0, i);
            }
            if (fixed != null) {
                fixed.append(lone ? '\uFFFD' : c);
                if (pair) {
                    fixed.append(s.charAt(i + 1));
                }
            }
            if (pair) {
                i++;
            }
        }
        return fixed == null ? s : fixed.toString();
    }

    /** JSON's own escapes, and U+2028 and U+2029 as {@code \u2028} and {@code \u2029}. Stateless. */
    private static final class LineSafeEscapes extends CharacterEscapes {
        private static final SerializableString LINE_SEPARATOR = new SerializedString("\\u2028");
        private static final SerializableString PARAGRAPH_SEPARATOR = new SerializedString("\\u2029");
        private final int[] ascii = standardAsciiEscapesForJSON();

        @Override
        public int[] getEscapeCodesForAscii() {
            return ascii;
        }

        @Override
        public SerializableString getEscapeSequence(int ch) {
            return switch (ch) {
                case 0x2028 -> LINE_SEPARATOR;
                case 0x2029 -> PARAGRAPH_SEPARATOR;
                default -> null;
            };
        }
    }
}
