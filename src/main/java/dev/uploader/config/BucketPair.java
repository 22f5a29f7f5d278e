package dev.uploader.config;

/**
 * One source and destination of a job of several ([BucketPairs] section, {@code --pair}).
 *
 * @param source            the source bucket (S3_TO_S3, ALIOSS_TO_S3) or folder (LOCAL_TO_S3)
 * @param sourcePrefix      prefix in the source bucket; "" for a folder
 * @param destination       the destination bucket
 * @param destinationPrefix prefix in the destination bucket
 */
public record BucketPair(String source, String sourcePrefix, String destination, String destinationPrefix) {

    /** Short words for the summary and the report, e.g. {@code src-bucket/logs -> des-bucket/backup}. */
    public String describe() {
        return source + (sourcePrefix.isEmpty() ? "" : "/" + sourcePrefix) + " -> " + destination
                + (destinationPrefix.isEmpty() ? "" : "/" + destinationPrefix);
    }
}
