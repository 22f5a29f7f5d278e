package dev.uploader.gui.destination;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.uploader.config.JobType;
import dev.uploader.engine.FileOutcome;
import dev.uploader.engine.Proof;
import dev.uploader.history.RunDetails;
import dev.uploader.history.RunRecord;
import dev.uploader.report.JsonLinesReport;
import dev.uploader.storage.S3ClientFactory;
import dev.uploader.storage.s3.S3Location;
import dev.uploader.testing.InMemoryServerTest;
import dev.uploader.testing.TestProfiles;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.MultipartUpload;

/** The destination pane without a window, against a real S3 server: synchronous executors, no JavaFX toolkit. */
class DestinationViewModelTest extends InMemoryServerTest {
    private final List<ResumeRequest> resumed = new ArrayList<>();

    private static S3Location location() {
        return new S3Location(server.endpoint(), TestProfiles.PROFILE, null, false);
    }

    private DestinationViewModel model(Clock clock, int page) {
        return new DestinationViewModel(new S3ClientFactory(), RunDetails::read, resumed::add, Runnable::run, Runnable::run, clock, page);
    }

    private static void put(S3Client s3, String bucket, String key, int size) {
        s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromBytes(new byte[size]));
    }

    private static List<String> names(DestinationViewModel model) {
        return model.entries.stream().map(DestinationViewModel.Entry::name).toList();
    }

    @Test
    void open_levelOfFoldersAndObjects_foldersThenObjectsWithSizeAndTime() {
        server.createBucket("level");
        try (S3Client s3 = server.client()) {
            put(s3, "level", "photos/a.jpg", 10);
            put(s3, "level", "photos/b.jpg", 20);
            put(s3, "level", "photos/2026/c.jpg", 30);
            put(s3, "level", "photos/2026/deeper/d.jpg", 40);
            put(s3, "level", "photos2/not-mine.jpg", 1);
        }
        DestinationViewModel model = model(Clock.systemUTC(), 1000);

        model.open(location(), "level", "photos");

        assertEquals("s3://level/photos/", model.where.get());
        assertEquals(List.of("2026/", "a.jpg", "b.jpg"), names(model));
        DestinationViewModel.Entry folder = model.entries.get(0);
        assertTrue(folder.folder());
        assertEquals("photos/2026/", folder.key());
        DestinationViewModel.Entry b = model.entries.get(2);
        assertEquals(20, b.size());
        assertTrue(b.modified() != null && Duration.between(b.modified(), Instant.now()).abs().toMinutes() < 10, String.valueOf(b.modified()));
        assertFalse(model.more.get());
        assertFalse(model.busy.get());

        model.openFolder(folder);
        assertEquals(List.of("deeper/", "c.jpg"), names(model));
        model.up();
        assertEquals("s3://level/photos/", model.where.get());
        model.up();
        assertEquals(List.of("photos/", "photos2/"), names(model));
    }

    @Test
    void loadMore_levelBeyondAPage_pageByPageUntilNoMore() {
        server.createBucket("paged");
        try (S3Client s3 = server.client()) {
            for (int i = 0; i < 5; i++) {
                put(s3, "paged", "p/f" + i + ".bin", i);
            }
            put(s3, "paged", "p/sub/x.bin", 1);
        }
        DestinationViewModel model = model(Clock.systemUTC(), 2);

        model.open(location(), "paged", "p/");
        assertEquals(2, model.entries.size());
        assertTrue(model.more.get());
        assertTrue(model.message.get().startsWith("2+ entries"), model.message.get());
        int pages = 1;
        while (model.more.get() && pages < 10) {
            model.loadMore();
            pages++;
        }

        assertEquals(3, pages);
        assertEquals(Set.of("f0.bin", "f1.bin", "f2.bin", "f3.bin", "f4.bin", "sub/"), Set.copyOf(names(model)));
        assertEquals(6, model.entries.size(), "each entry once");
    }

    @Test
    void markVerified_reportOfARun_uploadedAndSkippedMarkedWithTheirWordsFailedNot() {
        server.createBucket("marked");
        try (S3Client s3 = server.client()) {
            put(s3, "marked", "m/up.bin", 1);
            put(s3, "marked", "m/same.bin", 2);
            put(s3, "marked", "m/failed.bin", 3);
            put(s3, "marked", "m/other.bin", 4);
        }
        Path file = home.resolve("marked-report.jsonl");
        try (JsonLinesReport report = JsonLinesReport.open(file)) {
            report.object(null, FileOutcome.uploaded("m/up.bin", "up.bin", 1, Proof.PART_MD5S, "ok", 1, 0, 0, 1, "e"), "upload");
            report.object(null, FileOutcome.skipped("m/same.bin", "same.bin", 2, "already at the destination (same size, same ETag)"), "skip");
            report.object(null, FileOutcome.failed("m/failed.bin", "failed.bin", 3, "refused"), "upload");
        }
        RunRecord run = new RunRecord("r", Instant.now(), Instant.now(), RunRecord.Origin.APP, JobType.LOCAL_TO_S3, "/data", "s3://marked/m",
                RunRecord.Totals.NONE, RunRecord.Outcome.FAILED_FILES, null, file, null, null, null);
        DestinationViewModel model = model(Clock.systemUTC(), 1000);
        model.open(location(), "marked", "m");

        model.markVerified(run);

        Map<String, String> marks = model.entries.stream().filter(e -> e.verified() != null)
                .collect(Collectors.toMap(DestinationViewModel.Entry::name, DestinationViewModel.Entry::verified));
        assertEquals(Map.of("up.bin", Proof.PART_MD5S.words(), "same.bin", "already at the destination (same size, same ETag)"), marks);
        assertEquals(run, model.markedRun.get());

        model.refresh();
        assertEquals(2, model.entries.stream().filter(e -> e.verified() != null).count(), "marks stay across a new listing");
        model.markVerified(null);
        assertTrue(model.entries.stream().allMatch(e -> e.verified() == null));
    }

    @Test
    void unfinished_uploadsUnderThePrefix_ageAndSizeThenResumeAndClean() {
        server.createBucket("pending");
        String kept;
        try (S3Client s3 = server.client()) {
            put(s3, "pending", "u/done.bin", 1);
            String withPart = s3.createMultipartUpload(b -> b.bucket("pending").key("u/big.bin")).uploadId();
            s3.uploadPart(b -> b.bucket("pending").key("u/big.bin").uploadId(withPart).partNumber(1), RequestBody.fromBytes(new byte[5000]));
            s3.createMultipartUpload(b -> b.bucket("pending").key("u/empty.bin"));
            kept = s3.createMultipartUpload(b -> b.bucket("pending").key("elsewhere/x.bin")).uploadId();
        }
        Instant later = Instant.now().plus(Duration.ofHours(3));
        DestinationViewModel model = model(Clock.fixed(later, ZoneOffset.UTC), 1000);

        model.open(location(), "pending", "u");

        assertEquals(Set.of("u/big.bin", "u/empty.bin"), model.unfinished.stream().map(u -> u.upload().key()).collect(Collectors.toSet()));
        DestinationViewModel.Unfinished big = model.unfinished.stream().filter(u -> u.upload().key().equals("u/big.bin")).findFirst().orElseThrow();
        assertEquals(5000, big.bytes());
        assertEquals(1, big.parts());
        assertTrue(big.age() != null && big.age().toMinutes() >= 170 && big.age().toMinutes() <= 190, String.valueOf(big.age()));
        assertEquals("2 unfinished upload(s)", model.unfinishedMessage.get());
        assertEquals(List.of("done.bin"), names(model), "an unfinished upload is no object of the level");

        model.resume(List.of(big));
        assertEquals(1, resumed.size());
        assertEquals("pending", resumed.get(0).bucket());
        assertEquals("u/", resumed.get(0).prefix());
        assertEquals(List.of(big.upload()), resumed.get(0).uploads());

        model.clean(List.of(big));

        assertEquals(List.of("u/empty.bin"), model.unfinished.stream().map(u -> u.upload().key()).toList());
        assertEquals("Cleaned 1 of 1 upload(s). 1 unfinished upload(s)", model.unfinishedMessage.get());
        try (S3Client s3 = server.client()) {
            assertEquals(Set.of("u/empty.bin", "elsewhere/x.bin"), s3.listMultipartUploads(b -> b.bucket("pending")).uploads().stream()
                    .map(MultipartUpload::key).collect(Collectors.toSet()));
            s3.abortMultipartUpload(b -> b.bucket("pending").key("elsewhere/x.bin").uploadId(kept));
        }
    }

    @Test
    void open_missingBucket_messageSaysWhyNothingListed() {
        DestinationViewModel model = model(Clock.systemUTC(), 1000);

        model.open(location(), "no-such-bucket", "");

        assertTrue(model.entries.isEmpty());
        assertTrue(model.message.get().contains("no-such-bucket"), model.message.get());
        assertFalse(model.busy.get());
    }

    @Test
    void resumeAndClean_nothingChosen_saySoAndCallNothing() {
        DestinationViewModel model = model(Clock.systemUTC(), 1000);
        model.resume(List.of());
        assertEquals("Select the uploads to resume.", model.unfinishedMessage.get());
        model.clean(List.of());
        assertEquals("Select the uploads to clean.", model.unfinishedMessage.get());
        assertTrue(resumed.isEmpty());
        assertNull(model.markedRun.get());
    }
}
