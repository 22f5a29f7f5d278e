package dev.uploader.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.uploader.storage.S3ClientFactory;
import dev.uploader.storage.StoreResumeLedger;
import dev.uploader.storage.s3.S3Bucket;
import dev.uploader.storage.s3.S3Location;
import dev.uploader.storage.s3.StoreSettings;
import dev.uploader.testing.InMemoryServerTest;
import dev.uploader.testing.TestProfiles;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A remote source's upload interrupted on one machine and resumed on another (issue 16's workers), the resume records
 * in the destination bucket of a real S3-compatible server ({@link StoreResumeLedger}): the second machine, with its
 * own client and its own ledger, keeps the parts the first one's record proves and sends only the rest.
 */
class ResumeOnAnotherMachineTest extends InMemoryServerTest {
    private static final long MIB = 1024L * 1024;
    private static final String KEY = "dst/object.bin";
    private static final AtomicInteger BUCKETS = new AtomicInteger();

    /** The process died at this request: nothing after it reaches the store, as after SIGKILL. */
    private static final class Killed extends RuntimeException {
        Killed() {
            super("killed (test)", null, false, false);
        }
    }

    private static byte[] bytes(long size, long seed) {
        byte[] data = new byte[(int) size];
        new Random(seed).nextBytes(data);
        return data;
    }

    private static S3Bucket open(String bucket, boolean sdk) {
        return new S3ClientFactory().openStore(new S3Location(server.endpoint(), TestProfiles.PROFILE, null, false), bucket, 4,
                new StoreSettings(sdk, StoreSettings.DEFAULT_IDLE_TIMEOUT, null));
    }

    private static JobResult run(Source source, ObjectStore store, ResumeLedger ledger, List<String> notices) {
        ProgressListener listener = new ProgressListener() {
            @Override
            public void notice(String message) {
                synchronized (notices) {
                    notices.add(message);
                }
            }
        };
        UploadJob job = new UploadJob(source, store, "dst", new JobSettings(5, 2, 1, 1, null, false, false, 0, 64 * MIB),
                listener, new RetryPolicy(2, Duration.ZERO, Duration.ZERO, d -> { }), ledger, false);
        return job.run();
    }

    /** The store as the engine sees it, dying once {@code parts} parts were stored: every later request fails. */
    private static ObjectStore killedAfterParts(S3Bucket store, int parts) {
        AtomicInteger stored = new AtomicInteger();
        AtomicBoolean dead = new AtomicBoolean();
        return (ObjectStore) Proxy.newProxyInstance(ObjectStore.class.getClassLoader(), new Class<?>[] {ObjectStore.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("describe")) {
                        return store.describe();
                    }
                    if (dead.get() || (method.getName().equals("uploadPart") && stored.get() >= parts)) {
                        dead.set(true);
                        throw new Killed();
                    }
                    try {
                        Object answer = method.invoke(store, args);
                        if (method.getName().equals("uploadPart")) {
                            stored.incrementAndGet();
                        }
                        return answer;
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    private static byte[] object(String bucket) {
        try (S3Client s3 = server.client()) {
            return s3.getObjectAsBytes(r -> r.bucket(bucket).key(KEY)).asByteArray();
        }
    }

    private static int unfinished(String bucket) {
        try (S3Client s3 = server.client()) {
            return s3.listMultipartUploads(r -> r.bucket(bucket)).uploads().size();
        }
    }

    private static int records(String bucket) {
        try (S3Client s3 = server.client()) {
            return s3.listObjectsV2(r -> r.bucket(bucket).prefix(".uploader/")).contents().size();
        }
    }

    /** Machine one (the own client) stores two parts of five and dies; its record stays in the bucket. */
    private static void firstMachineKilledAfterTwoParts(String bucket, FakeRemoteSource source) {
        try (S3Bucket one = open(bucket, false)) {
            JobResult killed = run(source, killedAfterParts(one, 2), new StoreResumeLedger(one, null), new ArrayList<>());
            assertFalse(killed.success(), "the first machine was killed");
        }
        assertEquals(1, unfinished(bucket));
        assertEquals(3, records(bucket), "the head and two parts");
        server.resetCounters();
    }

    @Test
    void resume_recordWrittenByAnotherMachine_keepsItsPartsAndSendsOnlyTheRest() {
        String bucket = "machines-" + BUCKETS.incrementAndGet();
        server.createBucket(bucket);
        FakeRemoteSource source = new FakeRemoteSource();
        byte[] data = bytes(23 * MIB, 1);
        source.put("object.bin", data);
        firstMachineKilledAfterTwoParts(bucket, source);
        List<String> notices = new ArrayList<>();

        FileOutcome f;
        try (S3Bucket two = open(bucket, true)) {
            JobResult result = run(source, two, new StoreResumeLedger(two, ".uploader/resume"), notices);
            assertEquals(1, result.files().size(), result.toString());
            f = result.files().get(0);
        }

        assertEquals(FileOutcome.Status.UPLOADED, f.status(), f.detail() + " " + notices);
        assertEquals(2, f.partsReused(), "the parts the first machine's record proves");
        assertEquals(3, server.partsReceived(), "parts 3 to 5 only");
        assertEquals(Proof.PART_MD5S, f.proof(), f.detail());
        assertArrayEquals(data, object(bucket), "the object is byte for byte the source");
        assertEquals(0, unfinished(bucket), "nothing left unfinished");
        assertEquals(0, records(bucket), "the record goes with its completed upload");
    }

    @Test
    void resume_recordsUnderAnotherPrefix_abortsAndSendsEveryPart() {
        String bucket = "machines-" + BUCKETS.incrementAndGet();
        server.createBucket(bucket);
        FakeRemoteSource source = new FakeRemoteSource();
        byte[] data = bytes(23 * MIB, 2);
        source.put("object.bin", data);
        firstMachineKilledAfterTwoParts(bucket, source);
        List<String> notices = new ArrayList<>();

        FileOutcome f;
        try (S3Bucket two = open(bucket, true)) {
            f = run(source, two, new StoreResumeLedger(two, "other/records/"), notices).files().get(0);
        }

        assertEquals(FileOutcome.Status.UPLOADED, f.status(), f.detail());
        assertEquals(0, f.partsReused(), "no record vouches for them");
        assertEquals(5, server.partsReceived());
        assertTrue(String.join("\n", notices).contains("no resume record"), notices.toString());
        assertArrayEquals(data, object(bucket));
        assertEquals(0, unfinished(bucket), "the first machine's upload was aborted, not continued");
    }
}
