package dev.uploader.engine;

import java.io.IOException;
import java.io.InputStream;

/** The bytes of one request body; each call opens a fresh stream from the start, so a request can be re-sent. */
@FunctionalInterface
public interface PartBody {
    InputStream open() throws IOException;

    /** The caller is done with these bytes; a body held in memory gives its buffer back. */
    default void release() {
    }
}
