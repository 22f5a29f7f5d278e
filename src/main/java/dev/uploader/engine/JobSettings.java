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
 */
public record JobSettings(int chunkSizeMiB, int maxRetry, int maxThread, int maxParallelFile, String storageClass,
                          boolean verifySourceAfterUpload, boolean ignoreSmallFiles, long bandwidthLimit, long memoryBudget) {

    /** How often one file is started again after its source changed or its object failed verification. */
    public static final int FILE_ATTEMPTS = 3;

    public JobSettings {
        if (chunkSizeMiB < 5 || maxRetry < 0 || maxThread < 1 || maxParallelFile < 1 || bandwidthLimit < 0 || memoryBudget < 1024 * 1024) {
            throw new IllegalArgumentException("invalid job settings: " + chunkSizeMiB + "/" + maxRetry + "/" + maxThread
                    + "/" + maxParallelFile + "/" + bandwidthLimit + "/" + memoryBudget);
        }
    }

    /** Settings with the default memory budget (half the maximum heap). */
    public JobSettings(int chunkSizeMiB, int maxRetry, int maxThread, int maxParallelFile, String storageClass,
                       boolean verifySourceAfterUpload, boolean ignoreSmallFiles, long bandwidthLimit) {
        this(chunkSizeMiB, maxRetry, maxThread, maxParallelFile, storageClass, verifySourceAfterUpload, ignoreSmallFiles, bandwidthLimit,
                MemoryBudget.defaultLimit());
    }
}
