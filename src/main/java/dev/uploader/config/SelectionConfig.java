package dev.uploader.config;

import java.time.Instant;
import java.util.List;

/**
 * What a job moves ([Filter] section and its options) and how it tells what is already there.
 *
 * @param includes   glob patterns; none means everything not excluded
 * @param excludes   glob patterns, from the section, the options and the FilterFile
 * @param minSize    bytes, -1 for none
 * @param maxSize    bytes, -1 for none
 * @param newerThan  modified strictly after, or null
 * @param olderThan  modified strictly before, or null
 * @param checksum   skip or send by content (MD5 against the ETag) instead of size and time
 */
public record SelectionConfig(List<String> includes, List<String> excludes, long minSize, long maxSize, Instant newerThan,
                              Instant olderThan, boolean checksum) {

    public static final SelectionConfig ALL = new SelectionConfig(List.of(), List.of(), -1, -1, null, null, false);

    public SelectionConfig {
        includes = List.copyOf(includes);
        excludes = List.copyOf(excludes);
    }
}
