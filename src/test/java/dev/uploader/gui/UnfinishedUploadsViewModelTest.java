package dev.uploader.gui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.uploader.engine.PendingUpload;
import dev.uploader.engine.ResumeLedger;
import dev.uploader.storage.S3ClientFactory;
import dev.uploader.testing.InMemoryServerTest;
import dev.uploader.testing.TestProfiles;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.MultipartUpload;

/** Tools > Unfinished uploads without a window, against a real server. */
class UnfinishedUploadsViewModelTest extends InMemoryServerTest {

    @Test
    void refreshThenClean_chosenUploadsUnderThePrefix_onlyThoseAborted() {
        server.createBucket("menu");
        try (S3Client s3 = server.client()) {
            for (String key : new String[] {"job/a.bin", "job/b.bin", "other/c.bin"}) {
                s3.createMultipartUpload(b -> b.bucket("menu").key(key));
            }
        }
        MainViewModel main = new MainViewModel(home.resolve("menu.ini"), home.resolve("reports"), Map.of(), new S3ClientFactory(), job -> ResumeLedger.NONE,
                Runnable::run, Runnable::run);
        main.desProfile.set(TestProfiles.PROFILE);
        main.desEndpoint.set(server.endpoint().toString());
        main.desBucket.set("menu");
        main.desPrefix.set("job");
        UnfinishedUploadsViewModel model = new UnfinishedUploadsViewModel(main, new S3ClientFactory(), Runnable::run, Runnable::run);

        model.refresh();
        assertEquals(Set.of("job/a.bin", "job/b.bin"), model.uploads.stream().map(PendingUpload::key).collect(Collectors.toSet()),
                "only the uploads under the destination prefix are listed");

        PendingUpload a = model.uploads.stream().filter(u -> u.key().equals("job/a.bin")).findFirst().orElseThrow();
        model.clean(List.of(a));

        assertEquals(List.of("job/b.bin"), model.uploads.stream().map(PendingUpload::key).toList());
        assertTrue(model.message.get().startsWith("1 unfinished upload(s)") || model.message.get().contains("Cleaned 1 of 1"), model.message.get());
        try (S3Client s3 = server.client()) {
            assertEquals(Set.of("job/b.bin", "other/c.bin"), s3.listMultipartUploads(b -> b.bucket("menu")).uploads().stream()
                    .map(MultipartUpload::key).collect(Collectors.toSet()));
        }
    }
}
