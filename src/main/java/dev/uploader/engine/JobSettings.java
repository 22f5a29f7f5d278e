package dev.uploader.engine;

/**
 * How a job transfers, from the Advanced section of the config and the command line.
 *
 * @param chunkSizeMiB        configured part size; grown per file to fit 10,000 parts
 * @param verifySourceAfterUpload re-read the source after it is sent and compare (ifVerifyMD5)
 * @param ignoreSmallFiles    skip files smaller than the part size (IgnoreSmallFile)
 * @param bandwidthLimit      bytes per second for the whole job, 0 for none
 * @param storageClass        null for the store's default
 * @param memoryBudget        bytes the job may hold in part buffers at once ({@link MemoryBudget})
 * @param fixedPartSize       the part size every object of the job is cut into where it fits (a cluster job's, fixed by its
 *                            sender so that every worker uses the same layout), or 0 for the part-size rule
 */
public record JobSettings(int chunkSizeMiB, int maxRetry, int maxThread, int maxParallelFile, String storageClass,
                          boolean verifySourceAfterUpload, boolean ignoreSmallFiles, long bandwidthLimit, long memoryBudget,
                          long fixedPartSize) {

    /** How often one file is started again after its source changed or its object failed verification. */
    public static final int FILE_ATTEMPTS = 3;

    public JobSettings {
        if (chunkSizeMiB < 5 || maxRetry < 0 || maxThread < 1 || maxParallelFile < 1 || bandwidthLimit < 0 || memoryBudget < 1024 * 1024
                || fixedPartSize < 0) {
            throw new IllegalArgumentException("invalid job settings: " + chunkSizeMiB + "/" + maxRetry + "/" + maxThread
                    + "/" + maxParallelFile + "/" + bandwidthLimit + "/" + memoryBudget);
        }
    }

    /** Settings whose part size follows the part-size rule. */
    public JobSettings(int chunkSizeMiB, int maxRetry, int maxThread, int maxParallelFile, String storageClass,
                       boolean verifySourceAfterUpload, boolean ignoreSmallFiles, long bandwidthLimit, long memoryBudget) {
        this(chunkSizeMiB, maxRetry, maxThread, maxParallelFile, storageClass, verifySourceAfterUpload, ignoreSmallFiles, bandwidthLimit,
                memoryBudget, 0);
    }

    /** The same settings with every object cut into parts of {@code partSize} bytes where it fits. */
    public JobSettings withFixedPartSize(long partSize) {
        return new JobSettings(chunkSizeMiB, maxRetry, maxThread, maxParallelFile, storageClass, verifySourceAfterUpload, ignoreSmallFiles,
                bandwidthLimit, memoryBudget, partSize);
    }

    /** Settings with the default memory budget (half the maximum heap). */
    public JobSettings(int chunkSizeMiB, int maxRetry, int maxThread, int maxParallelFile, String storageClass,
                       boolean verifySourceAfterUpload, boolean ignoreSmallFiles, long bandwidthLimit) {
        this(chunkSizeMiB, maxRetry, maxThread, maxParallelFile, storageClass, verifySourceAfterUpload, ignoreSmallFiles, bandwidthLimit,
                MemoryBudget.defaultLimit());
    }
}
