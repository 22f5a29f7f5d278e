package dev.uploader.engine;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The source object's own ETag recomputed from the bytes read, in order: its plain MD5, or the MD5s of its own parts
 * (when the source told its part layout) where the copy is cut into other parts. So a copy proves its whole content
 * equal to the source's even when its parts, and so its ETag, differ.
 */
public final class EtagCheck implements ContentCheck {
    private final String expected;
    private final PartLayout sourceLayout;
    private final List<byte[]> partMd5s = new ArrayList<>();
    private MessageDigest current = Md5.newDigest();
    private long partLeft;
    private long total;
    private String result;

    private EtagCheck(String expected, PartLayout sourceLayout) {
        this.expected = expected;
        this.sourceLayout = sourceLayout;
        this.partLeft = sourceLayout == null ? Long.MAX_VALUE : sourceLayout.length(1);
    }

    /**
     * The check of a copy cut into {@code copyLayout}, where one is possible and not already made by comparing ETags.
     *
     * @param sourceLayout the source's own parts, when the source told them for certain (never a guess: a wrong guess
     *                     would look like changed content)
     */
    public static Optional<ContentCheck> forCopy(String sourceEtag, Optional<PartLayout> sourceLayout, PartLayout copyLayout) {
        if (Md5.isPlainEtag(sourceEtag)) {
            // one request is held against the ETag directly
            return copyLayout.singleRequest() ? Optional.empty() : Optional.of(new EtagCheck(sourceEtag, null));
        }
        if (Md5.isCompositeEtag(sourceEtag) && sourceLayout.isPresent() && !sourceLayout.get().equals(copyLayout)
                && sourceEtag.endsWith("-" + sourceLayout.get().partCount())) {
            return Optional.of(new EtagCheck(sourceEtag, sourceLayout.get()));
        }
        return Optional.empty();
    }

    @Override
    public void update(byte[] bytes, int offset, int length) {
        total += length;
        while (length > 0) {
            int n = (int) Math.min(length, partLeft);
            current.update(bytes, offset, n);
            offset += n;
            length -= n;
            partLeft -= n;
            if (partLeft == 0 && sourceLayout != null) {
                partMd5s.add(current.digest());
                current = Md5.newDigest();
                int next = partMd5s.size() + 1;
                partLeft = next <= sourceLayout.partCount() ? sourceLayout.length(next) : Long.MAX_VALUE;
            }
        }
    }

    @Override
    public synchronized String mismatch() {
        if (result == null) {
            String got;
            if (sourceLayout == null) {
                got = Md5.hex(current.digest());
            } else {
                if (total != sourceLayout.objectSize()) {
                    return result = "read " + total + " bytes of " + sourceLayout.objectSize();
                }
                got = Md5.multipartEtag(partMd5s);
            }
            result = got.equalsIgnoreCase(expected) ? "" : (sourceLayout == null ? "MD5 of the bytes read is " : "the MD5s of the source's parts give ")
                    + got + ", the source's ETag " + expected;
        }
        return result.isEmpty() ? null : result;
    }
}
