package dev.uploader.engine.select;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * One glob pattern of a filter, compiled once to a regular expression that matches a whole relative path
 * ({@code /} as separator). Immutable; thread-safe. Matching is case-sensitive, like S3 keys.
 *
 * <table>
 *   <caption>What the parts of a pattern match</caption>
 *   <tr><th>In the pattern</th><th>Matches</th><th>Example</th></tr>
 *   <tr><td>{@code *}</td><td>any run of characters except {@code /}, also none</td><td>{@code *.jpg}: {@code a.jpg}</td></tr>
 *   <tr><td>{@code ?}</td><td>one character (code point) except {@code /}</td><td>{@code ?.txt}: {@code a.txt}</td></tr>
 *   <tr><td>{@code [abc]} {@code [a-z]} {@code [!a]} {@code [^a]}</td><td>one character of (or, with {@code !}
 *       or {@code ^}, not of) the class, never {@code /}; a {@code ]} first in the class is a member</td>
 *       <td>{@code file[0-9].log}</td></tr>
 *   <tr><td>{@code **}</td><td>any run of characters including {@code /}; as a whole path element
 *       ({@code **}{@code /}) also no folder at all</td><td>{@code **}{@code /*.jpg}: {@code a.jpg}, {@code x/y/a.jpg};
 *       {@code logs/**}: everything under {@code logs}</td></tr>
 *   <tr><td>{@code \}<i>c</i></td><td>the character <i>c</i> itself</td><td>{@code \*.txt}: {@code *.txt} only</td></tr>
 *   <tr><td>no {@code /} (except a trailing one)</td><td>the name at any depth, like rclone and gitignore</td>
 *       <td>{@code *.tmp}: {@code a/b/c.tmp}</td></tr>
 *   <tr><td>a {@code /} inside</td><td>the whole path from the root</td><td>{@code a/*.jpg}: {@code a/b.jpg},
 *       not {@code x/a/b.jpg}</td></tr>
 *   <tr><td>leading {@code /}</td><td>anchored at the root</td><td>{@code /*.jpg}: {@code a.jpg}, not {@code x/a.jpg}</td></tr>
 *   <tr><td>trailing {@code /}</td><td>a folder of that name and everything under it</td><td>{@code tmp/}:
 *       {@code tmp/a}, {@code x/tmp/y/b}, not a file named {@code tmp}</td></tr>
 * </table>
 *
 * <p>Rejected with an {@link IllegalArgumentException}: an empty pattern (or only {@code /}), an unclosed {@code [},
 * a reversed range such as {@code [z-a]}, a lone {@code \} at the end, an empty path element ({@code a//b}).
 */
public final class Glob {
    private static final String ANY_FOLDERS = "(?:.*/)?";

    private final String pattern;
    private final Pattern regex;
    /** Matches a folder only when every path below it matches {@link #regex}; null when the pattern cannot tell. */
    private final Pattern below;

    private Glob(String pattern, Pattern regex, Pattern below) {
        this.pattern = pattern;
        this.regex = regex;
        this.below = below;
    }

    private enum Kind { SEPARATOR, ANY_FOLDERS, ANY_RUN, OTHER }

    private record Token(Kind kind, String regex) {
    }

    /**
     * @throws IllegalArgumentException naming the pattern and what is wrong with it
     */
    public static Glob compile(String pattern) {
        if (pattern == null || pattern.isEmpty()) {
            throw new IllegalArgumentException("An empty glob pattern matches nothing; give a pattern such as *.jpg or logs/**");
        }
        String body = pattern;
        boolean anchored = body.startsWith("/");
        if (anchored) {
            body = body.substring(1);
        }
        boolean folder = false;
        while (body.endsWith("/") && !endsEscaped(body, body.length() - 1)) {
            body = body.substring(0, body.length() - 1);
            folder = true;
        }
        if (body.isEmpty()) {
            throw new IllegalArgumentException("The glob pattern '" + pattern + "' names no file or folder; give a pattern such as /logs/ or *.jpg");
        }
        List<Token> tokens = tokenize(pattern, body, anchored ? 1 : 0);
        boolean hasSeparator = tokens.stream().anyMatch(t -> t.kind() == Kind.SEPARATOR || t.kind() == Kind.ANY_FOLDERS);
        String prefix = anchored || hasSeparator ? "" : ANY_FOLDERS;
        String whole = prefix + join(tokens, tokens.size());
        int n = tokens.size();
        String full;
        String belowRegex;
        if (folder) {
            full = whole + "/.*";
            belowRegex = whole + "(?:/.*)?";
        } else if (tokens.get(n - 1).kind() == Kind.ANY_RUN && n >= 2 && tokens.get(n - 2).kind() == Kind.SEPARATOR) {
            full = whole;
            belowRegex = prefix + join(tokens, n - 2) + "(?:/.*)?";
        } else if (tokens.get(n - 1).kind() == Kind.ANY_RUN) {
            // P.* matching a folder f = uv also matches f/x = u(v/x)
            full = whole;
            belowRegex = whole;
        } else {
            full = whole;
            belowRegex = null;
        }
        return new Glob(pattern, Pattern.compile(full, Pattern.DOTALL),
                belowRegex == null ? null : Pattern.compile(belowRegex, Pattern.DOTALL));
    }

    /** Whether the whole relative path (with {@code /} separators) matches. */
    public boolean matches(String relativePath) {
        return regex.matcher(relativePath).matches();
    }

    /**
     * Whether every path below {@code folder} (relative, without trailing {@code /}) matches. False when it cannot tell,
     * so a true answer is safe for skipping the folder.
     */
    public boolean matchesEverythingBelow(String folder) {
        return below != null && below.matcher(folder).matches();
    }

    /** The pattern as given. */
    public String pattern() {
        return pattern;
    }

    @Override
    public String toString() {
        return pattern;
    }

    private static boolean endsEscaped(String s, int index) {
        int backslashes = 0;
        for (int i = index - 1; i >= 0 && s.charAt(i) == '\\'; i--) {
            backslashes++;
        }
        return backslashes % 2 == 1;
    }

    private static String join(List<Token> tokens, int count) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < count; i++) {
            sb.append(tokens.get(i).regex());
        }
        return sb.toString();
    }

    private static List<Token> tokenize(String pattern, String body, int offset) {
        List<Token> tokens = new ArrayList<>();
        int i = 0;
        while (i < body.length()) {
            int c = body.codePointAt(i);
            int next = i + Character.charCount(c);
            switch (c) {
                case '\\' -> {
                    if (next >= body.length()) {
                        throw bad(pattern, "ends with a lone '\\'; write '\\\\' for a backslash");
                    }
                    int escaped = body.codePointAt(next);
                    tokens.add(new Token(Kind.OTHER, literal(escaped)));
                    next += Character.charCount(escaped);
                }
                case '/' -> {
                    if (tokens.isEmpty() || tokens.get(tokens.size() - 1).kind() == Kind.SEPARATOR
                            || tokens.get(tokens.size() - 1).kind() == Kind.ANY_FOLDERS) {
                        throw bad(pattern, "has an empty path element ('//')");
                    }
                    tokens.add(new Token(Kind.SEPARATOR, "/"));
                }
                case '?' -> tokens.add(new Token(Kind.OTHER, "[^/]"));
                case '*' -> {
                    while (next < body.length() && body.charAt(next) == '*') {
                        next++;
                    }
                    if (next - i == 1) {
                        tokens.add(new Token(Kind.OTHER, "[^/]*"));
                    } else {
                        Token last = tokens.isEmpty() ? null : tokens.get(tokens.size() - 1);
                        boolean elementStart = last == null || last.kind() == Kind.SEPARATOR || last.kind() == Kind.ANY_FOLDERS;
                        if (elementStart && next < body.length() && body.charAt(next) == '/') {
                            next++;
                            if (next < body.length() && body.charAt(next) == '/') {
                                throw bad(pattern, "has an empty path element ('//')");
                            }
                            tokens.add(new Token(Kind.ANY_FOLDERS, ANY_FOLDERS));
                        } else {
                            tokens.add(new Token(Kind.ANY_RUN, ".*"));
                        }
                    }
                }
                case '[' -> {
                    StringBuilder cls = new StringBuilder();
                    next = characterClass(pattern, body, next, offset + i, cls);
                    tokens.add(new Token(Kind.OTHER, cls.toString()));
                }
                default -> tokens.add(new Token(Kind.OTHER, literal(c)));
            }
            i = next;
        }
        return tokens;
    }

    /** Parses a class starting after its '['; appends its regex; returns the index after its ']'. */
    private static int characterClass(String pattern, String body, int start, int openedAt, StringBuilder out) {
        int i = start;
        boolean negated = i < body.length() && (body.charAt(i) == '!' || body.charAt(i) == '^');
        if (negated) {
            i++;
        }
        StringBuilder members = new StringBuilder();
        boolean first = true;
        while (true) {
            if (i >= body.length()) {
                throw bad(pattern, "has an unclosed '[' at position " + (openedAt + 1) + "; write '\\[' for a literal bracket");
            }
            int c = body.codePointAt(i);
            if (c == ']' && !first) {
                i++;
                break;
            }
            first = false;
            int[] read = classChar(pattern, body, i);
            int low = read[0];
            i = read[1];
            if (i + 1 < body.length() && body.charAt(i) == '-' && body.charAt(i + 1) != ']') {
                int[] upper = classChar(pattern, body, i + 1);
                if (upper[0] < low) {
                    throw bad(pattern, "has a reversed range '" + new String(Character.toChars(low)) + "-"
                            + new String(Character.toChars(upper[0])) + "' in a class");
                }
                members.append(literal(low)).append('-').append(literal(upper[0]));
                i = upper[1];
            } else {
                members.append(literal(low));
            }
        }
        if (negated) {
            out.append("[^/").append(members).append(']');
        } else {
            out.append('[').append(members).append("&&[^/]]");
        }
        return i;
    }

    /** One member character of a class at {@code i}, escaped or not: {code point, index after it}. */
    private static int[] classChar(String pattern, String body, int i) {
        int c = body.codePointAt(i);
        if (c == '\\') {
            if (i + 1 >= body.length()) {
                throw bad(pattern, "ends with a lone '\\'; write '\\\\' for a backslash");
            }
            int escaped = body.codePointAt(i + 1);
            return new int[] {escaped, i + 1 + Character.charCount(escaped)};
        }
        return new int[] {c, i + Character.charCount(c)};
    }

    private static String literal(int codePoint) {
        if (codePoint < 128 && Character.isLetterOrDigit(codePoint)) {
            return String.valueOf((char) codePoint);
        }
        return "\\x{" + Integer.toHexString(codePoint) + "}";
    }

    private static IllegalArgumentException bad(String pattern, String what) {
        return new IllegalArgumentException("The glob pattern '" + pattern + "' " + what);
    }
}
