package dev.uploader.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.uploader.storage.local.LocalDirectorySource;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The resume decision, part scheduling and completion together, over an in-memory store (see {@link FakeStore}: a
 * test double, because these tests stop the "process" at an exact request and lose one exact answer). Each case
 * ends with the object byte for byte equal to the source and with what the run says it proved.
 */
class MultipartResumeTest {
    private static final long MIB = 1024L * 1024;
    private static final String KEY = "dst/object.bin";

    @TempDir
    Path dir;

    private final FakeStore store = new FakeStore();
    private final InMemoryLedger ledger = new InMemoryLedger();
    private final List<String> notices = new ArrayList<>();

    private static byte[] bytes(long size, long seed) {
        byte[] data = new byte[(int) size];
        new Random(seed).nextBytes(data);
        return data;
    }

    private JobResult run(Source source, int chunkMiB) {
        return run(source, chunkMiB, 64 * MIB);
    }

    private JobResult run(Source source, int chunkMiB, long memoryBudget) {
        return run(source, chunkMiB, memoryBudget, 1);
    }

    private JobResult run(Source source, int chunkMiB, long memoryBudget, int maxThread) {
        ProgressListener listener = new ProgressListener() {
            @Override
            public void notice(String message) {
                synchronized (notices) {
                    notices.add(message);
                }
            }
        };
        UploadJob job = new UploadJob(source, store, "dst", new JobSettings(chunkMiB, 2, maxThread, 1, null, false, false, 0, memoryBudget),
                listener, new RetryPolicy(2, Duration.ZERO, Duration.ZERO, d -> { }), ledger, false);
        return job.run();
    }

    /** A run that dies (like SIGKILL) once {@code parts} parts are stored; then the next process starts. */
    private void runKilledAfter(Source source, int chunkMiB, int parts) {
        store.killAfterParts(parts);
        JobResult killed = run(source, chunkMiB);
        assertFalse(killed.success(), "the run was killed");
        store.revive();
        store.resetCounters();
    }

    private FileOutcome only(JobResult result) {
        assertEquals(1, result.files().size(), result.toString());
        return result.files().get(0);
    }

    private void assertStored(byte[] expected) {
        assertArrayEquals(expected, store.object(KEY).orElseThrow().bytes(), "the object is byte for byte the source");
        assertTrue(store.unfinishedUploadIds().isEmpty(), "nothing left unfinished: " + store.unfinishedUploadIds());
    }

    // ---- remote sources: parts kept by the record of the same source version ----

    @Test
    void resume_remoteKilledMidUpload_keepsRecordedPartsAndSendsOnlyTheRest() {
        FakeRemoteSource source = new FakeRemoteSource();
        byte[] data = bytes(23 * MIB, 1);
        source.put("object.bin", data);
        runKilledAfter(source, 5, 2);

        JobResult result = run(source, 5);

        FileOutcome f = only(result);
        assertEquals(FileOutcome.Status.UPLOADED, f.status(), f.detail());
        assertEquals(2, f.partsReused());
        assertEquals(3, store.partsReceived.get(), "parts 3 to 5 only");
        assertEquals(23 * MIB - 10 * MIB, store.bytesReceived.get());
        assertEquals(Proof.PART_MD5S, f.proof(), f.detail());
        assertStored(data);
        assertEquals(0, ledger.size(), "the record goes with its completed upload");
    }

    @Test
    void resume_remotePartAtTheStoreNotAsRecorded_thatPartSentAgain() {
        FakeRemoteSource source = new FakeRemoteSource();
        byte[] data = bytes(23 * MIB, 2);
        source.put("object.bin", data);
        runKilledAfter(source, 5, 3);
        store.corruptPart(KEY, 2);

        FileOutcome f = only(run(source, 5));

        assertEquals(FileOutcome.Status.UPLOADED, f.status(), f.detail());
        assertEquals(2, f.partsReused(), "parts 1 and 3");
        assertEquals(3, store.partsReceived.get(), "part 2 again, and parts 4 and 5");
        assertStored(data);
    }

    @Test
    void resume_remoteWithoutRecord_abortsTheUploadAndSendsEveryPart() {
        FakeRemoteSource source = new FakeRemoteSource();
        byte[] data = bytes(23 * MIB, 3);
        source.put("object.bin", data);
        runKilledAfter(source, 5, 2);
        ledger.forgetAll();

        FileOutcome f = only(run(source, 5));

        assertEquals(FileOutcome.Status.UPLOADED, f.status(), f.detail());
        assertEquals(0, f.partsReused());
        assertEquals(5, store.partsReceived.get());
        assertEquals(1, store.aborts.get(), "the upload no record vouches for is aborted, not continued");
        assertTrue(String.join("\n", notices).contains("no resume record"), notices.toString());
        assertStored(data);
    }

    @Test
    void resume_remoteSourceReplacedBetweenTwoInterruptions_newVersionWholeNoOldPartKept() {
        FakeRemoteSource source = new FakeRemoteSource();
        byte[] first = bytes(23 * MIB, 4);
        source.put("object.bin", first);
        runKilledAfter(source, 5, 3);
        byte[] second = bytes(23 * MIB, 5); // a new version of the same size
        source.put("object.bin", second);
        runKilledAfter(source, 5, 1);        // the second run re-sends a part of the new version, then dies

        FileOutcome f = only(run(source, 5));

        assertEquals(FileOutcome.Status.UPLOADED, f.status(), f.detail());
        assertEquals(1, f.partsReused(), "only the part the second run sent of the new version");
        assertEquals(4, store.partsReceived.get());
        assertStored(second);
        assertTrue(String.join("\n", notices).contains("another version of the source"), notices.toString());
    }

    @Test
    void resume_remoteLostCompleteAnswer_objectCompletedOnceAndVerified() {
        FakeRemoteSource source = new FakeRemoteSource();
        byte[] data = bytes(12 * MIB, 6);
        source.putInParts("object.bin", data, 5 * MIB);
        store.loseNextCompleteAnswer();

        FileOutcome f = only(run(source, 5));

        assertEquals(FileOutcome.Status.UPLOADED, f.status(), f.detail());
        assertEquals(3, store.partsReceived.get(), "no part sent twice");
        assertEquals(Proof.SOURCE_ETAG, f.proof(), "the copy keeps the source's parts: " + f.detail());
        assertStored(data);
    }

    @Test
    void resume_remoteChunkSizeChangedBetweenRuns_continuesWithTheRecordsPartSize() {
        FakeRemoteSource source = new FakeRemoteSource();
        byte[] data = bytes(23 * MIB, 7);
        source.put("object.bin", data);
        runKilledAfter(source, 5, 2);

        FileOutcome f = only(run(source, 8));

        assertEquals(FileOutcome.Status.UPLOADED, f.status(), f.detail());
        assertEquals(2, f.partsReused());
        assertEquals(5, f.partCount(), "still 5 MiB parts");
        assertStored(data);
    }

    // ---- memory: a source cut into parts larger than the budget allows ----

    @Test
    void upload_sourcePartsOverAQuarterOfTheBudget_ownSmallerPartsWholeContentChecked() {
        FakeRemoteSource source = new FakeRemoteSource();
        byte[] data = bytes(30 * MIB, 8);
        source.putInParts("object.bin", data, 12 * MIB);

        FileOutcome f = only(run(source, 5, 16 * MIB));

        assertEquals(FileOutcome.Status.UPLOADED, f.status(), f.detail());
        assertEquals(6, f.partCount(), "5 MiB parts: 12 MiB ones would take most of a 16 MiB budget");
        assertEquals(Proof.SOURCE_CHECKSUM, f.proof(), "the source's own ETag recomputed from the bytes read: " + f.detail());
        assertStored(data);
    }

    @Test
    void upload_partsInParallelAndAReadResetOnce_everyPartCheckedInOrderNoHang() {
        FakeRemoteSource source = new FakeRemoteSource();
        byte[] data = bytes(33 * MIB, 13);
        source.put("object.bin", data); // one PUT: the copy is checked by the MD5 of every byte in order
        source.failNextReads(2);

        FileOutcome f = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> only(run(source, 5, 64 * MIB, 4)));

        assertEquals(FileOutcome.Status.UPLOADED, f.status(), f.detail());
        assertEquals(Proof.SOURCE_CHECKSUM, f.proof(), f.detail());
        assertStored(data);
    }

    // ---- local files: parts read again ----

    private Path file(byte[] data) throws Exception {
        Path file = dir.resolve("object.bin");
        Files.write(file, data);
        return file;
    }

    @Test
    void resume_localKilledMidUpload_partsReadAgainAndKept() throws Exception {
        byte[] data = bytes(23 * MIB, 9);
        file(data);
        Source source = new LocalDirectorySource(dir, null);
        runKilledAfter(source, 5, 2);

        FileOutcome f = only(run(source, 5));

        assertEquals(FileOutcome.Status.UPLOADED, f.status(), f.detail());
        assertEquals(2, f.partsReused());
        assertEquals(3, store.partsReceived.get());
        assertEquals(Proof.PART_MD5S, f.proof());
        assertEquals(0, ledger.starts, "local files need no record: their bytes are read again");
        assertStored(data);
    }

    @Test
    void resume_localFileChangedInAStoredPart_thatPartSentAgain() throws Exception {
        byte[] data = bytes(23 * MIB, 10);
        Path file = file(data);
        Source source = new LocalDirectorySource(dir, null);
        runKilledAfter(source, 5, 3);
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.seek(6 * MIB);
            raf.write(new byte[] {1, 2, 3});
        }
        byte[] changed = Files.readAllBytes(file);

        FileOutcome f = only(run(source, 5));

        assertEquals(FileOutcome.Status.UPLOADED, f.status(), f.detail());
        assertEquals(2, f.partsReused(), "parts 1 and 3 still hold the file's bytes; part 2 does not");
        assertEquals(3, store.partsReceived.get());
        assertStored(changed);
    }

    @Test
    void resume_localChunkSizeChanged_continuesWithTheUploadsPartSize() throws Exception {
        byte[] data = bytes(23 * MIB, 11);
        file(data);
        Source source = new LocalDirectorySource(dir, null);
        runKilledAfter(source, 8, 1);

        FileOutcome f = only(run(source, 5));

        assertEquals(FileOutcome.Status.UPLOADED, f.status(), f.detail());
        assertEquals(1, f.partsReused());
        assertEquals(3, f.partCount(), "8 MiB parts, as the upload was started");
        assertTrue(String.join("\n", notices).contains("with its part size of 8 MiB"), notices.toString());
        assertStored(data);
    }

    @Test
    void resume_localLostCompleteAnswer_uploadedOnce() throws Exception {
        byte[] data = bytes(12 * MIB, 12);
        file(data);
        store.loseNextCompleteAnswer();

        FileOutcome f = only(run(new LocalDirectorySource(dir, null), 5));

        assertEquals(FileOutcome.Status.UPLOADED, f.status(), f.detail());
        assertEquals(3, store.partsReceived.get());
        assertStored(data);
    }

    // ---- nothing left behind ----

    @Test
    void upload_answerToANewUploadLost_retryMakesAnotherAndTheStrayIsAborted() throws Exception {
        byte[] data = bytes(12 * MIB, 14);
        file(data);
        store.loseNextCreateAnswer();

        JobResult result = run(new LocalDirectorySource(dir, null), 5);

        assertEquals(FileOutcome.Status.UPLOADED, only(result).status(), only(result).detail());
        assertEquals(1, store.aborts.get(), "the upload whose answer was lost");
        assertStored(data);
        assertTrue(result.success());
    }

    @Test
    void upload_newUploadAnswered503ThenMade_noStraySearchedNothingAborted() throws Exception {
        byte[] data = bytes(12 * MIB, 16);
        file(data);
        store.slowDownNextCreate();
        store.cannotListUploads(); // a search for strays would be said as an upload left behind

        JobResult result = run(new LocalDirectorySource(dir, null), 5);

        assertEquals(FileOutcome.Status.UPLOADED, only(result).status(), only(result).detail());
        assertEquals(0, store.aborts.get());
        assertTrue(result.leftBehind().isEmpty(), result.leftBehind().toString());
        assertTrue(result.success());
    }

    @Test
    void upload_answerToANewUploadLostOnAStoreWithoutUploadListing_strayCannotBeFoundAndIsSaid() throws Exception {
        byte[] data = bytes(12 * MIB, 17);
        file(data);
        store.loseNextCreateAnswer();
        store.cannotListUploads();

        JobResult result = run(new LocalDirectorySource(dir, null), 5);

        assertEquals(FileOutcome.Status.UPLOADED, only(result).status(), only(result).detail());
        assertArrayEquals(data, store.object(KEY).orElseThrow().bytes(), "the object is byte for byte the source");
        assertEquals(1, store.unfinishedUploadIds().size(), "the upload the lost answer made");
        assertEquals(1, result.leftBehind().size(), "the upload the lost answer made is still at the store, unseen");
        assertTrue(result.leftBehind().get(0).why().contains("cannot list"), result.leftBehind().get(0).why());
        assertFalse(result.success(), "never OK while an upload may be left behind");
    }

    @Test
    void upload_fileDeletedDuringItsUpload_failsSayingSoAndItsUploadIsAborted() throws Exception {
        byte[] data = bytes(23 * MIB, 15);
        Path file = file(data);
        store.afterParts(2, () -> {
            try {
                Files.delete(file);
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
        });

        FileOutcome f = only(run(new LocalDirectorySource(dir, null), 5));

        assertEquals(FileOutcome.Status.FAILED, f.status());
        assertTrue(f.detail().contains("no longer exists") && f.detail().contains("aborted"), f.detail());
        assertTrue(store.unfinishedUploadIds().isEmpty(), "nothing billed behind: " + store.unfinishedUploadIds());
    }

    @Test
    void upload_obsoleteUploadCannotBeAborted_runListsItAndIsNotOk() {
        FakeRemoteSource source = new FakeRemoteSource();
        byte[] data = bytes(23 * MIB, 16);
        source.put("object.bin", data);
        runKilledAfter(source, 5, 2);
        ledger.forgetAll();          // the upload must be aborted: no record vouches for it
        store.failAborts();

        JobResult result = run(source, 5);

        assertEquals(FileOutcome.Status.UPLOADED, only(result).status(), "the object itself is fine");
        assertEquals(1, result.leftBehind().size(), result.leftBehind().toString());
        assertFalse(result.success(), "never OK while a billed upload stays behind");
    }

    @Test
    void run_partRefusedOnceAfterItsBytesWent_everyByteOnTheWireCounted() throws Exception {
        byte[] data = bytes(12 * MIB, 17);
        file(data);
        store.refuseNextPartAfterReadingIt();

        JobResult result = run(new LocalDirectorySource(dir, null), 5);

        assertEquals(FileOutcome.Status.UPLOADED, only(result).status(), only(result).detail());
        assertEquals(12 * MIB + 5 * MIB, result.bytesSent(), "the refused part went twice");
    }
}
