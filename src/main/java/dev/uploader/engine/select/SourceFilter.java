package dev.uploader.engine.select;

import dev.uploader.engine.SourceEntry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which source entries a job moves. Immutable; thread-safe.
 *
 * <p>An entry moves when it passes every condition given; a condition not given passes everything. The patterns are
 * {@link Glob}s matched against the entry's relative path ({@code /} separators).
 *
 * <table>
 *   <caption>Decision table of {@link #accepts(SourceEntry)}</caption>
 *   <tr><th>Matches an exclude</th><th>Include patterns given</th><th>Matches an include</th><th>Size, time</th><th>Moves</th></tr>
 *   <tr><td>yes</td><td>any</td><td>any</td><td>any</td><td>no: excludes win</td></tr>
 *   <tr><td>no</td><td>no</td><td>-</td><td>within</td><td>yes</td></tr>
 *   <tr><td>no</td><td>yes</td><td>yes</td><td>within</td><td>yes</td></tr>
 *   <tr><td>no</td><td>yes</td><td>no</td><td>any</td><td>no</td></tr>
 *   <tr><td>any</td><td>any</td><td>any</td><td>outside</td><td>no</td></tr>
 * </table>
 *
 * <table>
 *   <caption>Size and time: "within" means all of these hold</caption>
 *   <tr><th>Condition</th><th>Holds when</th><th>Not given</th></tr>
 *   <tr><td>minSize</td><td>size &ge; minSize (inclusive)</td><td>-1</td></tr>
 *   <tr><td>maxSize</td><td>size &le; maxSize (inclusive)</td><td>-1</td></tr>
 *   <tr><td>newerThan</td><td>last modified strictly after it</td><td>null</td></tr>
 *   <tr><td>olderThan</td><td>last modified strictly before it</td><td>null</td></tr>
 * </table>
 *
 * <p>{@link #mayEnter(String)} is false only when an exclude pattern excludes the folder and everything below it
 * ({@code node_modules/**}, <code>**&#47;.git/**</code>, {@code tmp/}), so a walker may skip it without listing it.
 */
public final class SourceFilter {
    /** Moves everything. */
    public static final SourceFilter ALL = new SourceFilter(List.of(), List.of(), -1, -1, null, null);

    private static final long KIB = 1024L;
    private static final String[] UNITS = {"KiB", "MiB", "GiB", "TiB"};
    private static final Pattern SIZE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(?:([KMGTkmgt])(i)?)?([Bb])?");

    private final List<Glob> includes;
    private final List<Glob> excludes;
    private final long minSize;
    private final long maxSize;
    private final Instant newerThan;
    private final Instant olderThan;

    /**
     * @param includes  glob patterns of which an entry must match one, if any are given; null for none
     * @param excludes  glob patterns of which an entry must match none; null for none
     * @param minSize   smallest size that moves (inclusive), -1 for none
     * @param maxSize   largest size that moves (inclusive), -1 for none
     * @param newerThan entries modified strictly after it move, null for none
     * @param olderThan entries modified strictly before it move, null for none
     * @throws IllegalArgumentException for a bad pattern, a size below -1, or bounds that leave nothing to move
     */
    public SourceFilter(List<String> includes, List<String> excludes, long minSize, long maxSize, Instant newerThan, Instant olderThan) {
        this.includes = compileAll(includes);
        this.excludes = compileAll(excludes);
        if (minSize < -1 || maxSize < -1) {
            throw new IllegalArgumentException("A size bound must be a number of bytes or -1 for none, not " + Math.min(minSize, maxSize));
        }
        if (minSize >= 0 && maxSize >= 0 && minSize > maxSize) {
            throw new IllegalArgumentException("The minimum size " + formatSize(minSize) + " is above the maximum size "
                    + formatSize(maxSize) + ", so nothing would move; swap them or drop one");
        }
        if (newerThan != null && olderThan != null && !newerThan.isBefore(olderThan)) {
            throw new IllegalArgumentException("Modified after " + newerThan + " and before " + olderThan
                    + " selects nothing; the 'newer than' time must be earlier than the 'older than' time");
        }
        this.minSize = minSize;
        this.maxSize = maxSize;
        this.newerThan = newerThan;
        this.olderThan = olderThan;
    }

    private static List<Glob> compileAll(List<String> patterns) {
        if (patterns == null) {
            return List.of();
        }
        return patterns.stream().map(Glob::compile).toList();
    }

    /** Whether the entry moves; relativePath uses '/' separators. */
    public boolean accepts(SourceEntry entry) {
        long size = entry.size();
        if (minSize >= 0 && size < minSize || maxSize >= 0 && size > maxSize) {
            return false;
        }
        Instant modified = Instant.ofEpochMilli(entry.lastModifiedMillis());
        if (newerThan != null && !modified.isAfter(newerThan) || olderThan != null && !modified.isBefore(olderThan)) {
            return false;
        }
        return !leavesOutName(entry.relativePath());
    }

    /**
     * Whether the patterns leave this file's name out whatever its size and time: an exclude matches it, or there are
     * includes and none matches. (A worker leaves such an object of an order or an event alone, deletions included.)
     */
    public boolean leavesOutName(String path) {
        for (Glob exclude : excludes) {
            if (exclude.matches(path)) {
                return true;
            }
        }
        if (includes.isEmpty()) {
            return false;
        }
        for (Glob include : includes) {
            if (include.matches(path)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether an entry that could not be read, a file or a folder (which, it is not known), may be or hold something
     * that moves: not when an exclude matches it or covers everything below it. Includes are not asked, since a folder
     * name rarely matches the pattern of the files inside it: a problem is said rather than lost.
     */
    public boolean mayConcern(String path) {
        for (Glob exclude : excludes) {
            if (exclude.matches(path)) {
                return false;
            }
        }
        return mayEnter(path);
    }

    /**
     * Whether a folder (relative path without trailing '/') may hold entries that move: false only when an exclude
     * pattern excludes the folder itself and everything below (e.g. {@code node_modules/**} or
     * <code>**&#47;.git/**</code>), so a walker can skip it. Never false for a folder that could hold an accepted entry.
     */
    public boolean mayEnter(String folder) {
        for (Glob exclude : excludes) {
            if (exclude.matchesEverythingBelow(folder)) {
                return false;
            }
        }
        return true;
    }

    /** Whether no condition restricts what moves. */
    public boolean isAll() {
        return includes.isEmpty() && excludes.isEmpty() && minSize <= 0 && maxSize < 0 && newerThan == null && olderThan == null;
    }

    /**
     * One line for the log and the summary, e.g.
     * <code>include *.jpg; exclude **&#47;tmp/**; size 1 KiB..10 MiB; modified after 2026-11-25T00:00:00Z</code>, or
     * {@code everything}.
     */
    public String describe() {
        List<String> parts = new ArrayList<>();
        if (!includes.isEmpty()) {
            parts.add("include " + String.join(", ", includes.stream().map(Glob::pattern).toList()));
        }
        if (!excludes.isEmpty()) {
            parts.add("exclude " + String.join(", ", excludes.stream().map(Glob::pattern).toList()));
        }
        boolean min = minSize > 0;
        boolean max = maxSize >= 0;
        if (min && max) {
            parts.add("size " + formatSize(minSize) + ".." + formatSize(maxSize));
        } else if (min) {
            parts.add("size at least " + formatSize(minSize));
        } else if (max) {
            parts.add("size at most " + formatSize(maxSize));
        }
        if (newerThan != null && olderThan != null) {
            parts.add("modified after " + newerThan + " and before " + olderThan);
        } else if (newerThan != null) {
            parts.add("modified after " + newerThan);
        } else if (olderThan != null) {
            parts.add("modified before " + olderThan);
        }
        return parts.isEmpty() ? "everything" : String.join("; ", parts);
    }

    @Override
    public String toString() {
        return describe();
    }

    /**
     * Reads an ignore or filter file: one pattern a line; blank lines and lines starting with {@code #} are skipped;
     * trailing whitespace is trimmed (not leading; {@code \ } keeps an escaped trailing space); {@code + pattern} is an
     * include, {@code - pattern} an exclude (rclone filter-file style), any other line an exclude (ignore-list style).
     * A line starting with {@code !} is refused (gitignore's negation is not supported; write {@code + pattern}, or
     * {@code \!} for a name starting with {@code !}). The file is UTF-8; every pattern is checked.
     *
     * @throws UncheckedIOException     when the file cannot be read, naming it
     * @throws IllegalArgumentException for a bad line, naming the file and line number
     */
    public static PatternFile readPatternFile(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new UncheckedIOException("Cannot read the filter file " + file + ": it does not exist", e);
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new UncheckedIOException("Cannot read the filter file " + file + ": it is not UTF-8 text", e);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the filter file " + file + ": "
                    + (e instanceof java.nio.file.FileSystemException fs && fs.getReason() != null ? fs.getReason() : "it cannot be read"), e);
        }
        List<String> includes = new ArrayList<>();
        List<String> excludes = new ArrayList<>();
        for (int n = 0; n < lines.size(); n++) {
            String line = trimTrailing(n == 0 && lines.get(0).startsWith("\uFEFF") ? lines.get(0).substring(1) : lines.get(n));
            String lead = line.stripLeading();
            if (lead.isEmpty() || lead.startsWith("#") || lead.startsWith(";")) {
                continue;
            }
            String where = file + " line " + (n + 1) + ": ";
            List<String> into = excludes;
            String pattern = line;
            if (line.startsWith("+ ") || line.equals("+")) {
                into = includes;
                pattern = line.substring(1).stripLeading();
            } else if (line.startsWith("- ") || line.equals("-")) {
                pattern = line.substring(1).stripLeading();
            } else if (line.length() > 1 && (line.charAt(0) == '+' || line.charAt(0) == '-') && line.charAt(1) != ' ') {
                throw new IllegalArgumentException(where + "'" + line + "': a sign needs a space after it ('" + line.charAt(0) + " "
                        + line.substring(1) + "'); write '\\" + line + "' for a name that starts with '" + line.charAt(0) + "'");
            } else if (line.startsWith("!")) {
                throw new IllegalArgumentException(where + "'" + line + "': negation with '!' is not supported; write '+ "
                        + line.substring(1) + "' to include, or '\\!' for a name starting with '!'");
            }
            if (pattern.isEmpty()) {
                throw new IllegalArgumentException(where + "'" + line + "' has no pattern after the sign");
            }
            try {
                Glob.compile(pattern);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where + e.getMessage(), e);
            }
            into.add(pattern);
        }
        return new PatternFile(includes, excludes);
    }

    private static String trimTrailing(String line) {
        String stripped = line.stripTrailing();
        if (stripped.length() < line.length() && stripped.endsWith("\\")) {
            int backslashes = 0;
            for (int i = stripped.length() - 1; i >= 0 && stripped.charAt(i) == '\\'; i--) {
                backslashes++;
            }
            if (backslashes % 2 == 1) {
                return line.substring(0, stripped.length() + 1);
            }
        }
        return stripped;
    }

    /**
     * Reads a size: bytes ({@code 1024}, {@code 1024B}) or a number (fractions allowed) with {@code K}, {@code M},
     * {@code G} or {@code T} and an optional {@code i} and/or {@code B}, all binary multiples ({@code 10M} =
     * {@code 10MiB} = {@code 10MB} = 10 &times; 1024&sup2;, {@code 1.5G}); a fraction of a byte is rounded down.
     *
     * @throws IllegalArgumentException for a negative, malformed or too large value, saying what is accepted
     */
    public static long parseSize(String value) {
        String v = value == null ? "" : value.strip();
        if (v.startsWith("-")) {
            throw new IllegalArgumentException("A size cannot be negative: '" + value + "'");
        }
        Matcher m = SIZE.matcher(v);
        if (!m.matches()) {
            throw new IllegalArgumentException("Cannot read '" + value + "' as a size: give bytes such as 1024, or a number with"
                    + " K, M, G or T (binary multiples, optionally followed by i or B) such as 10M, 10MiB or 1.5G");
        }
        BigDecimal number = new BigDecimal(m.group(1));
        String unit = m.group(2);
        if (unit == null && number.stripTrailingZeros().scale() > 0) {
            throw new IllegalArgumentException("A size in bytes must be a whole number, not '" + value + "'");
        }
        int power = unit == null ? 0 : "KMGT".indexOf(unit.toUpperCase(Locale.ROOT)) + 1;
        BigDecimal bytes = number.multiply(BigDecimal.valueOf(KIB).pow(power)).setScale(0, RoundingMode.DOWN);
        if (bytes.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
            throw new IllegalArgumentException("The size '" + value + "' is too large");
        }
        return bytes.longValueExact();
    }

    /** A size for people: {@code 512 B}, {@code 10 MiB}, {@code 1.5 GiB}; exact, in bytes when no unit gives it in two decimals. */
    public static String formatSize(long bytes) {
        for (int power = UNITS.length; power >= 1; power--) {
            BigDecimal unit = BigDecimal.valueOf(KIB).pow(power);
            BigDecimal value = BigDecimal.valueOf(bytes);
            if (value.compareTo(unit) >= 0) {
                BigDecimal inUnit = value.divide(unit);
                BigDecimal stripped = inUnit.stripTrailingZeros();
                if (stripped.scale() <= 2) {
                    return stripped.toPlainString() + " " + UNITS[power - 1];
                }
            }
        }
        return bytes + " B";
    }
}
