package dev.uploader.engine;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;

/**
 * A request body that counts its bytes into the file's progress and holds them to the job's bandwidth limit.
 * Only the newest stream counts: when the SDK opens the body again (to re-send it, or after hashing it for a
 * signature) the bytes of the earlier stream are taken back.
 */
final class MeteredBody implements PartBody {
    private final PartBody inner;
    private final ProgressTracker.FileCounter counter;
    private final BandwidthLimiter limiter;
    private long counted;

    MeteredBody(PartBody inner, ProgressTracker.FileCounter counter, BandwidthLimiter limiter) {
        this.inner = inner;
        this.counter = counter;
        this.limiter = limiter;
    }

    @Override
    public synchronized InputStream open() throws IOException {
        rollback();
        return new Metered(inner.open());
    }

    /** Direct from the file only without a limit: the limit wants the small slices of {@link #open()}. */
    @Override
    public boolean transferTo(java.nio.channels.WritableByteChannel out, SliceGate slices) throws IOException {
        if (limiter.limited()) {
            return false;
        }
        rollback();
        return inner.transferTo(out, n -> {
            slices.admit(n);
            count(n);
        });
    }

    /** Takes back what the newest stream counted: the request it belonged to failed. */
    synchronized void rollback() {
        counter.add(-counted);
        counted = 0;
    }

    private synchronized void count(int n) {
        counted += n;
        counter.add(n);
        counter.sent(n);
    }

    private final class Metered extends FilterInputStream {
        Metered(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (limiter.limited()) {
                // ask for small slices so that the limit is smooth even with big buffers
                len = (int) Math.min(len, Math.max(8 * 1024, limiter.bytesPerSecond() / 20));
            }
            int n = super.read(b, off, len);
            if (n > 0) {
                try {
                    limiter.acquire(n);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException("interrupted");
                }
                count(n);
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            byte[] sink = new byte[(int) Math.min(n, 64 * 1024)];
            long skipped = 0;
            while (skipped < n) {
                int r = read(sink, 0, (int) Math.min(sink.length, n - skipped));
                if (r < 0) {
                    break;
                }
                skipped += r;
            }
            return skipped;
        }
    }
}
