package dev.uploader.engine;

/**
 * Room in the job's {@link MemoryBudget} for one part's bytes, reserved before the part starts. A source that
 * holds a part in memory fills {@link #array()} (at least as long as the part); the engine gives the room back
 * with {@link #close()} once the part's body is released.
 */
public interface PartMemory extends AutoCloseable {

    /** No room reserved: for bodies that read their bytes from a file each time. */
    PartMemory NONE = new PartMemory() {
        @Override
        public byte[] array() {
            throw new IllegalStateException("no memory was reserved for this part");
        }

        @Override
        public void close() {
        }
    };

    /** The same array on every call, at least as long as the reservation. */
    byte[] array();

    @Override
    void close();
}
