package dev.uploader.storage.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.uploader.engine.Md5;
import dev.uploader.engine.UploadOptions;
import dev.uploader.storage.S3ClientFactory;
import dev.uploader.storage.s3.ListingPages;
import dev.uploader.storage.s3.S3Location;
import dev.uploader.testing.InMemoryServerTest;
import dev.uploader.testing.TestProfiles;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;

/** What only the own client has: where it is used at all, and its pages (the contract suite covers the rest). */
class HttpS3BucketTest extends InMemoryServerTest {

    @Test
    void objectsPage_smallPages_followsContinuationTokensToTheEnd() {
        server.createBucket("paged");
        S3Location location = new S3Location(server.endpoint(), TestProfiles.PROFILE, null, false);
        try (HttpS3Bucket bucket = HttpS3Bucket.forBucket(location, "paged", S3ClientFactory.credentials(TestProfiles.PROFILE), "us-east-1",
                Map.of()).orElseThrow()) {
            for (int i = 0; i < 7; i++) {
                byte[] data = {(byte) i};
                bucket.putObject("paged/" + i, () -> new ByteArrayInputStream(data), 1, Md5.of(data, 0, 1), new UploadOptions(null, null));
            }
            List<String> seen = new ArrayList<>();
            String token = null;
            int pages = 0;
            do {
                ListingPages.ObjectsPage page = bucket.objectsPage("paged/", 3, token);
                page.objects().forEach(o -> seen.add(o.key()));
                token = page.nextToken();
                pages++;
            } while (token != null);
            assertEquals(3, pages);
            assertEquals(List.of("paged/0", "paged/1", "paged/2", "paged/3", "paged/4", "paged/5", "paged/6"), seen);
        }
    }

    @Test
    void forBucket_storesItCannotAddress_leftToTheSdk() {
        var credentials = AnonymousCredentialsProvider.create();
        URI endpoint = URI.create("https://s3.example.com");
        assertTrue(HttpS3Bucket.forBucket(new S3Location(null, "p", null, false), "b", credentials, "us-east-1", Map.of()).isEmpty(),
                "AWS endpoints: the SDK's endpoint rules");
        assertTrue(HttpS3Bucket.forBucket(new S3Location(endpoint, "p", null, false), "b", credentials, "us-east-1",
                Map.of("HTTPS_PROXY", "http://proxy:3128")).isEmpty(), "proxies");
        assertTrue(HttpS3Bucket.forBucket(new S3Location(endpoint, "p", null, false), "with.dots", credentials, "us-east-1", Map.of())
                .isEmpty(), "dotted names, virtual-hosted");
        assertTrue(HttpS3Bucket.forBucket(new S3Location(endpoint, "p", null, true), "with.dots", credentials, "us-east-1", Map.of())
                .isPresent(), "dotted names, path-style");
        assertTrue(HttpS3Bucket.forBucket(new S3Location(endpoint, "p", null, false), "plain-name", credentials, "us-east-1", Map.of())
                .isPresent(), "virtual-hosted plain names");
    }
}
