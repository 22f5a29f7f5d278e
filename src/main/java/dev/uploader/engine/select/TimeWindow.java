package dev.uploader.engine.select;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the bounds of a modification-time window ({@code newerThan}, {@code olderThan} of {@link SourceFilter}).
 *
 * <table>
 *   <caption>Accepted forms of {@link #parseTime(String, Instant)}</caption>
 *   <tr><th>Form</th><th>Example</th><th>Means</th></tr>
 *   <tr><td>age: whole numbers with {@code s}, {@code m}, {@code h}, {@code d} (24 h), {@code w} (7 d), combined</td>
 *       <td>{@code 30s 15m 12h 7d 2w 1d12h}</td><td>now minus that</td></tr>
 *   <tr><td>ISO date</td><td>{@code 2026-11-25}</td><td>the start of that day, UTC</td></tr>
 *   <tr><td>ISO date-time with {@code Z} or an offset</td><td>{@code 2026-11-25T10:00:00Z},
 *       {@code 2026-11-25T10:00:00+02:00}</td><td>that instant</td></tr>
 *   <tr><td>date and time without zone, {@code T} or a space between</td><td>{@code 2026-11-25 10:00},
 *       {@code 2026-11-25T10:00:30}</td><td>that time in UTC</td></tr>
 * </table>
 */
public final class TimeWindow {
    private static final Pattern AGE = Pattern.compile("(?:\\d+[smhdw])+");
    private static final Pattern AGE_PART = Pattern.compile("(\\d+)([smhdw])");
    private static final DateTimeFormatter SPACED = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm[:ss]");

    private TimeWindow() {
    }

    /**
     * @param value an age, a date or a date-time (see the class table)
     * @param now   the instant an age is counted back from
     * @throws IllegalArgumentException naming the accepted forms
     */
    public static Instant parseTime(String value, Instant now) {
        String v = value == null ? "" : value.strip();
        try {
            if (AGE.matcher(v).matches()) {
                return now.minus(age(v));
            }
            if (v.length() == 10) {
                return LocalDate.parse(v).atStartOfDay(ZoneOffset.UTC).toInstant();
            }
            if (v.endsWith("Z") || v.endsWith("z") || v.matches(".*T.*[+-]\\d\\d(:?\\d\\d)?")) {
                return OffsetDateTime.parse(v.endsWith("z") ? v.substring(0, v.length() - 1) + "Z" : v).toInstant();
            }
            if (v.indexOf('T') == 10) {
                return LocalDateTime.parse(v).toInstant(ZoneOffset.UTC);
            }
            return LocalDateTime.parse(v, SPACED).toInstant(ZoneOffset.UTC);
        } catch (DateTimeException | ArithmeticException | NumberFormatException e) {
            throw new IllegalArgumentException("Cannot read '" + value + "' as a time: give an age such as 30s, 15m, 12h, 7d, 2w"
                    + " or 1d12h (that long before now), a date such as 2026-11-25 (its start, UTC), or a date and time such as"
                    + " 2026-11-25T10:00:00Z, 2026-11-25T10:00:00+02:00 or 2026-11-25 10:00 (UTC)", e);
        }
    }

    private static Duration age(String value) {
        Duration total = Duration.ZERO;
        Matcher m = AGE_PART.matcher(value);
        while (m.find()) {
            long n = Long.parseLong(m.group(1));
            long seconds = switch (m.group(2)) {
                case "s" -> 1;
                case "m" -> 60;
                case "h" -> 3600;
                case "d" -> 86_400;
                default -> 7 * 86_400;
            };
            total = total.plusSeconds(Math.multiplyExact(n, seconds));
        }
        return total;
    }
}
