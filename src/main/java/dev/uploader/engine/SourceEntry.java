package dev.uploader.engine;

/**
 * One file or object of the source.
 *
 * @param relativePath path below the source root, with {@code /} as separator on every OS
 * @param size         bytes
 * @param lastModifiedMillis modification time, used to notice a change during the upload and for the skip rule
 */
public record SourceEntry(String relativePath, long size, long lastModifiedMillis) {
}
