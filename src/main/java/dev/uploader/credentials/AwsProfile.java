package dev.uploader.credentials;

/**
 * A named AWS profile as the credential setup writes it: the key pair (credentials file) and, optionally, the region
 * and an endpoint URL for S3-compatible stores (config file).
 *
 * @param region null or blank: the config file's region stays as it is
 * @param endpointUrl null or blank: the config file's endpoint_url stays as it is
 */
public record AwsProfile(String name, String accessKeyId, String secretAccessKey, String region, String endpointUrl) {

    @Override
    public String toString() {
        return "AwsProfile[name=" + name + ", accessKeyId=" + accessKeyId + ", secretAccessKey=(hidden), region=" + region
                + ", endpointUrl=" + endpointUrl + "]";
    }
}
