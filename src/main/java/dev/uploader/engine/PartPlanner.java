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
        return layoutFor(objectSize, chunkSizeMiB, sourceLayout, Long.MAX_VALUE);
    }

    /**
     * The part layout of one object, for a source that holds each part in memory while it is sent within a budget
     * of {@code memoryLimit} bytes ({@link Long#MAX_VALUE} for files, which are read from disk each time):
     * <ol>
     *   <li>the source's own layout when it can be kept and a part takes at most a quarter of the budget, so that
     *       the destination's ETag equals the source's and several parts are in flight;</li>
     *   <li>otherwise ChunkSize, grown to fit 10,000 parts, but held to a quarter of the budget;</li>
     *   <li>an object that needs parts larger than the whole budget to fit 10,000 parts is refused, naming the
     *       budget that would do.</li>
     * </ol>
     *
     * @throws TransferException.Rejected when the object cannot be sent at all, or not within the budget
     */
    public static PartLayout layoutFor(long objectSize, int chunkSizeMiB, java.util.Optional<PartLayout> sourceLayout, long memoryLimit) {
        long preferred = memoryLimit == Long.MAX_VALUE ? Long.MAX_VALUE : memoryLimit / 4;
        if (sourceLayout.isPresent()) {
            PartLayout own = sourceLayout.get();
            boolean keepable = own.objectSize() == objectSize && !own.singleRequest() && objectSize > 0
                    && (own.partCount() == 1 ? own.partSize() <= MAX_PART_SIZE : fits(objectSize, own.partSize()));
            if (keepable && held(own.partSize()) <= preferred) {
                return own;
            }
        }
        PartLayout layout = layoutFor(objectSize, chunkSizeMiB);
        if (held(layout.partSize()) <= preferred) {
            return layout;
        }
        // the part size that keeps 10,000 parts, in whole MiB, and the most a quarter of the budget allows
        long needed = Math.max(MIN_PART_SIZE, ceilDiv(ceilDiv(objectSize, MAX_PARTS), MIB) * MIB);
        long allowed = Math.max(MIN_PART_SIZE, preferred / MIB * MIB);
        long partSize = Math.max(needed, Math.min(layout.partSize(), allowed));
        if (held(partSize) > memoryLimit) {
            throw new TransferException.Rejected("an object of " + objectSize + " bytes needs parts of " + (partSize / MIB)
                    + " MiB to stay within 10,000 parts, more than the memory budget of " + (memoryLimit / MIB)
                    + " MiB holds; raise MemoryBudget (--memory-budget) to at least " + (held(partSize) / MIB) + "M", null);
        }
        return PartLayout.of(objectSize, partSize);
    }

    /**
     * As {@link #layoutFor(long, int, java.util.Optional, long)}, but with a part size fixed beforehand (a cluster
     * sender's, so that every worker cuts the object alike and one can resume another's upload): that size whenever the
     * object fits it (one request below it, at most 10,000 parts of it), held to the whole memory budget; an object
     * that no longer fits it (it grew since it was planned) follows the rule.
     *
     * @param fixedPartSize 0 for none
     */
    public static PartLayout layoutFor(long objectSize, int chunkSizeMiB, java.util.Optional<PartLayout> sourceLayout, long memoryLimit,
                                       long fixedPartSize) {
        if (fixedPartSize > 0 && (objectSize < fixedPartSize || fits(objectSize, fixedPartSize))) {
            if (objectSize >= fixedPartSize && held(fixedPartSize) > memoryLimit) {
                throw new TransferException.Rejected("the sender fixed parts of " + (fixedPartSize / MIB) + " MiB for this object, more than"
                        + " the memory budget of " + (memoryLimit / MIB) + " MiB holds; raise MemoryBudget (--memory-budget) to at least "
                        + (held(fixedPartSize) / MIB) + "M on this worker", null);
            }
            return PartLayout.of(objectSize, fixedPartSize);
        }
        return layoutFor(objectSize, chunkSizeMiB, sourceLayout, memoryLimit);
    }

    /** The bytes a part of this size takes in the memory budget. */
    private static long held(long partSize) {
        // parts are at least 5 MiB: the budget counts them in whole MiB (MemoryBudget.capacityFor)
        return ceilDiv(partSize, MIB) * MIB;
    }

    /** Whether an object of this size can be uploaded in parts of exactly this size. */
    public static boolean fits(long objectSize, long partSize) {
        return partSize >= MIN_PART_SIZE && partSize <= MAX_PART_SIZE && PartLayout.of(objectSize, partSize).partCount() <= MAX_PARTS;
    }

    private static long ceilDiv(long a, long b) {
        return (a + b - 1) / b;
    }
}
