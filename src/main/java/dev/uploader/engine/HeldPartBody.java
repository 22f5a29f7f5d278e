package dev.uploader.engine;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.function.Consumer;

/**
 * A part fetched once into the memory the engine reserved for it ({@link PartMemory}), and read from there as often
 * as needed: to hash it, to send it, to send it again. For sources whose reads cost a request each.
 */
public final class HeldPartBody implements PartBody {
    private final PartMemory memory;
    private final int length;
    private final Consumer<byte[]> fetch;
    private byte[] bytes;

    /** @param fetch fills the first {@code length} bytes of the array it is given, or throws */
    public HeldPartBody(PartMemory memory, int length, Consumer<byte[]> fetch) {
        this.memory = memory;
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
            byte[] buffer = length == 0 ? new byte[0] : memory.array();
            fetch.accept(buffer);
            bytes = buffer;
        }
        return bytes;
    }

    @Override
    public synchronized void release() {
        bytes = null;
    }
}
