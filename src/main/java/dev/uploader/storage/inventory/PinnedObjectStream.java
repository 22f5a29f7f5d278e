package dev.uploader.storage.inventory;

import dev.uploader.engine.RetryPolicy;
import dev.uploader.engine.TransferException;
import dev.uploader.storage.s3.S3Bucket;
import java.io.InputStream;

/**
 * One object read front to back as successive ranged GETs of at most {@code chunk} bytes, each pinned to the ETag seen
 * by HEAD (a replaced object fails the read instead of mixing two versions) and each retried on its own. Holds one chunk.
 */
final class PinnedObjectStream extends InputStream {
    private final S3Bucket bucket;
    private final String key;
    private final String etag;
    private final long size;
    private final RetryPolicy retry;
    private final byte[] buffer;
    private long nextOffset;
    private int filled;
    private int position;

    PinnedObjectStream(S3Bucket bucket, String key, String etag, long size, int chunk, RetryPolicy retry) {
        this.bucket = bucket;
        this.key = key;
        this.etag = etag;
        this.size = size;
        this.retry = retry;
        this.buffer = new byte[(int) Math.max(1, Math.min(chunk, size))];
    }

    @Override
    public int read() {
        if (!ensureBuffered()) {
            return -1;
        }
        return buffer[position++] & 0xff;
    }

    @Override
    public int read(byte[] into, int off, int len) {
        if (len == 0) {
            return 0;
        }
        if (!ensureBuffered()) {
            return -1;
        }
        int n = Math.min(len, filled - position);
        System.arraycopy(buffer, position, into, off, n);
        position += n;
        return n;
    }

    /**
     * What is left of the object, fetched or not: GZIPInputStream looks for a further gzip member only when its input says
     * more is available, and a chunk boundary right after a member must not end the file early.
     */
    @Override
    public int available() {
        return (int) Math.min(Integer.MAX_VALUE, filled - position + (size - nextOffset));
    }

    private boolean ensureBuffered() {
        if (position < filled) {
            return true;
        }
        if (nextOffset >= size) {
            return false;
        }
        int length = (int) Math.min(buffer.length, size - nextOffset);
        long offset = nextOffset;
        try {
            retry.call("read s3://" + bucket.bucket() + "/" + key, () -> {
                bucket.getRange(key, etag, null, offset, length, buffer);
                return null;
            });
        } catch (TransferException.SourceChanged e) {
            throw new TransferException.Fatal("s3://" + bucket.bucket() + "/" + key + " changed while it was read (" + e.getMessage()
                    + "); run the job again once the inventory is complete", e);
        }
        nextOffset += length;
        filled = length;
        position = 0;
        return true;
    }
}
