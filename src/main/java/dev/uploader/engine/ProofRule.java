package dev.uploader.engine;

/**
 * The one rule for what an upload proved, from what was read and what the store answered. An answer that
 * contradicts what was read is a failed verification; anything it cannot show is left out of the proof.
 */
final class ProofRule {
    private ProofRule() {
    }

    /**
     * What is known once the store has the object.
     *
     * @param sourceEtag            the source object's ETag, null for a local file
     * @param sourceEtagComparable  the object was cut into the source's own parts (or sent whole like it), so equal
     *                              content gives an equal ETag
     * @param layoutGuessed         the source's part size was guessed
     * @param expectedFromBytes     the ETag the MD5s of the bytes read give (null when some part never passed
     *                              through here: copied by the store)
     * @param contentCheckPassed    the bytes read, in order, gave the source's own whole-object checksum
     * @param storedEtag            the object's ETag as the store answered it (or HEAD showed it)
     * @param etagIsContentHash     false when the store said the ETag is no hash of the content (SSE-KMS, SSE-C)
     * @param storedSize            the object's size from HEAD, or null when it was not asked for
     * @param wholeMd5FromBytes     the MD5 of all the source's bytes read again in order, or null when not read
     */
    record Evidence(long size, String sourceEtag, boolean sourceEtagComparable, boolean layoutGuessed, String expectedFromBytes,
                    boolean contentCheckPassed, String storedEtag, boolean etagIsContentHash, Long storedSize, String wholeMd5FromBytes) {
        Evidence(long size, String sourceEtag, boolean sourceEtagComparable, boolean layoutGuessed, String expectedFromBytes,
                 boolean contentCheckPassed, String storedEtag, boolean etagIsContentHash, Long storedSize) {
            this(size, sourceEtag, sourceEtagComparable, layoutGuessed, expectedFromBytes, contentCheckPassed, storedEtag, etagIsContentHash,
                    storedSize, null);
        }
    }

    /**
     * Whether the store answered a multipart upload with a plain MD5 where the part MD5s predict a composite ETag: a
     * store that gives the MD5 of the whole object (s3rver). Only the whole bytes can be compared with it.
     */
    static boolean storeGivesWholeMd5(String storedEtag, boolean etagIsContentHash, String expectedFromBytes) {
        return etagIsContentHash && expectedFromBytes != null && Md5.isCompositeEtag(expectedFromBytes) && Md5.isPlainEtag(storedEtag);
    }

    /** Whether the store's answer alone cannot settle it and HEAD (size, ETag) must be asked. */
    static boolean needsHead(String storedEtag, boolean etagIsContentHash, String expectedFromBytes, boolean sourceEtagComparable,
                             boolean layoutGuessed) {
        return storeGivesWholeMd5(storedEtag, etagIsContentHash, expectedFromBytes) || !etagIsContentHash || !Md5.isMd5Form(storedEtag) || (expectedFromBytes == null && (!sourceEtagComparable || layoutGuessed));
    }

    /**
     * @throws TransferException.VerificationFailed when the object contradicts what was read or the source
     */
    static Proof prove(String place, Evidence e) {
        if (e.storedSize() != null && e.storedSize() != e.size()) {
            throw new TransferException.VerificationFailed(place + " has " + e.storedSize() + " bytes but the source has " + e.size());
        }
        String stored = e.storedEtag();
        if (storeGivesWholeMd5(stored, e.etagIsContentHash(), e.expectedFromBytes())) {
            if (e.wholeMd5FromBytes() != null) {
                if (!stored.equalsIgnoreCase(e.wholeMd5FromBytes())) {
                    throw new TransferException.VerificationFailed(place + " has ETag " + stored + " but the MD5 of the whole file read again is "
                            + e.wholeMd5FromBytes());
                }
                return Proof.WHOLE_MD5;
            }
            if (e.sourceEtag() != null && stored.equalsIgnoreCase(e.sourceEtag())) {
                return Proof.SOURCE_ETAG; // the source's own MD5 ETag (one PUT) equals the object's whole MD5
            }
            requireSize(place, e);
            return Proof.SIZE_ONLY_WHOLE_MD5;
        }
        if (e.etagIsContentHash() && Md5.isMd5Form(stored)) {
            if (e.expectedFromBytes() != null) {
                if (!stored.equalsIgnoreCase(e.expectedFromBytes())) {
                    throw new TransferException.VerificationFailed(place + " has ETag " + stored + " but the bytes read give "
                            + e.expectedFromBytes());
                }
                if (e.sourceEtagComparable() && stored.equalsIgnoreCase(e.sourceEtag())) {
                    return Proof.SOURCE_ETAG;
                }
                if (e.contentCheckPassed()) {
                    return Proof.SOURCE_CHECKSUM;
                }
                return e.sourceEtagComparable() && e.layoutGuessed() ? Proof.LAYOUT_GUESSED : Proof.PART_MD5S;
            }
            if (e.sourceEtagComparable()) {
                if (stored.equalsIgnoreCase(e.sourceEtag())) {
                    return Proof.SOURCE_ETAG;
                }
                if (!e.layoutGuessed()) {
                    throw new TransferException.VerificationFailed(place + " has ETag " + stored + " but the source's is " + e.sourceEtag());
                }
                // copied in guessed parts: another ETag says only that the guess was wrong
            }
            requireSize(place, e);
            return Proof.COPIED;
        }
        requireSize(place, e);
        return e.etagIsContentHash() ? Proof.SIZE_ONLY : Proof.SIZE_ONLY_ENCRYPTED;
    }

    private static void requireSize(String place, Evidence e) {
        if (e.storedSize() == null) {
            throw new IllegalStateException("the size of " + place + " was not looked up");
        }
    }
}
