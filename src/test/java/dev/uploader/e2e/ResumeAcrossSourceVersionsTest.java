package dev.uploader.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.uploader.testing.TestConfig;
import dev.uploader.testing.TwoServerTest;
import dev.uploader.testing.TestFiles;
import dev.uploader.testing.TestProfiles;
import dev.uploader.testing.UploaderProcess;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.Part;

/**
 * S3_TO_S3 with real uploader processes killed with SIGKILL, between two real servers: a source object replaced
 * between two interruptions must never give an object made of both versions, and a source cut into parts larger
 * than the heap allows is copied within the memory budget.
 */
class ResumeAcrossSourceVersionsTest extends TwoServerTest {
    static final long MIB = TestFiles.MIB;
    private static Process uploader(String name, Path config, List<String> jvm, String... more) throws Exception {
        String[] args = new String[4 + more.length];
        args[0] = "--nogui";
        args[1] = "--config";
        args[2] = config.toString();
        args[3] = "--resume";
        System.arraycopy(more, 0, args, 4, more.length);
        return UploaderProcess.start(home, home.resolve(name + ".out"), TestProfiles.environment(home.resolve("aws")), jvm, args);
    }

    /** Waits until the destination's unfinished upload that {@code which} accepts has {@code parts} parts, then SIGKILLs. */
    private static String killWhen(Process p, String bucket, Predicate<String> which, int parts, String name) throws Exception {
        try (S3Client dst = destination.client()) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (true) {
                assertTrue(p.isAlive(), () -> name + " ended before it was killed: " + read(home.resolve(name + ".out")));
                assertTrue(System.nanoTime() < deadline, name + ": not enough parts after 60 s");
                for (MultipartUpload u : dst.listMultipartUploads(b -> b.bucket(bucket)).uploads()) {
                    if (which.test(u.uploadId())) {
                        List<Part> listed = dst.listParts(b -> b.bucket(bucket).key(u.key()).uploadId(u.uploadId())).parts();
                        if (listed.size() >= parts) {
                            p.destroyForcibly();
                            assertTrue(p.waitFor(10, TimeUnit.SECONDS));
                            return u.uploadId();
                        }
                    }
                }
                Thread.sleep(20);
            }
        }
    }

    @Test
    void resume_sourceReplacedBetweenTwoKills_objectIsTheNewVersionWholeAndSaysWhatWasProven() throws Exception {
        sourceStore.createBucket("versions-src");
        destination.createBucket("versions-dst");
        byte[] first = S3ToS3CopyTest.bytes(30 * MIB + 17, 41); // one PUT, bigger than a part: 7 parts of 5 MiB
        byte[] second = S3ToS3CopyTest.bytes(30 * MIB + 17, 42); // same size, other bytes
        try (S3Client src = sourceStore.client()) {
            src.putObject(b -> b.bucket("versions-src").key("v/object.bin"), RequestBody.fromBytes(first));
        }
        Path config = new TestConfig(destination.endpoint(), "versions-dst", "v", home)
                .fromS3(sourceStore.endpoint(), "versions-src").advanced("MaxThread", "1").advanced("MaxParallelFile", "1")
                .write(home.resolve("versions.ini"));

        String firstUpload = killWhen(uploader("v-first", config, List.of(), "--bwlimit", "12M"), "versions-dst", id -> true, 3, "v-first");
        try (S3Client src = sourceStore.client()) {
            src.putObject(b -> b.bucket("versions-src").key("v/object.bin"), RequestBody.fromBytes(second));
        }
        // the second run must not continue the first upload: it aborts it and sends the new version into a new one
        String secondUpload = killWhen(uploader("v-second", config, List.of(), "--bwlimit", "12M"), "versions-dst",
                id -> !id.equals(firstUpload), 1, "v-second");
        assertNotEquals(firstUpload, secondUpload);

        Process third = uploader("v-third", config, List.of());
        assertTrue(third.waitFor(120, TimeUnit.SECONDS));
        String out = read(home.resolve("v-third.out"));

        assertEquals(0, third.exitValue(), out);
        try (S3Client dst = destination.client()) {
            assertEquals(TestFiles.md5(new ByteArrayInputStream(second)), TestFiles.objectMd5(dst, "versions-dst", "v/object.bin"),
                    "the new version, whole: " + out);
            assertTrue(dst.listMultipartUploads(b -> b.bucket("versions-dst")).uploads().isEmpty(), "nothing left unfinished");
        }
        assertTrue(out.contains("1 file(s), 30.0 MiB") || out.contains("uploaded: 1 file(s)"), out);
        // a one-PUT source copied in parts, some kept: what is shown is each part's MD5 from the source bytes, no more
        assertTrue(out.contains("1 file(s) verified: every part's MD5 from the source bytes"), "says what was proven: " + out);
        assertFalse(out.contains("equals the source's"), out);
        String secondOut = read(home.resolve("v-second.out"));
        assertTrue(secondOut.contains("another version of the source"), "the second run says why it did not resume: " + secondOut);
    }

    @Test
    void copy_sourcePartsLargerThanTheHeapAllowsManyInFlight_finishesWithinTheBudget() throws Exception {
        sourceStore.createBucket("budget-src");
        destination.createBucket("budget-dst");
        byte[] data;
        try (S3Client src = sourceStore.client()) {
            // 10 parts of 10 MiB: with 10 in flight, 100 MiB held whole would not fit a 64 MiB heap
            data = S3ToS3CopyTest.uploadInParts(src, "budget-src", "b/big.bin", 100 * MIB, 10 * MIB, 43);
        }
        Path config = new TestConfig(destination.endpoint(), "budget-dst", "b", home)
                .fromS3(sourceStore.endpoint(), "budget-src").advanced("MaxThread", "10").advanced("MaxParallelFile", "1")
                .write(home.resolve("budget.ini"));

        Process run = uploader("budget", config, List.of("-Xmx64m"));
        assertTrue(run.waitFor(120, TimeUnit.SECONDS));
        String out = read(home.resolve("budget.out"));

        assertEquals(0, run.exitValue(), out);
        assertFalse(out.contains("OutOfMemoryError"), out);
        try (S3Client dst = destination.client()) {
            assertEquals(TestFiles.md5(new ByteArrayInputStream(data)), TestFiles.objectMd5(dst, "budget-dst", "b/big.bin"));
        }
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (Exception e) {
            return "(no output)";
        }
    }
}
