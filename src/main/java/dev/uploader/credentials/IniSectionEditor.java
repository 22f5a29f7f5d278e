package dev.uploader.credentials;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * Edits key/value lines of INI sections the way the AWS SDK reads profile files, touching nothing else: every other
 * line keeps its bytes and its own line ending (LF or CRLF). The text is the file's bytes read as ISO-8859-1, one char
 * per byte, so a file in any encoding comes back byte for byte; the values written must be ASCII.
 *
 * <p>Lines, as the SDK sees them: {@code [name]} (a trailing {@code #}/{@code ;} comment allowed) starts a section;
 * {@code #} or {@code ;} in column 0 is a comment; a line starting with a space or tab continues the property above
 * (or is blank); anything else is {@code key = value}, where a value's trailing comment needs whitespace before its
 * {@code #}/{@code ;}. Keys match case-insensitively; a key rewritten in place gets the lower-case spelling, since the
 * Java SDK looks keys up case-sensitively.
 */
final class IniSectionEditor {
    private static final String UTF8_BOM_AS_LATIN1 = "\u00EF\u00BB\u00BF";
    private static final String[] VALUE_COMMENT_STARTS = {" #", " ;", "\t#", "\t;"};

    private enum Kind { HEADER, COMMENT, BLANK, CONTINUATION, PROPERTY }

    /** One line: its text without the ending, and the ending ("\n", "\r\n" or "" for a last line without one). */
    private static final class Line {
        String content;
        String end;

        Line(String content, String end) {
            this.content = content;
            this.end = end;
        }
    }

    private final List<Line> lines = new ArrayList<>();
    private final String newline;

    private IniSectionEditor(String text) {
        int start = 0;
        while (start < text.length()) {
            int lf = text.indexOf('\n', start);
            if (lf < 0) {
                lines.add(new Line(text.substring(start), ""));
                break;
            }
            boolean crlf = lf > start && text.charAt(lf - 1) == '\r';
            lines.add(new Line(text.substring(start, crlf ? lf - 1 : lf), crlf ? "\r\n" : "\n"));
            start = lf + 1;
        }
        this.newline = lines.stream().map(line -> line.end).filter(end -> !end.isEmpty()).findFirst().orElse(System.lineSeparator());
    }

    static IniSectionEditor parse(String text) {
        return new IniSectionEditor(text);
    }

    String text() {
        StringBuilder out = new StringBuilder();
        for (Line line : lines) {
            out.append(line.content).append(line.end);
        }
        return out.toString();
    }

    /** The names of the sections in file order (trimmed text inside the brackets, e.g. {@code profile work}). */
    List<String> sectionNames() {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String name = sectionName(i);
            if (name != null) {
                names.add(name);
            }
        }
        return names;
    }

    /** The value of the key in the matching sections; the last one when it is given more than once (the SDK's choice). */
    Optional<String> value(Predicate<String> section, String key) {
        String found = null;
        String current = null;
        for (int i = 0; i < lines.size(); i++) {
            Kind kind = kind(i);
            if (kind == Kind.HEADER) {
                current = sectionName(i);
            } else if (kind == Kind.PROPERTY && current != null && section.test(current) && keyMatches(i, key)) {
                found = valueOf(lines.get(i).content);
            }
        }
        return Optional.ofNullable(found);
    }

    /** Whether any section gives the key a non-blank value. */
    boolean anySectionHasValue(String key) {
        boolean inSection = false;
        for (int i = 0; i < lines.size(); i++) {
            Kind kind = kind(i);
            if (kind == Kind.HEADER) {
                inSection = sectionName(i) != null;
            } else if (kind == Kind.PROPERTY && inSection && keyMatches(i, key) && !valueOf(lines.get(i).content).isEmpty()) {
                return true;
            }
        }
        return false;
    }

    /**
     * Sets and removes keys in every section the predicate accepts. A key already there gets its new value in place
     * (spacing and trailing comment kept); a missing key goes after the last property of the last matching section; with
     * no matching section, {@code [newSection]} is added at the end of the file. Continuation lines of a replaced or
     * removed key go with it.
     *
     * @param put keys and values to set, in the order new lines get them; values must be one line of ASCII
     * @param remove keys to delete from the matching sections
     */
    void update(Predicate<String> section, String newSection, Map<String, String> put, Collection<String> remove) {
        Map<String, String> toPut = new LinkedHashMap<>();
        put.forEach((key, value) -> toPut.put(lower(key), value));
        Set<String> toRemove = new TreeSet<>();
        remove.forEach(key -> toRemove.add(lower(key)));
        Set<String> written = new TreeSet<>();

        List<Line> result = new ArrayList<>(lines.size() + toPut.size() + 3);
        int insertAfter = -1; // index in result after which missing keys go
        boolean inMatch = false;
        boolean dropContinuations = false;
        for (int i = 0; i < lines.size(); i++) {
            Line line = lines.get(i);
            Kind kind = kind(i);
            if (kind == Kind.CONTINUATION && dropContinuations) {
                continue;
            }
            if (kind != Kind.BLANK && kind != Kind.COMMENT) {
                dropContinuations = false;
            }
            if (kind == Kind.HEADER) {
                String name = sectionName(i);
                inMatch = name != null && section.test(name);
                result.add(line);
                if (inMatch) {
                    insertAfter = result.size() - 1;
                }
                continue;
            }
            if (inMatch && kind == Kind.PROPERTY) {
                String key = keyOf(line.content);
                if (key != null && toRemove.contains(lower(key))) {
                    dropContinuations = true;
                    continue;
                }
                if (key != null && toPut.containsKey(lower(key))) {
                    line.content = withValue(line.content, lower(key), toPut.get(lower(key)));
                    written.add(lower(key));
                    dropContinuations = true;
                }
            }
            result.add(line);
            if (inMatch && (kind == Kind.PROPERTY || kind == Kind.CONTINUATION)) {
                insertAfter = result.size() - 1;
            }
        }

        List<Line> missing = new ArrayList<>();
        toPut.forEach((key, value) -> {
            if (!written.contains(key)) {
                missing.add(new Line(key + " = " + value, newline));
            }
        });
        if (insertAfter >= 0) {
            terminate(result.get(insertAfter));
            result.addAll(insertAfter + 1, missing);
        } else if (!missing.isEmpty()) {
            if (!result.isEmpty()) {
                Line last = result.get(result.size() - 1);
                terminate(last);
                if (!isBlank(last.content)) {
                    result.add(new Line("", newline));
                }
            }
            result.add(new Line("[" + newSection + "]", newline));
            result.addAll(missing);
        }
        lines.clear();
        lines.addAll(result);
    }

    private void terminate(Line line) {
        if (line.end.isEmpty()) {
            line.end = newline;
        }
    }

    private String classified(int index) {
        String content = lines.get(index).content;
        return index == 0 && content.startsWith(UTF8_BOM_AS_LATIN1) ? content.substring(UTF8_BOM_AS_LATIN1.length()) : content;
    }

    private Kind kind(int index) {
        String content = classified(index);
        if (content.startsWith("[")) {
            return Kind.HEADER;
        }
        if (content.startsWith("#") || content.startsWith(";")) {
            return Kind.COMMENT;
        }
        if (isBlank(content)) {
            return Kind.BLANK;
        }
        if (content.startsWith(" ") || content.startsWith("\t")) {
            return Kind.CONTINUATION;
        }
        return Kind.PROPERTY;
    }

    /** The section a header line opens, or null when the line is no header or a malformed one. */
    private String sectionName(int index) {
        if (kind(index) != Kind.HEADER) {
            return null;
        }
        String content = classified(index);
        int comment = earliest(content, "#", ";");
        String header = trim(content.substring(0, comment));
        if (!header.endsWith("]") || header.length() < 2) {
            return null;
        }
        return trim(header.substring(1, header.length() - 1));
    }

    private boolean keyMatches(int index, String key) {
        String found = keyOf(lines.get(index).content);
        return found != null && lower(found).equals(lower(key));
    }

    private static String keyOf(String content) {
        int eq = content.indexOf('=');
        return eq < 0 ? null : trim(content.substring(0, eq));
    }

    private static String valueOf(String content) {
        String after = content.substring(content.indexOf('=') + 1);
        int[] span = valueSpan(after);
        return after.substring(span[0], span[1]);
    }

    /** The property line with a new value; the spacing around {@code =} and a trailing comment stay. */
    private static String withValue(String content, String key, String value) {
        int eq = content.indexOf('=');
        String beforeEq = content.substring(0, eq);
        String spaceBeforeEq = beforeEq.substring(trim(beforeEq).length());
        String after = content.substring(eq + 1);
        int[] span = valueSpan(after);
        // "key =" or "key = # note": the space that would stand after "=" counts as the comment's, so add one
        String space = span[1] == 0 && !spaceBeforeEq.isEmpty() ? " " : "";
        return key + spaceBeforeEq + "=" + after.substring(0, span[0]) + space + value + after.substring(span[1]);
    }

    /** Start and end of the value in the text after {@code =}: without surrounding whitespace and trailing comment. */
    private static int[] valueSpan(String after) {
        int start = 0;
        while (start < after.length() && isSpace(after.charAt(start))) {
            start++;
        }
        int end = earliest(after, VALUE_COMMENT_STARTS);
        start = Math.min(start, end);
        while (end > start && isSpace(after.charAt(end - 1))) {
            end--;
        }
        return new int[] {start, end};
    }

    private static int earliest(String text, String... patterns) {
        int earliest = text.length();
        for (String pattern : patterns) {
            int at = text.indexOf(pattern);
            if (at >= 0 && at < earliest) {
                earliest = at;
            }
        }
        return earliest;
    }

    private static boolean isBlank(String content) {
        for (int i = 0; i < content.length(); i++) {
            if (!isSpace(content.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t';
    }

    private static String trim(String text) {
        int start = 0;
        int end = text.length();
        while (start < end && isSpace(text.charAt(start))) {
            start++;
        }
        while (end > start && isSpace(text.charAt(end - 1))) {
            end--;
        }
        return text.substring(start, end);
    }

    private static String lower(String key) {
        return key.toLowerCase(Locale.ROOT);
    }
}
