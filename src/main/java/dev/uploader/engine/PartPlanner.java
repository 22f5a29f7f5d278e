package dev.uploader.engine;

/** The part-size rules of S3 multipart uploads, in one place. */
public final class PartPlanner {
    public static final long MIB = 1024L * 1024L;
    public static final long MIN_PART_SIZE = 5 * MIB;
    public static final long MAX_PART_SIZE = 5L * 1024 * MIB;
    public static final int MAX_PARTS = 10_000;

    private PartPlanner() {
    }

    /**
     * The smallest whole number of MiB, at least {@code chunkSizeMiB}, that keeps the object within 10,000 parts.
     *
     * @throws TransferException.Rejected when even 5 GiB parts would need more than 10,000
     */
    public static PartLayout layoutFor(long objectSize, int chunkSizeMiB) {
        long configured = Math.max(chunkSizeMiB * MIB, MIN_PART_SIZE);
        long neededMiB = ceilDiv(ceilDiv(objectSize, MAX_PARTS), MIB);
        long partSize = Math.max(configured, neededMiB * MIB);
        if (partSize > MAX_PART_SIZE) {
            throw new TransferException.Rejected("file of " + objectSize + " bytes is too large for S3: it would need parts of "
                    + neededMiB + " MiB, over the 5 GiB limit (10,000 parts of at most 5 GiB)", null);
        }
        return PartLayout.of(objectSize, partSize);
    }

    /**
     * The source's own layout when it can be kept (so that the destination ETag equals the source's),
     * otherwise {@link #layoutFor(long, int)}.
     */
    public static PartLayout layoutFor(long objectSize, int chunkSizeMiB, java.util.Optional<PartLayout> sourceLayout) {
        if (sourceLayout.isPresent()) {
            PartLayout own = sourceLayout.get();
            boolean keepable = own.objectSize() == objectSize && !own.singleRequest() && objectSize > 0
                    && (own.partCount() == 1 ? own.partSize() <= MAX_PART_SIZE : fits(objectSize, own.partSize()));
            if (keepable) {
                return own;
            }
        }
        return layoutFor(objectSize, chunkSizeMiB);
    }

    /** Whether an object of this size can be uploaded in parts of exactly this size. */
    public static boolean fits(long objectSize, long partSize) {
        return partSize >= MIN_PART_SIZE && partSize <= MAX_PART_SIZE && PartLayout.of(objectSize, partSize).partCount() <= MAX_PARTS;
    }

    private static long ceilDiv(long a, long b) {
        return (a + b - 1) / b;
    }
}
