package dev.uploader.engine.select;

import java.util.List;

/**
 * The patterns of one filter file, as read by {@link SourceFilter#readPatternFile(java.nio.file.Path)}: the lines
 * starting with {@code + } and all the others. The order of the lines does not matter: excludes always win.
 */
public record PatternFile(List<String> includes, List<String> excludes) {
    public PatternFile {
        includes = List.copyOf(includes);
        excludes = List.copyOf(excludes);
    }
}
