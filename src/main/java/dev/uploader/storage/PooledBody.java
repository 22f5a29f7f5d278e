package dev.uploader.storage;

import dev.uploader.engine.BufferPool;
import dev.uploader.engine.PartBody;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.function.Consumer;

/** A part fetched once into a pooled array, read as often as needed, and given back on release. */
final class PooledBody implements PartBody {
    private final BufferPool pool;
    private final int length;
    private final Consumer<byte[]> fetch;
    private byte[] bytes;

    /** @param fetch fills the first {@code length} bytes of the array it is given, or throws */
    PooledBody(BufferPool pool, int length, Consumer<byte[]> fetch) {
        this.pool = pool;
        this.length = length;
        this.fetch = fetch;
    }

    @Override
    public synchronized InputStream open() {
        if (bytes == null) {
            byte[] buffer = pool.take(length);
            try {
                fetch.accept(buffer);
            } catch (RuntimeException e) {
                pool.give(buffer);
                throw e;
            }
            bytes = buffer;
        }
        return new ByteArrayInputStream(bytes, 0, length);
    }

    @Override
    public synchronized void release() {
        if (bytes != null) {
            pool.give(bytes);
            bytes = null;
        }
    }
}
