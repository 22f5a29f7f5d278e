package dev.uploader.config;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Writes values back into a job's INI file without disturbing anything else in it: comments, blank lines, unknown keys
 * and sections, the order of everything, a UTF-8 byte-order mark and the line endings (LF, CRLF or CR, line by line)
 * stay exactly as they were; only the lines of the keys that are {@linkplain #set set} to a different value change, and
 * new keys and sections are added.
 *
 * <p>Lines are read the way {@link IniValues} reads them: section and key names case-insensitive, {@code =} or
 * {@code :} (the first one on the line) between key and value, full-line {@code #}/{@code ;} comments, no inline
 * comments (the whole rest of the line is the value) and no escapes (backslashes are plain characters).
 *
 * <p>Not thread-safe: one editor per GUI form.
 */
public final class IniFileEditor {
    private static final String BOM = "\uFEFF";
    /** configparser's section header: {@code [name]}, the name running to the last {@code ]} on the line. */
    private static final Pattern HEADER = Pattern.compile("\\[(.+)\\].*");

    /** One line of the file: its text without the line ending, and the line ending ("" on a last line without one). */
    private static final class Line {
        String content;
        String eol;

        Line(String content, String eol) {
            this.content = content;
            this.eol = eol;
        }
    }

    private Path file;
    private final boolean bom;
    /** The line ending for new lines: the file's first one, else the platform's. */
    private final String newline;
    private final List<Line> lines;

    private IniFileEditor(Path file, String text) {
        this.file = file;
        this.bom = text.startsWith(BOM);
        this.lines = split(bom ? text.substring(1) : text);
        this.newline = lines.stream().map(l -> l.eol).filter(e -> !e.isEmpty()).findFirst().orElse(System.lineSeparator());
    }

    /**
     * Reads the file's text (UTF-8, BOM kept if present, line endings kept: LF or CRLF as the file uses). Missing file =
     * empty text.
     *
     * @throws java.nio.charset.MalformedInputException if the file is not UTF-8 (it is never rewritten then)
     */
    public static IniFileEditor open(Path file) throws IOException {
        Objects.requireNonNull(file, "file");
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            text = "";
        }
        return new IniFileEditor(file, text);
    }

    /** The file {@link #save()} writes: the opened one, or the last one given to {@link #saveAs}. */
    public Path file() {
        return file;
    }

    /**
     * Sets {@code [section] key = value}.
     *
     * <p>An existing key keeps its line: its original spelling, indentation, separator ({@code =} or {@code :}) and
     * the spaces around the separator stay; only the value after them is replaced (the whole rest of the line, as
     * configparser has no inline comments). A line whose value already equals {@code value} (ignoring surrounding
     * spaces, as the readers do) is not touched at all. When the key appears more than once (a repeated section or
     * key, which {@link IniValues} merges, the last one winning), every occurrence is set.
     *
     * <p>An absent key is inserted as {@code key = value} after the last key line of the section (so before the blank
     * and comment lines that end the section, which usually introduce the next one), or right after the section header
     * when the section has no keys yet. A commented-out {@code # key = ...} line is left as it is. An absent section is
     * appended at the end of the file: a blank line, {@code [section]} and {@code key = value}.
     *
     * @param value written as-is (backslashes of Windows paths kept); must be one line
     * @return this
     * @throws IllegalArgumentException if the value contains a line break, or the section or key name cannot be
     *                                  written as one (blank, line break, leading or trailing spaces, {@code ]} in a
     *                                  section name; {@code =} or {@code :} in a key name, or one starting with
     *                                  {@code #}, {@code ;} or {@code [})
     */
    public IniFileEditor set(String section, String key, String value) {
        checkSection(section);
        checkKey(key);
        Objects.requireNonNull(value, "value");
        if (value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0) {
            throw new IllegalArgumentException("the value of [" + section + "] " + key
                    + " contains a line break; an INI value is one line");
        }
        String wantedSection = section.toLowerCase(Locale.ROOT);
        String wantedKey = key.toLowerCase(Locale.ROOT);

        String current = null;
        int insertAfter = -1;
        boolean found = false;
        for (int i = 0; i < lines.size(); i++) {
            Line line = lines.get(i);
            String trimmed = line.content.trim();
            if (trimmed.isEmpty() || trimmed.startsWith("#") || trimmed.startsWith(";")) {
                continue;
            }
            Matcher header = HEADER.matcher(trimmed);
            if (header.matches()) {
                current = header.group(1).trim().toLowerCase(Locale.ROOT);
                if (current.equals(wantedSection)) {
                    insertAfter = i;
                }
                continue;
            }
            if (current == null || !current.equals(wantedSection)) {
                continue;
            }
            int separator = separatorIndex(line.content);
            String name = (separator < 0 ? line.content : line.content.substring(0, separator)).trim();
            if (name.isEmpty()) {
                continue;
            }
            insertAfter = i;
            if (name.toLowerCase(Locale.ROOT).equals(wantedKey)) {
                found = true;
                line.content = replaceValue(line.content, separator, value);
            }
        }
        if (found) {
            return this;
        }
        if (insertAfter >= 0) {
            Line previous = lines.get(insertAfter);
            if (previous.eol.isEmpty()) {
                previous.eol = newline;
            }
            lines.add(insertAfter + 1, new Line(keyLine(key, value), newline));
            return this;
        }
        if (!lines.isEmpty()) {
            Line last = lines.get(lines.size() - 1);
            if (last.eol.isEmpty()) {
                last.eol = newline;
            }
            if (!last.content.trim().isEmpty()) {
                lines.add(new Line("", newline));
            }
        }
        lines.add(new Line("[" + section + "]", newline));
        lines.add(new Line(keyLine(key, value), newline));
        return this;
    }

    /**
     * The file's text as {@link #save()} writes it, the byte-order mark (U+FEFF) first if the file had one. Comments out
     * nothing and deletes nothing: keys not set are left exactly as they were.
     */
    public String text() {
        StringBuilder sb = new StringBuilder(bom ? BOM : "");
        for (Line line : lines) {
            sb.append(line.content).append(line.eol);
        }
        return sb.toString();
    }

    /**
     * Writes {@link #text()} as UTF-8 to {@link #file()} atomically: a temporary file in the same folder, then
     * {@code ATOMIC_MOVE} over the file ({@code REPLACE_EXISTING} where the file system cannot move atomically), so a
     * crash leaves the old file or the new one, never half of one. Keeps the BOM and line endings, and the file's
     * POSIX permissions; a symbolic link is followed (its target is replaced, not the link); a missing folder is
     * created.
     */
    public void save() throws IOException {
        write(file, text().getBytes(StandardCharsets.UTF_8));
    }

    /** As {@link #save()}, to {@code other}; later {@link #save()} calls write to {@code other} too (as "Save As"). */
    public void saveAs(Path other) throws IOException {
        Objects.requireNonNull(other, "other");
        write(other, text().getBytes(StandardCharsets.UTF_8));
        file = other;
    }

    private static void write(Path target, byte[] bytes) throws IOException {
        Path path = target;
        if (Files.isSymbolicLink(path)) {
            try {
                path = path.toRealPath();
            } catch (IOException e) {
                // a dangling link: replace the link itself
            }
        }
        path = path.toAbsolutePath();
        Path dir = path.getParent();
        if (dir == null) {
            throw new IOException("cannot write " + target + ": it has no parent folder");
        }
        Files.createDirectories(dir);
        Set<PosixFilePermission> permissions = null;
        if (Files.exists(path) && Files.getFileAttributeView(path, PosixFileAttributeView.class) != null) {
            permissions = Files.getPosixFilePermissions(path);
        }
        Path tmp = dir.resolve("." + path.getFileName() + "." + UUID.randomUUID() + ".tmp");
        boolean moved = false;
        try {
            try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(bytes);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            if (permissions != null) {
                Files.setPosixFilePermissions(tmp, permissions);
            }
            try {
                Files.move(tmp, path, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING);
            }
            moved = true;
        } finally {
            if (!moved) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // the original failure matters more than the leftover temporary file
                }
            }
        }
    }

    /** Splits after each LF, CRLF or CR (as Java's and Python's line readers do), keeping each line's ending. */
    private static List<Line> split(String text) {
        List<Line> result = new ArrayList<>();
        int start = 0;
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '\n' || c == '\r') {
                int end = c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n' ? i + 2 : i + 1;
                result.add(new Line(text.substring(start, i), text.substring(i, end)));
                start = end;
                i = end;
            } else {
                i++;
            }
        }
        if (start < text.length()) {
            result.add(new Line(text.substring(start), ""));
        }
        return result;
    }

    /** The first {@code =} or {@code :} of a key line (the key ends there), or -1 for a key without a value. */
    private static int separatorIndex(String content) {
        int equals = content.indexOf('=');
        int colon = content.indexOf(':');
        if (equals < 0) {
            return colon;
        }
        return colon < 0 ? equals : Math.min(equals, colon);
    }

    /** The line with its value replaced; everything up to the value (key, spaces, separator, spaces) kept. */
    private static String replaceValue(String content, int separator, String value) {
        if (separator < 0) {
            // "key" alone: configparser refuses it by default, so write a real key = value line
            return keyLine(content.stripTrailing(), value);
        }
        String rest = content.substring(separator + 1);
        if (rest.trim().equals(value.trim())) {
            return content;
        }
        int valueStart = separator + 1;
        while (valueStart < content.length() && isSpace(content.charAt(valueStart))) {
            valueStart++;
        }
        String head = content.substring(0, valueStart);
        if (value.isEmpty()) {
            return head.stripTrailing();
        }
        if (valueStart == separator + 1 && separator > 0 && isSpace(content.charAt(separator - 1))) {
            // "Key =" with no value before: "Key = value", not "Key =value"
            head += " ";
        }
        return head + value;
    }

    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t';
    }

    private static String keyLine(String key, String value) {
        return value.isEmpty() ? key + " =" : key + " = " + value;
    }

    private static void checkSection(String section) {
        Objects.requireNonNull(section, "section");
        checkName("section", section);
        if (section.indexOf(']') >= 0) {
            throw new IllegalArgumentException("section name '" + section + "' contains ]");
        }
    }

    private static void checkKey(String key) {
        Objects.requireNonNull(key, "key");
        checkName("key", key);
        if (key.indexOf('=') >= 0 || key.indexOf(':') >= 0) {
            throw new IllegalArgumentException("key name '" + key + "' contains = or :");
        }
        if (key.startsWith("#") || key.startsWith(";") || key.startsWith("[")) {
            throw new IllegalArgumentException("key name '" + key + "' starts with #, ; or [");
        }
    }

    private static void checkName(String what, String name) {
        if (name.isBlank()) {
            throw new IllegalArgumentException(what + " name is blank");
        }
        if (name.indexOf('\n') >= 0 || name.indexOf('\r') >= 0) {
            throw new IllegalArgumentException(what + " name contains a line break");
        }
        if (!name.equals(name.trim())) {
            throw new IllegalArgumentException(what + " name '" + name + "' has leading or trailing spaces");
        }
    }
}
