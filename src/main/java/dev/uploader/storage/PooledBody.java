package dev.uploader.storage;

import dev.uploader.engine.BufferPool;
import dev.uploader.engine.Md5;
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
    public InputStream open() {
        return new ByteArrayInputStream(fetched(), 0, length);
    }

    @Override
    public byte[] md5() {
        return Md5.of(fetched(), 0, length);
    }

    private synchronized byte[] fetched() {
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
        return bytes;
    }

    @Override
    public synchronized void release() {
        if (bytes != null) {
            pool.give(bytes);
            bytes = null;
        }
    }
}
