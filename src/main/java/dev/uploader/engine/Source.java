package dev.uploader.engine;

import java.util.function.Consumer;

/** Where the bytes come from. */
public interface Source {

    /**
     * Whether the bytes are on this machine: they are read again to prove a part on resume and to check a file after
     * its upload, and no ETag pins them. False for stores, whose reads cost a request each.
     */
    default boolean isLocal() {
        return false;
    }

    /** Ends every read in flight at once (the job was asked to stop); a source of local files has none to end. */
    default void cancelInFlight() {
    }

    /** Human-readable place for messages, such as a folder path. */
    String describe();

    /**
     * Every entry, in {@link KeyOrder} of their relative paths (the order S3 lists keys in: the plan merges this listing
     * with the destination's as both arrive; an entry out of order costs a HEAD, never a wrong decision); what cannot
     * be read is reported to {@code problems} and the listing goes on.
     */
    void list(Consumer<SourceEntry> entries, Consumer<SourceProblem> problems);

    /**
     * As {@link #list(Consumer, Consumer)}, skipping the folders (relative paths without a trailing '/') that
     * {@code folders} refuses, where the source has folders to skip; by default every entry is listed.
     */
    default void list(Consumer<SourceEntry> entries, Consumer<SourceProblem> problems, java.util.function.Predicate<String> folders) {
        list(entries, problems);
    }

    /**
     * The bytes {@code [offset, offset + length)} of an entry, of exactly the version the entry describes.
     * The body may be opened many times (to hash it, to send it, to re-send it). A source that holds the bytes in
     * memory fetches them once into {@code memory}, which the engine reserved with {@link #memoryFor(long)} and
     * gives back after {@link PartBody#release()}.
     */
    PartBody range(SourceEntry entry, long offset, long length, PartMemory memory);

    /**
     * The bytes a body of this length keeps in memory while it is used; the engine reserves them from the job's
     * memory budget before asking for the body. 0 for bodies that read a file each time they are opened.
     */
    default long memoryFor(long length) {
        return 0;
    }

    /** The part layout the source object itself was uploaded with, when it has one to keep (multipart S3). */
    default java.util.Optional<SourceLayout> partLayout(SourceEntry entry) {
        return java.util.Optional.empty();
    }

    /** A whole-object checksum to verify the bytes read against, for a copy with this layout. */
    default java.util.Optional<ContentCheck> contentCheck(SourceEntry entry, PartLayout layout) {
        return java.util.Optional.empty();
    }

    /** Where the destination store could copy this entry from without the bytes passing through here. */
    default java.util.Optional<CopySource> copySource(SourceEntry entry) {
        return java.util.Optional.empty();
    }

    /**
     * The entry as it is now.
     *
     * @throws TransferException.SourceUnreadable when it is gone or cannot be read
     */
    SourceEntry refresh(SourceEntry entry);
}
