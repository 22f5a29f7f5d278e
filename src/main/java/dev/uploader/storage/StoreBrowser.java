package dev.uploader.storage;

import dev.uploader.engine.ObjectKeys;
import dev.uploader.engine.TransferException;
import dev.uploader.storage.s3.S3Errors;
import dev.uploader.storage.s3.S3Location;
import dev.uploader.storage.s3.sdk.SdkErrors;
import java.util.List;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.Bucket;
import software.amazon.awssdk.services.s3.model.CommonPrefix;

/** What a person picking a bucket and a prefix needs from a store: its buckets and the "folders" under a prefix. */
public final class StoreBrowser {
    private final S3ClientFactory clients;

    public StoreBrowser(S3ClientFactory clients) {
        this.clients = clients;
    }

    /** @throws TransferException with a message a person can act on (wrong keys, endpoint down ...) */
    public List<String> buckets(S3Location location) {
        try (S3Client s3 = clients.create(location, 2)) {
            return s3.listBuckets().buckets().stream().map(Bucket::name).sorted().toList();
        } catch (RuntimeException e) {
            throw new SdkErrors(new S3Errors(describe(location), profile(location))).map("list the buckets", e);
        }
    }

    /** The buckets these keys see, before the keys are saved anywhere. */
    public List<String> buckets(S3Location location, String accessKeyId, String secretAccessKey) {
        try (S3Client s3 = clients.create(location, 2, accessKeyId, secretAccessKey)) {
            return s3.listBuckets().buckets().stream().map(Bucket::name).sorted().toList();
        } catch (RuntimeException e) {
            throw new SdkErrors(new S3Errors(describe(location), profile(location))).map("list the buckets", e);
        }
    }

    /** The prefixes one level below {@code parent} (each ending in "/"), at most 1,000. */
    public List<String> prefixes(S3Location location, String bucket, String parent) {
        String listing = ObjectKeys.listingPrefix(ObjectKeys.normalizePrefix(parent));
        try (S3Client s3 = clients.create(location, 2)) {
            return s3.listObjectsV2(r -> r.bucket(bucket).prefix(listing).delimiter("/").maxKeys(1000)).commonPrefixes().stream()
                    .map(CommonPrefix::prefix).toList();
        } catch (RuntimeException e) {
            throw new SdkErrors(new S3Errors("s3://" + bucket, profile(location))).map("list the prefixes", e);
        }
    }

    /**
     * One page of what is right under {@code prefix} (taken as a folder; the bucket's top for an empty one): folders and
     * objects with size and last-modified time, at most {@code maxEntries}, from {@code continuationToken} or the start.
     * Through the same store client a job would use (the own HTTP client where it can address the bucket).
     *
     * @throws TransferException with a message a person can act on
     */
    public dev.uploader.storage.s3.LevelPage level(S3Location location, String bucket, String prefix, String continuationToken, int maxEntries) {
        String listing = ObjectKeys.listingPrefix(ObjectKeys.normalizePrefix(prefix == null ? "" : prefix));
        try (dev.uploader.storage.s3.S3Bucket store = clients.openStore(location, bucket, 2)) {
            return store.listLevel(listing, continuationToken, maxEntries);
        }
    }

    private static String describe(S3Location location) {
        return location.isAws() ? "AWS S3" : location.endpoint().toString();
    }

    private static String profile(S3Location location) {
        return location.profile() == null || location.profile().isBlank() ? "default" : location.profile();
    }
}
