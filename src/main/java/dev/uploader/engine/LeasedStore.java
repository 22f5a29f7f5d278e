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

    /** A body whose bytes stop (the request fails) once the lease is lost: no more is sent from here. */
    private PartBody leased(PartBody body, String key) {
        return new PartBody() {
            @Override
            public InputStream open() throws IOException {
                return new FilterInputStream(body.open()) {
                    @Override
                    public int read() throws IOException {
                        ensureHeld(key);
                        return super.read();
                    }

                    @Override
                    public int read(byte[] b, int off, int len) throws IOException {
                        ensureHeld(key);
                        return super.read(b, off, len);
                    }
                };
            }

            @Override
            public boolean transferTo(WritableByteChannel out, SliceGate slices) throws IOException {
                return body.transferTo(out, n -> {
                    ensureHeld(key);
                    slices.admit(n);
                });
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
        return landed("its upload", key, inner.putObject(key, leased(body, key), length, md5, options));
    }

    @Override
    public String createMultipartUpload(String key, UploadOptions options) {
        check("its upload began", key);
        return inner.createMultipartUpload(key, options);
    }

    @Override
    public String uploadPart(String key, String uploadId, int partNumber, PartBody body, long length, byte[] md5) {
        check("part " + partNumber, key);
        return inner.uploadPart(key, uploadId, partNumber, leased(body, key), length, md5);
    }

    @Override
    public StoredObject completeMultipartUpload(String key, String uploadId, List<CompletedPart> parts) {
        check("its completion", key);
        return landed("its completion", key, inner.completeMultipartUpload(key, uploadId, parts));
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
        return landed("its copy", key, inner.copyObject(key, from, options));
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
