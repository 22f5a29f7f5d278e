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
 *   <li>Both ETags say something about content (a remote source: both plain MD5s, or both MD5 composites of the same
 *       part count): skip when they are equal, else send.</li>
 *   <li>The object was written after the source's last change: skip. Stores give whole seconds, so an object time
 *       of the same second as the change (or none) cannot tell the order:</li>
 *   <li>then a file on this machine is read, and skipped when its MD5 (in the object's part layout) equals the
 *       object's ETag; anything else is sent.</li>
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
