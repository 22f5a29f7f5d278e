package dev.uploader.engine;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * The one rule for leaving a file out because its object is already at the destination. It errs toward sending:
 * a wrong skip leaves a wrong object behind, a needless send costs only time.
 *
 * <ol>
 *   <li>No object, or another size: send.</li>
 *   <li>No time for the source (an inventory listing without LastModifiedDate) and no comparable ETag: send.</li>
 *   <li>Both ETags say something about content (a remote source: both plain MD5s, or both MD5 composites of the same
 *       part count): skip when they are equal, else send.</li>
 *   <li>The object was written after the source's last change: skip. Stores give whole seconds, so an object time
 *       of the same second as the change (or none) cannot tell the order:</li>
 *   <li>then a file on this machine is read, and skipped when its MD5 (in the object's part layout) equals the
 *       object's ETag; anything else is sent.</li>
 * </ol>
 *
 * <p>With {@code --checksum} ({@link #byContent}) the time plays no part:
 * <ol>
 *   <li>No object, or another size: send.</li>
 *   <li>Comparable ETags (as above): skip when equal, else send.</li>
 *   <li>A file on this machine and an object whose ETag is an MD5 (plain, or composite of a part count the job's part
 *       size gives): the file is read; skip when its MD5 equals the ETag, else send.</li>
 *   <li>Nothing to compare content with (an ETag that is no MD5, a composite of another part size, a remote source
 *       of another layout): skip on the size alone, and say so ({@link Skip#sizeOnly()}), as rclone does.</li>
 * </ol>
 */
final class SkipRule {
    private SkipRule() {
    }

    /** The ETag a local file would have as an object of {@code partCount} parts (0 for one PUT), or null if unknown. */
    @FunctionalInterface
    interface FileEtag {
        String of(int partCount);
    }

    /** @return why the file need not be sent, or empty when it must be */
    static Optional<String> skip(SourceEntry entry, RemoteObject there, boolean local, FileEtag fileEtag) {
        if (there == null || there.size() != entry.size()) {
            return Optional.empty();
        }
        if (comparableEtags(there.etag(), entry.etag())) {
            return there.etag().equalsIgnoreCase(entry.etag()) ? Optional.of("already at the destination (same size, same ETag)") : Optional.empty();
        }
        if (entry.lastModifiedMillis() <= 0) {
            // no time for the source (an inventory without LastModifiedDate): the order cannot be told, so it is sent
            return Optional.empty();
        }
        Instant changed = Instant.ofEpochMilli(entry.lastModifiedMillis());
        // a store's whole second is the floor of the write time: after the change means written after it
        if (there.lastModified() != null && there.lastModified().isAfter(changed)) {
            return Optional.of("already at the destination (same size, written after the source's last change)");
        }
        boolean orderUnknown = there.lastModified() == null
                || !there.lastModified().isBefore(changed.truncatedTo(ChronoUnit.SECONDS));
        if (local && orderUnknown && Md5.isMd5Form(there.etag())) {
            int parts = Md5.isCompositeEtag(there.etag()) ? Integer.parseInt(there.etag().substring(33)) : 0;
            String mine = fileEtag.of(parts);
            if (mine != null && mine.equalsIgnoreCase(there.etag())) {
                return Optional.of("already at the destination (same size; written in the second of the file's last change, and the"
                        + " file's MD5 equals its ETag)");
            }
        }
        return Optional.empty();
    }

    /** Why an object need not be sent, and whether only its size could be compared. */
    record Skip(String why, boolean sizeOnly) {
    }

    /** The {@code --checksum} rule: content where it can be compared, else size (counted as such). */
    static Optional<Skip> byContent(SourceEntry entry, RemoteObject there, boolean local, FileEtag fileEtag) {
        if (there == null || there.size() != entry.size()) {
            return Optional.empty();
        }
        if (comparableEtags(there.etag(), entry.etag())) {
            return there.etag().equalsIgnoreCase(entry.etag())
                    ? Optional.of(new Skip("already at the destination (same size, same ETag)", false)) : Optional.empty();
        }
        if (local && Md5.isMd5Form(there.etag())) {
            int parts = Md5.isCompositeEtag(there.etag()) ? Integer.parseInt(there.etag().substring(33)) : 0;
            String mine = fileEtag.of(parts);
            if (mine != null) {
                return mine.equalsIgnoreCase(there.etag())
                        ? Optional.of(new Skip("already at the destination (same size, the file's MD5 equals its ETag)", false))
                        : Optional.empty();
            }
        }
        return Optional.of(new Skip("already at the destination (same size; its content could not be compared: no MD5 on both sides)", true));
    }

    /** Both plain MD5s, or both MD5 composites of the same part count; other pairs say nothing about content. */
    static boolean comparableEtags(String object, String source) {
        if (source == null || object == null) {
            return false;
        }
        if (Md5.isPlainEtag(source) && Md5.isPlainEtag(object)) {
            return true;
        }
        return Md5.isCompositeEtag(source) && Md5.isCompositeEtag(object)
                && source.substring(source.indexOf('-')).equals(object.substring(object.indexOf('-')));
    }
}
