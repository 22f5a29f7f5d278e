package dev.uploader.engine;

/**
 * What was shown about one object after its upload, strongest first. The summary, the log and the report say
 * this and nothing more: "verified" never stands for more than the words here.
 */
public enum Proof {
    /** The object's ETag equals the source object's own ETag (same part layout, MD5 forms on both sides). */
    SOURCE_ETAG("ETag equals the source's"),
    /**
     * The bytes read give the source's own whole-object checksum (its MD5 ETag, the MD5s of its own parts, OSS's
     * CRC64), and the object's ETag equals the MD5s of the parts sent.
     */
    SOURCE_CHECKSUM("the bytes read give the source's own checksum, and the ETag their part MD5s"),
    /** The object's ETag equals the MD5 of every part as read from the source (now, or in the run that sent it). */
    PART_MD5S("every part's MD5 from the source bytes"),
    /**
     * The store would not tell the source's part size and the guess differs from it, so the ETags cannot be
     * equal; every part was read pinned to the source's ETag and the object's ETag equals their MD5s.
     */
    LAYOUT_GUESSED("layout guessed: content checked by MD5 of the bytes read"),
    /**
     * A store whose ETag of a multipart object is the MD5 of the whole object (s3rver, some gateways): the file was read
     * again from its start and the MD5 of all its bytes equals that ETag.
     */
    WHOLE_MD5("ETag equals the MD5 of the whole file, read again"),
    /** The store copied the object itself from the pinned source version; its ETag says nothing comparable. */
    COPIED("copied server-side from the pinned source version; size checked"),
    /** SSE-KMS or SSE-C: the ETag is no MD5. Each part passed its Content-MD5 on the way in. */
    SIZE_ONLY_ENCRYPTED("size only (SSE-KMS or SSE-C); each part passed its Content-MD5"),
    /** The store's ETags are not MD5s (some S3-compatible stores). Each part passed its Content-MD5 on the way in. */
    SIZE_ONLY("size only (the store's ETag is no MD5); each part passed its Content-MD5"),
    /**
     * The store's ETag of a multipart object is a whole-object MD5, which the part MD5s cannot predict, and the source
     * was not read again (a remote source). Each part passed its Content-MD5 on the way in.
     */
    SIZE_ONLY_WHOLE_MD5("size only (the store's ETag is a whole-object MD5, not comparable with part MD5s); each part passed its Content-MD5");

    private final String words;

    Proof(String words) {
        this.words = words;
    }

    /** What was shown, in words for people: the summary, the log and the report use these. */
    public String words() {
        return words;
    }
}
