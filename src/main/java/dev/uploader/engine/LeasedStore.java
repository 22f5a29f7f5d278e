package dev.uploader.engine;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.WritableByteChannel;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The destination as a job under a {@link Lease} sees it: every write (a part, a PUT, a copy, the start, the
 * completion and the abort of an upload) first asks whether the lease is still held and fails with
 * {@link TransferException.LeaseLost} when it is not; a request body stops being sent once it is lost. A write that
 * makes an object and ends after the lease was lost is told to the lease ({@link Lease#landedLate}) and fails: it may
 * have landed after the copy of the worker that took the job over. Reads and listings go through: they cannot leave a
 * wrong object behind.
 */
final class LeasedStore implements ObjectStore {
    private final ObjectStore inner;
    private final Lease lease;

    LeasedStore(ObjectStore inner, Lease lease) {
        this.inner = inner;
        this.lease = lease;
    }

    private void check(String what, String key) {
        if (!lease.held()) {
            throw new TransferException.LeaseLost("the queue lease of " + key + " was lost before " + what
                    + ": another worker takes the job over; nothing more is sent from here");
        }
    }

    /** After a write that makes an object: ended with the lease lost, it may have landed after another worker's. */
    private StoredObject landed(String what, String key, StoredObject stored) {
        if (!lease.held()) {
            lease.landedLate(key);
            throw new TransferException.LeaseLost("the queue lease of " + key + " was lost while " + what
                    + " was under way: the object is queued to be looked at again");
        }
        return stored;
    }

    /**
     * A write whose request failed without a definite answer (a deadline, a cancel, a cut connection) may still have been
     * carried out by the store, and later than the lease: told like one that ended late. A PUT whose body was never sent
     * whole cannot have landed.
     */
    private RuntimeException failed(String key, RuntimeException e, boolean couldHaveLanded) {
        boolean undecided = !(e instanceof TransferException) || e instanceof TransferException.Retryable;
        if (couldHaveLanded && undecided && !lease.held()) {
            lease.landedLate(key);
        }
        return e;
    }

    /**
     * A body whose bytes stop (the request fails) once the lease is lost: no more is sent from here. {@code whole} is
     * set once every byte of it was handed to the request.
     */
    private PartBody leased(PartBody body, String key, long length, java.util.concurrent.atomic.AtomicBoolean whole) {
        return new PartBody() {
            @Override
            public InputStream open() throws IOException {
                return new FilterInputStream(body.open()) {
                    private long read;

                    @Override
                    public int read() throws IOException {
                        byte[] one = new byte[1];
                        int n = read(one, 0, 1);
                        return n < 0 ? -1 : one[0] & 0xff;
                    }

                    @Override
                    public int read(byte[] b, int off, int len) throws IOException {
                        ensureHeld(key);
                        int n = super.read(b, off, len);
                        if (n > 0) {
                            read += n;
                        }
                        if (n < 0 || read >= length) {
                            whole.set(true);
                        }
                        return n;
                    }
                };
            }

            @Override
            public boolean transferTo(WritableByteChannel out, SliceGate slices) throws IOException {
                boolean sent = body.transferTo(out, n -> {
                    ensureHeld(key);
                    slices.admit(n);
                });
                if (sent) {
                    whole.set(true);
                }
                return sent;
            }

            @Override
            public byte[] md5() throws IOException {
                return body.md5();
            }

            @Override
            public void release() {
                body.release();
            }
        };
    }

    private void ensureHeld(String key) throws IOException {
        if (!lease.held()) {
            throw new IOException("the queue lease of " + key + " was lost: nothing more is sent from here");
        }
    }

    @Override
    public String describe() {
        return inner.describe();
    }

    @Override
    public void checkAccess(String prefix) {
        inner.checkAccess(prefix);
    }

    @Override
    public void listObjects(String prefix, Consumer<RemoteObject> sink) {
        inner.listObjects(prefix, sink);
    }

    @Override
    public Optional<StoreLevel> firstLevel(String prefix) {
        return inner.firstLevel(prefix);
    }

    @Override
    public Optional<RemoteObject> head(String key) {
        return inner.head(key);
    }

    @Override
    public StoredObject putObject(String key, PartBody body, long length, byte[] md5, UploadOptions options) {
        check("its upload", key);
        java.util.concurrent.atomic.AtomicBoolean whole = new java.util.concurrent.atomic.AtomicBoolean(length == 0);
        StoredObject stored;
        try {
            stored = inner.putObject(key, leased(body, key, length, whole), length, md5, options);
        } catch (RuntimeException e) {
            throw failed(key, e, whole.get());
        }
        return landed("its upload", key, stored);
    }

    @Override
    public String createMultipartUpload(String key, UploadOptions options) {
        check("its upload began", key);
        return inner.createMultipartUpload(key, options);
    }

    @Override
    public String uploadPart(String key, String uploadId, int partNumber, PartBody body, long length, byte[] md5) {
        check("part " + partNumber, key);
        return inner.uploadPart(key, uploadId, partNumber, leased(body, key, length, new java.util.concurrent.atomic.AtomicBoolean()), length, md5);
    }

    @Override
    public StoredObject completeMultipartUpload(String key, String uploadId, List<CompletedPart> parts) {
        check("its completion", key);
        StoredObject stored;
        try {
            stored = inner.completeMultipartUpload(key, uploadId, parts);
        } catch (RuntimeException e) {
            throw failed(key, e, true);
        }
        return landed("its completion", key, stored);
    }

    @Override
    public void abortMultipartUpload(String key, String uploadId) {
        // the worker that took the job over may be continuing this very upload
        check("an abort of its upload", key);
        inner.abortMultipartUpload(key, uploadId);
    }

    @Override
    public List<PendingUpload> listMultipartUploads(String prefix) {
        return inner.listMultipartUploads(prefix);
    }

    @Override
    public List<RemotePart> listParts(String key, String uploadId) {
        return inner.listParts(key, uploadId);
    }

    @Override
    public StoredObject copyObject(String key, CopySource from, UploadOptions options) {
        check("its copy", key);
        StoredObject stored;
        try {
            stored = inner.copyObject(key, from, options);
        } catch (RuntimeException e) {
            throw failed(key, e, true);
        }
        return landed("its copy", key, stored);
    }

    @Override
    public void cancelInFlight() {
        inner.cancelInFlight();
    }

    @Override
    public String uploadPartCopy(String key, String uploadId, int partNumber, CopySource from, long offset, long length) {
        check("part " + partNumber, key);
        return inner.uploadPartCopy(key, uploadId, partNumber, from, offset, length);
    }
}
