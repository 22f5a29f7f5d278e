package dev.uploader.engine;

/** A file in flight. */
public record FileProgress(String key, long size, long bytesDone) {
}
