package dev.uploader.demo;

import dev.uploader.config.AppDirectories;
import dev.uploader.credentials.AwsProfileFiles;
import dev.uploader.gui.DesktopWindow;
import dev.uploader.storage.S3ClientFactory;
import dev.uploader.testing.S3TestServer;
import dev.uploader.testing.TestFiles;
import dev.uploader.testing.TestProfiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.DialogPane;
import javafx.stage.Stage;
import javafx.stage.Window;
import javax.imageio.ImageIO;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Takes the README's pictures from the real app: {@code xvfb-run -a java -cp <test class path>
 * dev.uploader.demo.ScreenshotTour docs/screenshots}. A local S3Proxy, a sample folder and an unfinished
 * upload give the window something real to show: the CLEAN dialog, a transfer, the credential dialog.
 */
public final class ScreenshotTour {
    static Path out;
    static Path work;
    static S3TestServer server;

    public static void main(String[] args) throws Exception {
        out = Path.of(args.length > 0 ? args[0] : "docs/screenshots").toAbsolutePath();
        Files.createDirectories(out);
        work = Files.createTempDirectory("uploader-tour");
        server = S3TestServer.onDisk(work.resolve("store"));
        server.createBucket("photos-backup");
        TestProfiles.write(work.resolve("aws"), S3TestServer.ACCESS_KEY, S3TestServer.SECRET_KEY);
        TestProfiles.useInThisJvm(work.resolve("aws"));
        Path sample = work.resolve("Pictures");
        TestFiles.write(sample.resolve("2024/holiday/video.mp4"), 300 * TestFiles.MIB, 1);
        for (int i = 0; i < 12; i++) {
            TestFiles.write(sample.resolve("2024/holiday/IMG_" + (1000 + i) + ".jpg"), 3 * TestFiles.MIB + i, i);
        }
        TestFiles.write(sample.resolve("2023/raw/DSC_0001.NEF"), 40 * TestFiles.MIB, 99);
        byte[] firstPart = java.util.Arrays.copyOf(Files.readAllBytes(sample.resolve("2023/raw/DSC_0001.NEF")), (int) (5 * TestFiles.MIB));
        try (S3Client s3 = server.client()) {
            String id = s3.createMultipartUpload(b -> b.bucket("photos-backup").key("laptop/2023/raw/DSC_0001.NEF")).uploadId();
            s3.uploadPart(b -> b.bucket("photos-backup").key("laptop/2023/raw/DSC_0001.NEF").uploadId(id).partNumber(1),
                    RequestBody.fromBytes(firstPart));
        }
        Files.writeString(work.resolve("s3_upload_config.ini"), String.join("\n", "[Basic]", "JobType = LOCAL_TO_S3", "SrcFileIndex = *",
                "S3Prefix = laptop", "DesProfileName = e2e", "DesBucket = photos-backup", "DesEndPointURL = " + server.endpoint(),
                "[LOCAL_TO_S3]", "SrcDir = " + sample, "[Advanced]", "ChunkSize = 8", "MaxThread = 4", "MaxParallelFile = 3",
                "BandwidthLimit = 40M", "ifVerifyMD5 = True", ""));
        Application.launch(App.class, args);
    }

    /** A main class that extends Application cannot start from the class path, hence this one. */
    public static final class App extends Application {
        @Override
        public void start(Stage stage) {
            new ScreenshotTour().begin(stage);
        }
    }

    private void begin(Stage stage) {
        AppDirectories dirs = new AppDirectories(work, work, Map.of(), "Linux");
        AwsProfileFiles profiles = new AwsProfileFiles(work.resolve("aws/credentials"), work.resolve("aws/config"), Map.of());
        DesktopWindow window = new DesktopWindow(work.resolve("s3_upload_config.ini"), dirs, profiles, new S3ClientFactory(), Map.of(),
                Executors.newCachedThreadPool(r -> {
                    Thread t = new Thread(r);
                    t.setDaemon(true);
                    return t;
                }));
        window.show(stage);
        Thread tour = new Thread(() -> {
            try {
                tour(stage, window);
            } catch (Exception e) {
                e.printStackTrace();
            } finally {
                Platform.exit();
                System.exit(0);
            }
        });
        tour.setDaemon(true);
        tour.start();
    }

    private void tour(Stage stage, DesktopWindow window) throws Exception {
        Thread.sleep(1500);
        fx(() -> window.model().start());
        DialogPane clean = waitForDialog("unfinishedDialog");
        Thread.sleep(500);
        shoot(clean.getScene(), "clean-dialog.png");
        fx(() -> ((Button) clean.lookupButton(clean.getButtonTypes().get(0))).fire());
        long deadline = System.currentTimeMillis() + 60_000;
        while (window.model().progress.get() < 0.35 && System.currentTimeMillis() < deadline) {
            Thread.sleep(100);
        }
        shoot(stage.getScene(), "main-window-transfer.png");
        while (window.model().state().get().busy() && System.currentTimeMillis() < deadline + 60_000) {
            Thread.sleep(200);
        }
        Thread.sleep(500);
        shoot(stage.getScene(), "main-window-done.png");
        Platform.runLater(window::openCredentials);
        DialogPane credentials = waitForDialog("credentialsDialog");
        fx(() -> {
            ((javafx.scene.control.TextField) credentials.lookup("#profile")).setText("minio-lab");
            ((javafx.scene.control.TextField) credentials.lookup("#accessKeyId")).setText(S3TestServer.ACCESS_KEY);
            ((javafx.scene.control.TextField) credentials.lookup("#secretAccessKey")).setText(S3TestServer.SECRET_KEY);
            ((javafx.scene.control.TextField) credentials.lookup("#endpoint")).setText(server.endpoint().toString());
            ((Button) credentials.lookup("#testButton")).fire();
        });
        Thread.sleep(2500);
        shoot(credentials.getScene(), "credentials-dialog.png");
        Platform.runLater(() -> ((javafx.stage.Stage) credentials.getScene().getWindow()).close());
        queueTour(window, stage);
    }

    /**
     * The second window: two transfers side by side with the speed chart, the history, the destination; light and
     * English, then dark and Chinese.
     */
    private void queueTour(DesktopWindow window, Stage stage) throws Exception {
        Path more = work.resolve("Videos");
        TestFiles.write(more.resolve("2024/drone/flight-01.mp4"), 200 * TestFiles.MIB, 7);
        TestFiles.write(more.resolve("2024/drone/flight-02.mp4"), 120 * TestFiles.MIB, 8);
        Path docs = work.resolve("Documents");
        TestFiles.write(docs.resolve("taxes/2024.pdf"), 180 * TestFiles.MIB, 9);
        // slower than the first job, so that the picture finds both transfers under way
        Path ini = work.resolve("s3_upload_config.ini");
        Files.writeString(ini, Files.readString(ini).replace("BandwidthLimit = 40M", "BandwidthLimit = 12M"));
        fx(() -> {
            window.queue().sideBySide.set(2);
            window.model().srcDir.set(more.toString());
            window.model().desPrefix.set("laptop/Videos");
            window.addToQueue();
            window.model().srcDir.set(docs.toString());
            window.model().desPrefix.set("laptop/Documents");
            window.addToQueue();
        });
        var transfers = window.queue().transfers;
        long deadline = System.currentTimeMillis() + 120_000;
        while (System.currentTimeMillis() < deadline && (transfers.get(0).chart.size() < 9 || transfers.get(1).chart.size() < 6)) {
            Thread.sleep(200);
        }
        fx(() -> window.showTransfer(transfers.get(0)));
        Thread.sleep(800);
        shoot(stage.getScene(), "transfers-light-en.png");
        fx(() -> {
            window.theme(dev.uploader.gui.WindowPreferences.Theme.DARK);
            window.language("zh-CN");
            window.showTransfer(transfers.get(0));
        });
        Thread.sleep(1500);
        shoot(stage.getScene(), "transfers-dark-zh.png");
        while (transfers.stream().anyMatch(t -> !t.state.get().ended()) && System.currentTimeMillis() < deadline + 240_000) {
            Thread.sleep(200);
        }
        for (String look : new String[] {"dark-zh", "light-en"}) {
            if (look.equals("light-en")) {
                fx(() -> {
                    window.theme(dev.uploader.gui.WindowPreferences.Theme.LIGHT);
                    window.language("en");
                });
            }
            fx(() -> window.showHistory(window.history().runs.isEmpty() ? null : window.history().runs.get(0)));
            Thread.sleep(1500);
            shoot(stage.getScene(), "history-" + look + ".png");
            fx(() -> {
                window.model().desPrefix.set("laptop/Videos/2024/drone");
                window.showDestination();
            });
            Thread.sleep(2500);
            shoot(stage.getScene(), "destination-" + look + ".png");
        }
    }

    private static DialogPane waitForDialog(String id) throws Exception {
        for (int i = 0; i < 300; i++) {
            CompletableFuture<DialogPane> found = new CompletableFuture<>();
            Platform.runLater(() -> {
                for (Window w : Window.getWindows()) {
                    Node n = w.getScene() == null ? null : w.getScene().lookup("#" + id);
                    if (n instanceof DialogPane pane) {
                        found.complete(pane);
                        return;
                    }
                }
                found.complete(null);
            });
            DialogPane pane = found.get(5, TimeUnit.SECONDS);
            if (pane != null) {
                return pane;
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("no dialog " + id);
    }

    private static void shoot(Scene scene, String name) throws Exception {
        CompletableFuture<java.awt.image.BufferedImage> image = new CompletableFuture<>();
        Platform.runLater(() -> image.complete(SwingFXUtils.fromFXImage(scene.snapshot(null), null)));
        ImageIO.write(image.get(10, TimeUnit.SECONDS), "png", out.resolve(name).toFile());
        System.out.println("wrote " + out.resolve(name));
    }

    private static void fx(Runnable r) throws Exception {
        CompletableFuture<Void> done = new CompletableFuture<>();
        Platform.runLater(() -> {
            r.run();
            done.complete(null);
        });
        done.get(10, TimeUnit.SECONDS);
    }
}
