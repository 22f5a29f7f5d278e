package dev.uploader.format;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.TimeZone;

/**
 * Local date and time as text, in this machine's time zone, with ASCII digits and the Gregorian calendar whatever
 * the locale, for patterns of {@code y M d H m s} and literal characters. Asks java.util's time zone for the
 * offset, since the first java.time lookup of a zone by name (ZoneId.systemDefault(), LocalTime.now()) asks a
 * ServiceLoader for zone rule providers, which opens every jar of the class path; and formats the fields itself,
 * since a SimpleDateFormat loads calendar and number-format providers for the locale. Together about 40 ms of a run
 * (docs/decisions/0007).
 */
public final class LocalTimeFormat {
    private final String pattern;
    private final TimeZone zone;

    /** @param pattern letters y (year), M (month), d, H (hour of day), m, s, each run zero-padded to its length */
    public LocalTimeFormat(String pattern, TimeZone zone) {
        for (char c : pattern.toCharArray()) {
            if (Character.isLetter(c) && "yMdHms".indexOf(c) < 0) {
                throw new IllegalArgumentException("pattern letter '" + c + "' is not supported in " + pattern);
            }
        }
        this.pattern = pattern;
        this.zone = (TimeZone) zone.clone();
    }

    /** In the machine's default time zone. */
    public LocalTimeFormat(String pattern) {
        this(pattern, TimeZone.getDefault());
    }

    public String format(long epochMillis) {
        int offsetSeconds = zone.getOffset(epochMillis) / 1000;
        LocalDateTime local = LocalDateTime.ofEpochSecond(Math.floorDiv(epochMillis, 1000), 0, ZoneOffset.ofTotalSeconds(offsetSeconds));
        StringBuilder out = new StringBuilder(pattern.length() + 4);
        for (int i = 0; i < pattern.length();) {
            char c = pattern.charAt(i);
            int run = 1;
            while (i + run < pattern.length() && pattern.charAt(i + run) == c) {
                run++;
            }
            if ("yMdHms".indexOf(c) < 0) {
                out.append(pattern, i, i + run); // a literal
            } else {
                int value = switch (c) {
                    case 'y' -> local.getYear();
                    case 'M' -> local.getMonthValue();
                    case 'd' -> local.getDayOfMonth();
                    case 'H' -> local.getHour();
                    case 'm' -> local.getMinute();
                    default -> local.getSecond();
                };
                String digits = Integer.toString(value);
                for (int pad = digits.length(); pad < run; pad++) {
                    out.append('0');
                }
                out.append(digits);
            }
            i += run;
        }
        return out.toString();
    }
}
