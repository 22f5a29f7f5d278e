package dev.uploader.storage;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.uploader.storage.http.HttpS3Bucket;
import dev.uploader.storage.s3.S3Bucket;
import dev.uploader.storage.s3.S3Location;
import java.net.URI;

/** The store contract over the uploader's own HTTP client (the default for custom endpoints), against S3Proxy. */
class HttpS3BucketContractTest extends S3BucketContract {
    @Override
    protected S3Bucket open(URI endpoint, String bucket, String profile) {
        return assertInstanceOf(HttpS3Bucket.class, new S3ClientFactory().openStore(new S3Location(endpoint, profile, null, false), bucket, 4, settings(false)));
    }
}
