package dev.uploader.config;

import java.net.URI;
import java.nio.file.Path;

/**
 * A validated job: every value the engine and the stores need, from the INI file and command-line overrides.
 *
 * @param desEndpoint      null for AWS
 * @param srcFileIndex     null for every file ("*"), else one file relative to SrcDir
 * @param storageClass     null for the store's default (STANDARD)
 * @param bandwidthLimit   bytes per second, 0 for none
 * @param s3Prefix         the destination prefix (DesPrefix when set, else S3Prefix)
 * @param s3Source         the source of an S3_TO_S3 job, else null
 * @param ossSource        the source of an ALIOSS_TO_S3 job, else null
 * @param memoryBudget     bytes the job may hold in part buffers; 0 for the default (half the maximum heap)
 * @param s3Client         which client speaks to S3-compatible stores
 * @param idleTimeoutSeconds a request on which no byte moves for this long fails and is retried
 * @param caBundle         a PEM file of certificate authorities to trust besides the system's, or null
 */
public record JobConfig(
        Path file,
        JobType jobType,
        String desBucket,
        String s3Prefix,
        String srcFileIndex,
        String desProfileName,
        URI desEndpoint,
        String desRegion,
        boolean desPathStyle,
        Path srcDir,
        int chunkSizeMiB,
        int maxRetry,
        int maxThread,
        int maxParallelFile,
        String storageClass,
        boolean verifyMd5,
        boolean dontAskMeToClean,
        String loggingLevel,
        boolean ignoreSmallFile,
        long bandwidthLimit,
        S3SourceConfig s3Source,
        OssSourceConfig ossSource,
        long memoryBudget,
        S3ClientChoice s3Client,
        int idleTimeoutSeconds,
        Path caBundle) {
}
