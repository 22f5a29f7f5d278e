package dev.uploader.gui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.uploader.config.AppDirectories;
import dev.uploader.credentials.AwsProfileFiles;
import dev.uploader.storage.S3ClientFactory;
import dev.uploader.testing.S3TestServer;
import dev.uploader.testing.TestFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javafx.scene.control.Button;
import javafx.scene.control.DialogPane;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The real window, headless (Monocle), driven by TestFX against an embedded S3Proxy. The AWS shared files
 * start empty, so the window opens the credential dialog by itself, as on a first start.
 */
@ExtendWith(ApplicationExtension.class)
class DesktopWindowTest {
    static final long MIB = TestFiles.MIB;
    static S3TestServer server;
    @TempDir
    static Path home;
    static ExecutorService background = Executors.newCachedThreadPool();
    DesktopWindow window;
    Path config;

    @BeforeAll
    static void startServer() throws Exception {
        server = S3TestServer.inMemory();
        Files.createDirectories(home.resolve("aws"));
        System.setProperty("aws.sharedCredentialsFile", home.resolve("aws/credentials").toString());
        System.setProperty("aws.configFile", home.resolve("aws/config").toString());
    }

    @AfterAll
    static void stopServer() throws Exception {
        server.close();
        background.shutdownNow();
    }

    @Start
    void start(Stage stage) throws Exception {
        // every test starts like a first start: no credentials yet
        Files.deleteIfExists(home.resolve("aws/credentials"));
        Files.deleteIfExists(home.resolve("aws/config"));
        config = home.resolve("job-" + System.nanoTime() + ".ini");
        Files.writeString(config, "[Basic]\nJobType = LOCAL_TO_S3\n# a comment the window must keep\nDesBucket = \n\n[Advanced]\nChunkSize = 5\nMaxRetry = 2\n"
                + "UnknownKey = kept\n");
        AppDirectories dirs = new AppDirectories(home, home, Map.of(), "Linux");
        AwsProfileFiles profiles = new AwsProfileFiles(home.resolve("aws/credentials"), home.resolve("aws/config"), Map.of());
        window = new DesktopWindow(config, dirs, profiles, new S3ClientFactory(), Map.of(), background);
        window.show(stage);
    }

    @Test
    void credentialDialog_firstStart_testsAndSavesAProfileThatThenUploads(FxRobot robot) throws Exception {
        server.createBucket("gui-first");
        Path src = folderWith("first", 2);
        waitFor(() -> robot.lookup("#credentialsDialog").tryQuery().isPresent());
        robot.clickOn("#profile").eraseText(20).write("gui");
        robot.clickOn("#accessKeyId").write(S3TestServer.ACCESS_KEY);
        robot.clickOn("#secretAccessKey").write(S3TestServer.SECRET_KEY);
        robot.clickOn("#endpoint").write(server.endpoint().toString());
        robot.clickOn("#testButton");
        waitFor(() -> robot.lookup("#result").queryAs(Label.class).getText().startsWith("Connected"));
        assertTrue(robot.lookup("#result").queryAs(Label.class).getText().contains("gui-first"));
        robot.clickOn("#saveCredentials");
        waitFor(() -> robot.lookup("#credentialsDialog").tryQuery().isEmpty());
        String credentials = Files.readString(home.resolve("aws/credentials"));
        assertTrue(credentials.contains("[gui]") && credentials.contains(S3TestServer.ACCESS_KEY), credentials);

        fx(() -> {
            window.model().desProfile.set("gui");
            window.model().desEndpoint.set(server.endpoint().toString());
            window.model().desBucket.set("gui-first");
            window.model().srcDir.set(src.toString());
        });
        robot.clickOn("#startButton");
        waitForIdleAfterStart(robot);

        assertTrue(summary(robot).contains("Uploaded 2 file(s)"), summary(robot));
        assertObjectsMatch("gui-first", "", src, 2);
    }

    @Test
    void start_folderUpload_summaryShowsItAndSettingsAreSavedKeepingComments(FxRobot robot) throws Exception {
        closeCredentialDialog(robot);
        server.createBucket("gui-folder");
        Path src = folderWith("folder", 3);
        fill("gui-folder", "photos", src);
        robot.clickOn("#saveButton");
        robot.clickOn("#startButton");
        waitForIdleAfterStart(robot);

        assertTrue(summary(robot).contains("Uploaded 3 file(s)"), summary(robot));
        assertObjectsMatch("gui-folder", "photos/", src, 3);
        assertFalse(robot.lookup("#saveReportButton").queryAs(Button.class).isDisabled(), "the run's report can be saved");
        assertTrue(robot.lookup("#retryButton").queryAs(Button.class).isDisabled(), "nothing failed: nothing to retry");
        assertTrue(summary(robot).contains("Report: " + home.resolve(".local/state/uploader/reports")), summary(robot));
        String saved = Files.readString(config);
        assertTrue(saved.contains("# a comment the window must keep") && saved.contains("UnknownKey = kept"), saved);
        assertTrue(saved.contains("DesBucket = gui-folder") && saved.contains("SrcDir = " + src), saved);
    }

    @Test
    void start_unfinishedUploadFound_dialogOffersResumeAndCleanAndBothWork(FxRobot robot) throws Exception {
        closeCredentialDialog(robot);
        server.createBucket("gui-clean");
        Path src = home.resolve("clean-src");
        Path file = TestFiles.write(src.resolve("big.bin"), 12 * MIB, 9);
        byte[] firstPart = java.util.Arrays.copyOf(Files.readAllBytes(file), (int) (5 * MIB));
        fill("gui-clean", "p", src);
        try (S3Client s3 = server.client()) {
            String id = s3.createMultipartUpload(b -> b.bucket("gui-clean").key("p/big.bin")).uploadId();
            s3.uploadPart(b -> b.bucket("gui-clean").key("p/big.bin").uploadId(id).partNumber(1), RequestBody.fromBytes(firstPart));
        }

        robot.clickOn("#startButton");
        waitFor(() -> robot.lookup("#unfinishedDialog").tryQuery().isPresent());
        assertTrue(robot.lookup("#unfinishedDialog").queryAs(DialogPane.class).getHeaderText().contains("1 unfinished upload(s)"));
        clickIn(robot, "#unfinishedDialog", "Resume");
        waitForIdleAfterStart(robot);
        assertTrue(summary(robot).contains("Resumed 1 file(s), 1 part(s) reused"), summary(robot));
        assertObjectsMatch("gui-clean", "p/", src, 1);

        try (S3Client s3 = server.client()) {
            String id = s3.createMultipartUpload(b -> b.bucket("gui-clean").key("p/old.bin")).uploadId();
            s3.uploadPart(b -> b.bucket("gui-clean").key("p/old.bin").uploadId(id).partNumber(1), RequestBody.fromBytes(firstPart));
        }
        robot.clickOn("#startButton");
        waitFor(() -> robot.lookup("#unfinishedDialog").tryQuery().isPresent());
        clickIn(robot, "#unfinishedDialog", "CLEAN and restart");
        waitForIdleAfterStart(robot);
        try (S3Client s3 = server.client()) {
            assertTrue(s3.listMultipartUploads(b -> b.bucket("gui-clean")).uploads().isEmpty(), "CLEAN aborted the unfinished upload");
        }
    }

    @Test
    void pauseThenStart_bigFile_completesWithTheObjectIdentical(FxRobot robot) throws Exception {
        closeCredentialDialog(robot);
        server.createBucket("gui-pause");
        Path src = home.resolve("pause-src");
        TestFiles.write(src.resolve("movie.bin"), 40 * MIB, 4);
        Files.writeString(config, Files.readString(config).replace("[Advanced]\n", "[Advanced]\nBandwidthLimit = 8M\nMaxThread = 2\nMaxParallelFile = 1\n"));
        fx(() -> window.model().load());
        fill("gui-pause", "", src);

        robot.clickOn("#startButton");
        waitFor(() -> window.model().state().get() == JobState.RUNNING && window.model().progress.get() > 0.15);
        robot.clickOn("#pauseButton");
        waitFor(() -> window.model().state().get() == JobState.PAUSED);
        assertTrue(window.model().progress.get() < 0.9, "paused before the end");
        assertEquals("Resume", robot.lookup("#startButton").queryAs(Button.class).getText());

        robot.clickOn("#startButton");
        waitForIdleAfterStart(robot);
        assertTrue(summary(robot).contains("Uploaded 1 file(s)"), summary(robot));
        assertTrue(summary(robot).contains("Resumed 1 file(s)"), summary(robot));
        assertObjectsMatch("gui-pause", "", src, 1);
    }

    /** Clicks the button {@code text} of one dialog: the window has buttons of the same name (the queue's Resume, Cancel). */
    private static void clickIn(FxRobot robot, String dialog, String text) {
        robot.clickOn(robot.from(robot.lookup(dialog).queryAll()).lookup((Button b) -> text.equals(b.getText())).queryButton());
    }

    private void closeCredentialDialog(FxRobot robot) throws Exception {
        waitFor(() -> robot.lookup("#credentialsDialog").tryQuery().isPresent());
        clickIn(robot, "#credentialsDialog", "Cancel");
        waitFor(() -> robot.lookup("#credentialsDialog").tryQuery().isEmpty());
        Files.writeString(home.resolve("aws/credentials"), "[e2e]\naws_access_key_id = " + S3TestServer.ACCESS_KEY
                + "\naws_secret_access_key = " + S3TestServer.SECRET_KEY + "\n");
    }

    private void fill(String bucket, String prefix, Path src) throws Exception {
        fx(() -> {
            window.model().desProfile.set("e2e");
            window.model().desEndpoint.set(server.endpoint().toString());
            window.model().desBucket.set(bucket);
            window.model().desPrefix.set(prefix);
            window.model().srcDir.set(src.toString());
        });
    }

    private Path folderWith(String name, int files) throws Exception {
        Path src = home.resolve(name + "-src");
        for (int i = 0; i < files; i++) {
            TestFiles.write(src.resolve("dir " + i + "/file-" + i + ".bin"), 1000L * (i + 1) + (i == 0 ? 6 * MIB : 0), i);
        }
        return src;
    }

    private void waitForIdleAfterStart(FxRobot robot) throws Exception {
        waitFor(() -> window.model().state().get() == JobState.IDLE && !window.model().summary.get().isEmpty());
    }

    private String summary(FxRobot robot) {
        return robot.lookup("#summary").queryAs(TextArea.class).getText();
    }

    private void assertObjectsMatch(String bucket, String prefix, Path src, int count) throws Exception {
        try (S3Client s3 = server.client(); var files = Files.walk(src)) {
            var list = files.filter(Files::isRegularFile).toList();
            assertEquals(count, list.size());
            for (Path f : list) {
                String key = prefix + src.relativize(f).toString().replace('\\', '/');
                assertEquals(TestFiles.md5(f), TestFiles.objectMd5(s3, bucket, key), key);
            }
        }
    }

    private static void fx(Runnable action) throws Exception {
        dev.uploader.testing.FxWait.fx(action);
    }

    private static void waitFor(Callable<Boolean> condition) throws Exception {
        dev.uploader.testing.FxWait.waitFor(condition);
    }

}
