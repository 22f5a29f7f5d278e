package dev.uploader.config;

import java.net.URI;

/**
 * The source of an ALIOSS_TO_S3 job ([ALIOSS_TO_S3] section; prefix from S3Prefix). The keys come from the
 * file or from ALI_ACCESS_KEY_ID / ALI_ACCESS_KEY_SECRET (or OSS_ACCESS_KEY_ID / OSS_ACCESS_KEY_SECRET).
 */
public record OssSourceConfig(String bucket, String prefix, URI endpoint, String accessKeyId, String accessKeySecret) {

    @Override
    public String toString() {
        return "OssSourceConfig[bucket=" + bucket + ", prefix=" + prefix + ", endpoint=" + endpoint + ", accessKeyId=" + accessKeyId
                + ", accessKeySecret=(hidden)]";
    }
}
