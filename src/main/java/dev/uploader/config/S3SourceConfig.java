package dev.uploader.config;

import java.net.URI;

/**
 * The source of an S3_TO_S3 job ([S3_TO_S3] section; prefix from S3Prefix).
 *
 * @param endpoint null for AWS
 */
public record S3SourceConfig(String bucket, String prefix, String profile, URI endpoint, String region, boolean pathStyle) {
}
