package dev.uploader.credentials;

/** An Alibaba Cloud OSS key pair. */
public record OssKeys(String accessKeyId, String accessKeySecret) {

    @Override
    public String toString() {
        return "OssKeys[accessKeyId=" + accessKeyId + ", accessKeySecret=(hidden)]";
    }
}
