package dev.uploader.storage;

import dev.uploader.engine.ForwardingSource;
import dev.uploader.engine.Source;
import dev.uploader.engine.SourceEntry;
import dev.uploader.engine.SourceProblem;
import dev.uploader.storage.inventory.InventoryListing;
import dev.uploader.storage.s3.S3Bucket;
import java.util.function.Consumer;

/** An S3 source listed from an S3 Inventory instead of ListObjectsV2 ({@code --inventory}); reads go to the source as ever. */
final class ListingFromInventory extends ForwardingSource {
    private final InventoryListing listing;
    private final String manifest;
    private final S3Bucket inventoryBucket;

    /** @param inventoryBucket the bucket the inventory is read from (maybe the source's own) */
    ListingFromInventory(Source s3, InventoryListing listing, String manifest, S3Bucket inventoryBucket) {
        super(s3);
        this.listing = listing;
        this.manifest = manifest;
        this.inventoryBucket = inventoryBucket;
    }

    /** Stop: the inventory's reads end too, and the listing at its next row. */
    @Override
    public void cancelInFlight() {
        listing.cancel();
        inventoryBucket.cancelInFlight();
        inner.cancelInFlight();
    }

    @Override
    public String describe() {
        return inner.describe() + " (listed by the inventory " + manifest + ")";
    }

    @Override
    public void list(Consumer<SourceEntry> entries, Consumer<SourceProblem> problems) {
        listing.list(entries, problems);
    }
}
