package dev.uploader.engine;

/**
 * The part layout a source object was uploaded with.
 *
 * @param certain false when the store would not tell it and it was inferred from the ETag's part count:
 *                a wrong guess only costs the equality of the two ETags, never the content
 */
public record SourceLayout(PartLayout layout, boolean certain) {
}
