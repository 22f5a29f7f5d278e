package dev.uploader.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * {@code --files-from}: a source whose entries are the names a list gives (paths relative to the source folder, or
 * keys relative to the source prefix), each looked up in the source instead of listing it, in {@link KeyOrder} so
 * that the plan merges them with the destination's listing. A name that is not there is a problem of its own; the
 * others go on. Names are kept in memory: the list is the user's.
 */
public final class ListedSource extends ForwardingSource {
    private final TreeSet<String> names = new TreeSet<>(KeyOrder.INSTANCE);
    private final List<SourceProblem> refused = new ArrayList<>();
    private final String listName;

    /**
     * @param lines    the list's lines: blank lines are ignored, a leading "./" or "/" is dropped, '\' is read as '/'
     *                 on Windows only (elsewhere it is part of a name); a name with a ".." segment is refused
     * @param listName the list's name for messages, e.g. the file's path or "standard input"
     */
    public ListedSource(Source inner, Iterable<String> lines, String listName) {
        this(inner, lines, listName, false);
    }

    /**
     * @param keysAsGiven names are a remote source's keys exactly (a cluster order's): taken as they are, "a//b" and
     *                    "./x" included, since S3 keys may hold them; for a local folder names are always normalized
     *                    and ".." refused
     */
    public ListedSource(Source inner, Iterable<String> lines, String listName, boolean keysAsGiven) {
        super(inner);
        this.listName = listName;
        if (keysAsGiven && !inner.isLocal()) {
            for (String line : lines) {
                if (!line.isEmpty()) {
                    names.add(line);
                }
            }
            return;
        }
        boolean windows = System.getProperty("os.name", "").startsWith("Windows");
        for (String line : lines) {
            String name = line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
            if (name.isBlank()) {
                continue;
            }
            if (windows) {
                name = name.replace('\\', '/');
            }
            String normal = normalize(name);
            if (normal == null) {
                refused.add(new SourceProblem(line, "'" + line + "' in " + listName + " is not a file below the source"
                        + " (names are relative to the source folder or prefix, without '..')"));
                continue;
            }
            names.add(normal);
        }
    }

    /**
     * The key-shaped name: '.' and empty segments dropped ("./a//b" is "a/b", as the walk of the folder would name
     * it); null for a name with a ".." segment or none at all, or one that ends in '/' (a folder).
     */
    public static String normalize(String name) {
        if (name.endsWith("/")) {
            return null;
        }
        StringBuilder out = new StringBuilder();
        for (String segment : name.split("/", -1)) {
            if (segment.equals("..")) {
                return null;
            }
            if (segment.isEmpty() || segment.equals(".")) {
                continue;
            }
            if (out.length() > 0) {
                out.append('/');
            }
            out.append(segment);
        }
        return out.length() == 0 ? null : out.toString();
    }

    /** How many names the list gives. */
    public int size() {
        return names.size();
    }

    @Override
    public void list(Consumer<SourceEntry> entries, Consumer<SourceProblem> problems) {
        refused.forEach(problems);
        for (String name : names) {
            try {
                entries.accept(inner.refresh(new SourceEntry(name, -1, 0)));
            } catch (TransferException.SourceGone e) {
                problems.accept(new SourceProblem(name, "listed in " + listName + ", but " + inner.describe() + " has no file " + name
                        + " (or it is a broken link)"));
            } catch (TransferException.SourceUnreadable e) {
                problems.accept(new SourceProblem(name, e.getMessage()));
            } catch (java.nio.file.InvalidPathException e) {
                problems.accept(new SourceProblem(name, "'" + name + "' in " + listName + " is not a valid file name here: " + e.getReason()));
            }
        }
    }
}
