package dev.uploader.engine;

/** Something under the source that could not be listed or read (unreadable file, symlink loop ...). */
public record SourceProblem(String path, String reason) {
}
