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
 * @param selection        filters and --checksum
 * @param inventory        s3://bucket/path/manifest.json of an S3 Inventory to list an S3_TO_S3 source from, or null
 * @param pairs            several sources and destinations in one job ([BucketPairs]); empty for the one of [Basic]
 * @param createBucket     a destination bucket that does not exist is created (CreateBucket)
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
        Path caBundle,
        SelectionConfig selection,
        String inventory,
        java.util.List<BucketPair> pairs,
        boolean createBucket) {

    public JobConfig {
        pairs = java.util.List.copyOf(pairs);
    }

    /** This job for one of its pairs: its source and destination, with no pairs of its own. */
    public JobConfig forPair(BucketPair pair) {
        return new JobConfig(file, jobType, pair.destination(), pair.destinationPrefix(), srcFileIndex, desProfileName, desEndpoint, desRegion,
                desPathStyle, jobType == JobType.LOCAL_TO_S3 ? Path.of(pair.source()).toAbsolutePath().normalize() : srcDir, chunkSizeMiB,
                maxRetry, maxThread, maxParallelFile, storageClass, verifyMd5, dontAskMeToClean, loggingLevel, ignoreSmallFile, bandwidthLimit,
                s3Source == null ? null : new S3SourceConfig(pair.source(), pair.sourcePrefix(), s3Source.profile(), s3Source.endpoint(),
                        s3Source.region(), s3Source.pathStyle()),
                ossSource == null ? null : new OssSourceConfig(pair.source(), pair.sourcePrefix(), ossSource.endpoint(), ossSource.accessKeyId(),
                        ossSource.accessKeySecret()),
                memoryBudget, s3Client, idleTimeoutSeconds, caBundle, selection, inventory, java.util.List.of(), createBucket);
    }
}
