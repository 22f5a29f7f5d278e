package dev.uploader.engine;

/**
 * How one object is cut into parts. Parts are numbered from 1; all but the last have {@code partSize} bytes.
 * A layout whose object is smaller than its part size is sent as one PutObject ({@link #singleRequest()}).
 */
public record PartLayout(long objectSize, long partSize, int partCount) {

    public static PartLayout of(long objectSize, long partSize) {
        if (partSize <= 0) {
            throw new IllegalArgumentException("part size must be positive: " + partSize);
        }
        long count = objectSize == 0 ? 1 : (objectSize + partSize - 1) / partSize;
        if (count > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("too many parts: " + count);
        }
        return new PartLayout(objectSize, partSize, (int) count);
    }

    public boolean singleRequest() {
        return objectSize < partSize;
    }

    public long offset(int partNumber) {
        return (partNumber - 1L) * partSize;
    }

    public long length(int partNumber) {
        return Math.min(partSize, objectSize - offset(partNumber));
    }
}
