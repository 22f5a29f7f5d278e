package dev.uploader.engine;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * An in-memory S3 for the engine's decision tests: checks Content-MD5, gives MD5 and MD5-composite ETags, refuses
 * a completion naming a part it does not hold (InvalidPart), and answers NoSuchUpload for an upload that is gone.
 * It stands in for a real server only where a test must stop the process at an exact request ("kill") or lose
 * one answer; the end-to-end tests run the same scenarios against S3Proxy with real processes.
 */
final class FakeStore implements ObjectStore {
    /** The process died at this request: nothing after it happens, like SIGKILL. */
    static final class Killed extends RuntimeException {
        Killed() {
            super("killed (test)", null, false, false);
        }
    }

    record Stored(byte[] bytes, String etag) {
    }

    private record Upload(String key, Instant initiated, Map<Integer, Stored> parts) {
    }

    private final Map<String, Stored> objects = new TreeMap<>();
    private final Map<String, Upload> uploads = new LinkedHashMap<>();
    private final AtomicInteger nextId = new AtomicInteger();
    private long clock = 1_000_000;
    private int killAfterParts = -1;
    private boolean dead;
    private boolean loseNextCompleteAnswer;
    private boolean loseNextCreateAnswer;
    private boolean cannotListUploads;
    private boolean slowDownNextCreate;
    private boolean abortsFail;
    private boolean refuseNextPart;
    private int partsUntilHook = -1;
    private Runnable hook;
    final AtomicInteger partsReceived = new AtomicInteger();
    final AtomicLong bytesReceived = new AtomicLong();
    final AtomicInteger aborts = new AtomicInteger();

    /** After {@code parts} more parts are stored, the next request (and every one after it) dies. */
    synchronized void killAfterParts(int parts) {
        killAfterParts = parts;
    }

    /** A new process: requests go through again. */
    synchronized void revive() {
        dead = false;
        killAfterParts = -1;
    }

    /** The next completion happens, but its answer is lost (a reset after the store finished). */
    synchronized void loseNextCompleteAnswer() {
        loseNextCompleteAnswer = true;
    }

    /** The next new upload is made, but its answer is lost: a retry makes another. */
    synchronized void loseNextCreateAnswer() {
        loseNextCreateAnswer = true;
    }

    /** ListMultipartUploads answers 501, as s3rver does. */
    synchronized void cannotListUploads() {
        cannotListUploads = true;
    }

    /** The next CreateMultipartUpload is answered 503 SlowDown: the store did nothing. */
    synchronized void slowDownNextCreate() {
        slowDownNextCreate = true;
    }

    /** The next part's bytes are read whole, then refused (as BadDigest would be): its bytes went for nothing. */
    synchronized void refuseNextPartAfterReadingIt() {
        refuseNextPart = true;
    }

    /** Every abort fails as an unreachable store would. */
    synchronized void failAborts() {
        abortsFail = true;
    }

    private volatile Runnable duringPut = () -> { };

    private volatile Runnable duringComplete = () -> { };

    /** Runs {@code action} in every completion, once the object is stored and before it is answered. */
    void duringComplete(Runnable action) {
        duringComplete = action;
    }

    /** Runs {@code action} in every PUT of a whole object, after its body was read and before it is stored. */
    void duringPut(Runnable action) {
        duringPut = action;
    }

    /** Runs {@code action} once {@code parts} more parts are stored (a file deleted during its upload ...). */
    synchronized void afterParts(int parts, Runnable action) {
        partsUntilHook = parts;
        hook = action;
    }

    synchronized void resetCounters() {
        partsReceived.set(0);
        bytesReceived.set(0);
        aborts.set(0);
    }

    synchronized Optional<Stored> object(String key) {
        return Optional.ofNullable(objects.get(key));
    }

    synchronized List<String> unfinishedUploadIds() {
        return new ArrayList<>(uploads.keySet());
    }

    /** The parts of the only unfinished upload of a key. */
    synchronized Map<Integer, Stored> partsOf(String key) {
        return uploads.values().stream().filter(u -> u.key.equals(key)).findFirst().map(u -> new TreeMap<>(u.parts)).orElseThrow();
    }

    /** Replaces a stored part's bytes (a half-written or foreign part), keeping its number. */
    synchronized void corruptPart(String key, int partNumber) {
        Upload u = uploads.values().stream().filter(x -> x.key.equals(key)).findFirst().orElseThrow();
        byte[] bytes = u.parts.get(partNumber).bytes().clone();
        bytes[0] ^= 1;
        u.parts.put(partNumber, new Stored(bytes, Md5.hex(Md5.of(bytes, 0, bytes.length))));
    }

    private void alive() {
        if (dead) {
            throw new Killed();
        }
    }

    @Override
    public String describe() {
        return "fake://bucket";
    }

    @Override
    public synchronized void checkAccess(String prefix) {
        alive();
    }

    @Override
    public synchronized void listObjects(String prefix, Consumer<RemoteObject> sink) {
        alive();
        objects.forEach((k, o) -> {
            if (k.startsWith(prefix)) {
                sink.accept(new RemoteObject(k, o.bytes.length, Instant.ofEpochMilli(clock), o.etag));
            }
        });
    }

    @Override
    public synchronized Optional<RemoteObject> head(String key) {
        alive();
        return Optional.ofNullable(objects.get(key)).map(o -> new RemoteObject(key, o.bytes.length, Instant.ofEpochMilli(clock), o.etag));
    }

    private static byte[] read(PartBody body, long length, byte[] md5) {
        try (InputStream in = body.open()) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            in.transferTo(out);
            byte[] bytes = out.toByteArray();
            if (bytes.length != length) {
                throw new TransferException.Retryable("IncompleteBody (fake)", null);
            }
            if (!Arrays.equals(Md5.of(bytes, 0, bytes.length), md5)) {
                throw new TransferException.Retryable("BadDigest (fake)", null);
            }
            return bytes;
        } catch (IOException e) {
            throw new TransferException.Retryable(e.getMessage(), e);
        }
    }

    @Override
    public StoredObject putObject(String key, PartBody body, long length, byte[] md5, UploadOptions options) {
        synchronized (this) {
            alive();
        }
        byte[] bytes = read(body, length, md5);
        duringPut.run();
        synchronized (this) {
            alive();
            bytesReceived.addAndGet(length);
            objects.put(key, new Stored(bytes, Md5.hex(md5)));
            return new StoredObject(Md5.hex(md5), true);
        }
    }

    @Override
    public synchronized String createMultipartUpload(String key, UploadOptions options) {
        alive();
        if (slowDownNextCreate) {
            slowDownNextCreate = false;
            throw new TransferException.Retryable("SlowDown (fake): HTTP 503", null);
        }
        String id = "upload-" + nextId.incrementAndGet();
        uploads.put(id, new Upload(key, Instant.ofEpochMilli(clock++), new TreeMap<>()));
        if (loseNextCreateAnswer) {
            loseNextCreateAnswer = false;
            throw new TransferException.Retryable("connection reset (fake): the answer to a new upload was lost",
                    new java.net.SocketException("Connection reset"));
        }
        return id;
    }

    @Override
    public String uploadPart(String key, String uploadId, int partNumber, PartBody body, long length, byte[] md5) {
        synchronized (this) {
            alive();
            if (killAfterParts == 0) {
                dead = true;
                throw new Killed();
            }
        }
        byte[] bytes = read(body, length, md5);
        synchronized (this) {
            alive();
            if (refuseNextPart) {
                refuseNextPart = false;
                throw new TransferException.Retryable("RequestTimeout (fake): the part is sent again", null);
            }
            Upload u = uploads.get(uploadId);
            if (u == null) {
                throw new TransferException.UploadGone("NoSuchUpload (fake)", null);
            }
            u.parts.put(partNumber, new Stored(bytes, Md5.hex(md5)));
            partsReceived.incrementAndGet();
            bytesReceived.addAndGet(length);
            if (killAfterParts > 0) {
                killAfterParts--;
            }
            if (partsUntilHook > 0 && --partsUntilHook == 0) {
                hook.run();
            }
            return Md5.hex(md5);
        }
    }

    @Override
    public synchronized StoredObject completeMultipartUpload(String key, String uploadId, List<CompletedPart> parts) {
        alive();
        Upload u = uploads.get(uploadId);
        if (u == null) {
            throw new TransferException.UploadGone("NoSuchUpload (fake)", null);
        }
        ByteArrayOutputStream whole = new ByteArrayOutputStream();
        List<byte[]> md5s = new ArrayList<>();
        for (CompletedPart p : parts) {
            Stored s = u.parts.get(p.partNumber());
            if (s == null || !s.etag.equalsIgnoreCase(p.etag())) {
                throw new TransferException.UploadGone("InvalidPart (fake): part " + p.partNumber(), null);
            }
            whole.writeBytes(s.bytes);
            md5s.add(java.util.HexFormat.of().parseHex(s.etag));
        }
        String etag = Md5.multipartEtag(md5s);
        objects.put(key, new Stored(whole.toByteArray(), etag));
        uploads.remove(uploadId);
        duringComplete.run();
        if (loseNextCompleteAnswer) {
            loseNextCompleteAnswer = false;
            throw new TransferException.Retryable("connection reset (fake): the answer to the completion was lost", null);
        }
        return new StoredObject(etag, true);
    }

    @Override
    public synchronized void abortMultipartUpload(String key, String uploadId) {
        alive();
        if (abortsFail) {
            throw new TransferException.Retryable("cannot connect (fake)", null);
        }
        if (uploads.remove(uploadId) == null) {
            throw new TransferException.UploadGone("NoSuchUpload (fake)", null);
        }
        aborts.incrementAndGet();
    }

    @Override
    public synchronized List<PendingUpload> listMultipartUploads(String prefix) {
        alive();
        if (cannotListUploads) {
            throw new TransferException.Unsupported("listing unfinished uploads: HTTP 501 Not Implemented (fake)", null);
        }
        return uploads.entrySet().stream().filter(e -> e.getValue().key.startsWith(prefix))
                .map(e -> new PendingUpload(e.getValue().key, e.getKey(), e.getValue().initiated))
                .sorted(Comparator.comparing(PendingUpload::key)).toList();
    }

    @Override
    public synchronized List<RemotePart> listParts(String key, String uploadId) {
        alive();
        Upload u = uploads.get(uploadId);
        if (u == null) {
            throw new TransferException.UploadGone("NoSuchUpload (fake)", null);
        }
        return u.parts.entrySet().stream().map(e -> new RemotePart(e.getKey(), e.getValue().bytes.length, e.getValue().etag)).toList();
    }
}
