package dev.uploader.storage.inventory;

/**
 * Where an S3 Inventory's {@code manifest.json} is.
 *
 * @param bucket      the inventory's destination bucket
 * @param manifestKey the key of {@code manifest.json} in it
 */
public record InventoryLocation(String bucket, String manifestKey) {

    /** {@code manifest.checksum}, which S3 writes next to the manifest. */
    public String checksumKey() {
        return manifestKey.substring(0, manifestKey.lastIndexOf('/') + 1) + "manifest.checksum";
    }

    public String describe() {
        return "s3://" + bucket + "/" + manifestKey;
    }
}
