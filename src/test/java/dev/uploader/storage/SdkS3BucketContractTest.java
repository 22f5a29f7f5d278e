package dev.uploader.storage;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.uploader.storage.s3.S3Bucket;
import dev.uploader.storage.s3.S3Location;
import dev.uploader.storage.s3.sdk.SdkS3Bucket;
import java.net.URI;

/** The store contract over the AWS SDK ({@code S3Client = sdk}), against S3Proxy. */
class SdkS3BucketContractTest extends S3BucketContract {
    @Override
    protected S3Bucket open(URI endpoint, String bucket, String profile) {
        return assertInstanceOf(SdkS3Bucket.class, new S3ClientFactory().openStore(new S3Location(endpoint, profile, null, false), bucket, 4, settings(true)));
    }
}
