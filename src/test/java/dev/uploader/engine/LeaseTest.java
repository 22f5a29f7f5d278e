package dev.uploader.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * A job under a cluster worker's lease: once the lease is lost nothing more is written and the upload is never
 * completed, so that the worker that took the message over is never overwritten. Over the in-memory store: the test
 * loses the lease after an exact part, which no real queue can time.
 */
class LeaseTest {
    private static final long MIB = 1024 * 1024;
    private final FakeStore store = new FakeStore();
    private final InMemoryLedger ledger = new InMemoryLedger();

    private JobResult run(Source source, Lease lease) {
        UploadJob job = new UploadJob(source, store, "dst", new JobSettings(5, 2, 1, 1, null, false, false, 0, 64 * MIB),
                ProgressListener.NONE, new RetryPolicy(2, Duration.ZERO, Duration.ZERO, d -> { }), ledger, false,
                UploadJob.Selection.ALL, new UploadJob.Shared(lease, null, null));
        return job.run();
    }

    @Test
    void run_leaseLostAfterTwoParts_noMorePartsAndNoCompletionAndTheUploadLeftToResume() {
        FakeRemoteSource source = new FakeRemoteSource();
        source.put("object.bin", dev.uploader.testing.TestFiles.bytes(23 * MIB, 7));
        AtomicBoolean held = new AtomicBoolean(true);
        store.afterParts(2, () -> held.set(false));

        JobResult result = run(source, held::get);

        FileOutcome f = result.files().get(0);
        assertEquals(FileOutcome.Status.FAILED, f.status(), f.detail());
        assertTrue(store.object("dst/object.bin").isEmpty(), "never completed");
        assertTrue(store.partsReceived.get() <= 3, "no part started after the lease was lost, at most the one in flight: "
                + store.partsReceived.get());
        assertEquals(1, store.unfinishedUploadIds().size(), "the upload stays for the worker that takes the job over (not aborted)");
    }

    @Test
    void run_leaseLostBeforeTheJob_nothingPut() {
        FakeRemoteSource source = new FakeRemoteSource();
        source.put("small.txt", dev.uploader.testing.TestFiles.bytes(1000, 8));

        JobResult result = run(source, () -> false);

        assertTrue(result.files().stream().noneMatch(f -> f.status() == FileOutcome.Status.UPLOADED), result.files().toString());
        assertTrue(store.object("dst/small.txt").isEmpty(), "nothing written without the lease");
    }

    @Test
    void run_leaseHeldThroughout_uploadedAsWithoutOne() {
        FakeRemoteSource source = new FakeRemoteSource();
        byte[] data = dev.uploader.testing.TestFiles.bytes(12 * MIB, 9);
        source.put("object.bin", data);

        JobResult result = run(source, () -> true);

        assertEquals(FileOutcome.Status.UPLOADED, result.files().get(0).status(), result.files().get(0).detail());
        assertTrue(java.util.Arrays.equals(data, store.object("dst/object.bin").orElseThrow().bytes()));
    }

    /** A lease a test turns off, which remembers the writes told to have landed after it was lost. */
    private static final class SwitchedLease implements Lease {
        final AtomicBoolean on = new AtomicBoolean(true);
        final java.util.Set<String> late = java.util.concurrent.ConcurrentHashMap.newKeySet();

        @Override
        public boolean held() {
            return on.get();
        }

        @Override
        public void landedLate(String key) {
            late.add(key);
        }
    }

    @Test
    void run_leaseLostWhileThePutWasUnderWay_objectToldAsLandedLateAndNotCalledDone() {
        FakeRemoteSource source = new FakeRemoteSource();
        source.put("small.txt", dev.uploader.testing.TestFiles.bytes(1000, 8));
        SwitchedLease lease = new SwitchedLease();
        store.duringPut(() -> lease.on.set(false));

        JobResult result = run(source, lease);

        FileOutcome f = result.files().get(0);
        assertEquals(FileOutcome.Status.FAILED, f.status(), "a write that ended after the lease was lost proves nothing: " + f.detail());
        assertEquals(java.util.Set.of("dst/small.txt"), lease.late, "told, so that the worker has the object looked at again");
    }

    @Test
    void putObject_leaseLostWhileTheBodyIsSent_requestFailsAndNothingIsStored() {
        SwitchedLease lease = new SwitchedLease();
        byte[] data = dev.uploader.testing.TestFiles.bytes(4 * MIB, 3);
        java.util.concurrent.atomic.AtomicLong read = new java.util.concurrent.atomic.AtomicLong();
        PartBody body = () -> new java.io.FilterInputStream(new java.io.ByteArrayInputStream(data)) {
            @Override
            public int read(byte[] b, int off, int len) throws java.io.IOException {
                int n = super.read(b, off, Math.min(len, 64 * 1024));
                if (n > 0 && read.addAndGet(n) >= MIB) {
                    lease.on.set(false);
                }
                return n;
            }
        };
        LeasedStore leased = new LeasedStore(store, lease);

        org.junit.jupiter.api.Assertions.assertThrows(TransferException.class, () -> leased.putObject("dst/big.bin", body, data.length,
                Md5.of(data, 0, data.length), new UploadOptions(null, null)));

        assertTrue(store.object("dst/big.bin").isEmpty(), "the request failed half way");
        assertTrue(read.get() < 2 * MIB, "no more bytes sent once the lease was lost: " + read.get());
        assertTrue(lease.late.isEmpty(), "nothing landed");
    }

    @Test
    void run_completionCarriedOutButItsAnswerLostAfterTheLeaseWasLost_toldAsLandedLate() {
        FakeRemoteSource source = new FakeRemoteSource();
        source.put("object.bin", dev.uploader.testing.TestFiles.bytes(12 * MIB, 5));
        SwitchedLease lease = new SwitchedLease();
        store.loseNextCompleteAnswer();
        store.duringComplete(() -> lease.on.set(false));

        JobResult result = run(source, lease);

        assertEquals(FileOutcome.Status.FAILED, result.files().get(0).status(), result.files().get(0).detail());
        assertEquals(java.util.Set.of("dst/object.bin"), lease.late, "a request without a definite answer may have been carried out");
    }
}
