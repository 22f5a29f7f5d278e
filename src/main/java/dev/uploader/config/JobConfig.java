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
        long bandwidthLimit) {
}
