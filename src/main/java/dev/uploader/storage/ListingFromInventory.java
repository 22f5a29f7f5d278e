package dev.uploader.storage;

import dev.uploader.engine.ForwardingSource;
import dev.uploader.engine.Source;
import dev.uploader.engine.SourceEntry;
import dev.uploader.engine.SourceProblem;
import dev.uploader.storage.inventory.InventoryListing;
import java.util.function.Consumer;

/** An S3 source listed from an S3 Inventory instead of ListObjectsV2 ({@code --inventory}); reads go to the source as ever. */
final class ListingFromInventory extends ForwardingSource {
    private final InventoryListing listing;
    private final String manifest;

    ListingFromInventory(Source s3, InventoryListing listing, String manifest) {
        super(s3);
        this.listing = listing;
        this.manifest = manifest;
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
