package dev.uploader.engine;

/**
 * A checksum of the whole source object that the source vouches for (an MD5 ETag, OSS's CRC64), computed
 * over the bytes read, in order, and compared before the upload is completed.
 */
public interface ContentCheck {

    void update(byte[] bytes, int offset, int length);

    /** Null when the bytes read match the source's checksum, else what differs. */
    String mismatch();
}
