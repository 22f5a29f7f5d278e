package dev.uploader.config;

/** Which client speaks to S3-compatible stores ({@code [Advanced] S3Client}, {@code --s3-client}). */
public enum S3ClientChoice {
    /** The uploader's own HTTP client for custom endpoints (faster, docs/decisions/0005), the AWS SDK for AWS. */
    AUTO,
    /** The AWS SDK for every store: for a store where the own client misbehaves. */
    SDK
}
