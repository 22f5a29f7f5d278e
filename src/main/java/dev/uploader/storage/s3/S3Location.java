package dev.uploader.storage.s3;

import java.net.URI;

/**
 * Where an S3-compatible store is and who speaks to it.
 *
 * @param endpoint  null for AWS; otherwise any http or https URL, any port
 * @param profile   profile of the AWS shared credentials/config files; "default" uses the SDK's default chain
 *                  (environment variables first)
 * @param region    null to take the profile's region, else us-east-1 for custom endpoints
 * @param pathStyle force path-style addressing; IP and localhost endpoints get it without being told
 */
public record S3Location(URI endpoint, String profile, String region, boolean pathStyle) {

    public boolean isAws() {
        return endpoint == null;
    }

    /** IP and localhost endpoints cannot use virtual-hosted buckets. */
    public boolean usesPathStyle() {
        if (pathStyle) {
            return true;
        }
        if (endpoint == null || endpoint.getHost() == null) {
            return false;
        }
        String host = endpoint.getHost();
        return host.equalsIgnoreCase("localhost") || host.matches("[0-9.]+") || host.startsWith("[") || host.contains(":");
    }
}
