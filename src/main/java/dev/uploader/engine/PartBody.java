package dev.uploader.engine;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.WritableByteChannel;

/** The bytes of one request body; each call opens a fresh stream from the start, so a request can be re-sent. */
@FunctionalInterface
public interface PartBody {
    InputStream open() throws IOException;

    /**
     * Writes the bytes straight from their file into {@code out} (the system's sendfile where it has one: no copy
     * through this process), calling {@code slices} before each slice. Returns false, having written nothing,
     * when these bytes are not in a file; the caller then reads {@link #open()} instead.
     */
    default boolean transferTo(WritableByteChannel out, SliceGate slices) throws IOException {
        return false;
    }

    /** Told of each slice before it is sent: counts progress, holds the bandwidth limit. */
    @FunctionalInterface
    interface SliceGate {
        void admit(int bytes) throws IOException;
    }

    /**
     * The MD5 of all the bytes. Bodies that hold their bytes in memory, or read them from a file, override it to
     * digest them without the stream's extra copy.
     */
    default byte[] md5() throws IOException {
        try (InputStream in = open()) {
            return Md5.of(in);
        }
    }

    /** The caller is done with these bytes; a body held in memory gives its buffer back. */
    default void release() {
    }
}
