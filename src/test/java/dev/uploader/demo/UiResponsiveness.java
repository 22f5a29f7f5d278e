package dev.uploader.demo;

import dev.uploader.config.AppDirectories;
import dev.uploader.credentials.AwsProfileFiles;
import dev.uploader.gui.DesktopWindow;
import dev.uploader.gui.queue.Transfer;
import dev.uploader.gui.queue.TransferQueue;
import dev.uploader.gui.queue.TransferState;
import dev.uploader.storage.S3ClientFactory;
import dev.uploader.testing.S3TestServer;
import dev.uploader.testing.TestProfiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javafx.animation.AnimationTimer;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.stage.Stage;

/**
 * How long the window's UI thread is held while the queue works: one transfer of 100,000 files and nine more queued,
 * two side by side, against a local S3Proxy. Two probes: the longest gap between two frames (an AnimationTimer
 * runs at every pulse) and the latency of a task posted to the UI thread every 5 ms. Run under a real display or
 * Xvfb: {@code bench/ui.sh}. Prints one line of figures; docs/benchmarks.md keeps them.
 *
 * <p>args: [files in the big transfer, default 100000] [transfers, default 10]
 */
public final class UiResponsiveness {
    static int files = 100_000;
    static int transfers = 10;
    static Path work;
    static S3TestServer server;

    public static void main(String[] args) throws Exception {
        if (args.length > 0) {
            files = Integer.parseInt(args[0]);
        }
        if (args.length > 1) {
            transfers = Integer.parseInt(args[1]);
        }
        work = Files.createTempDirectory("uploader-ui-bench");
        server = S3TestServer.onDisk(work.resolve("store")); // on disk: the store in this JVM takes little of its heap
        server.createBucket("ui-bench");
        TestProfiles.write(work.resolve("aws"), S3TestServer.ACCESS_KEY, S3TestServer.SECRET_KEY);
        TestProfiles.useInThisJvm(work.resolve("aws"));
        Path big = work.resolve("big");
        long t0 = System.nanoTime();
        byte[] one = {42};
        for (int i = 0; i < files; i++) {
            Path f = big.resolve("d" + (i / 1000)).resolve("f" + i + ".txt");
            if (i % 1000 == 0) {
                Files.createDirectories(f.getParent());
            }
            Files.write(f, one);
        }
        for (int j = 1; j < transfers; j++) {
            Path small = work.resolve("small-" + j);
            Files.createDirectories(small);
            for (int i = 0; i < 200; i++) {
                Files.write(small.resolve("s" + i + ".txt"), one);
            }
        }
        System.err.printf("made %d + %d files in %.1f s%n", files, (transfers - 1) * 200, (System.nanoTime() - t0) / 1e9);
        Files.writeString(work.resolve("job.ini"), String.join("\n", "[Basic]", "JobType = LOCAL_TO_S3", "DesProfileName = e2e",
                "DesBucket = ui-bench", "DesEndPointURL = " + server.endpoint(), "[Advanced]", "MaxParallelFile = 8", ""));
        Application.launch(App.class, args);
    }

    /** A main class that extends Application cannot start from the class path, hence this one. */
    public static final class App extends Application {
        @Override
        public void start(Stage stage) {
            AppDirectories dirs = new AppDirectories(work, work, Map.of(), "Linux");
            AwsProfileFiles profiles = new AwsProfileFiles(work.resolve("aws/credentials"), work.resolve("aws/config"), Map.of());
            DesktopWindow window = new DesktopWindow(work.resolve("job.ini"), dirs, profiles, new S3ClientFactory(), Map.of(),
                    Executors.newCachedThreadPool(r -> {
                        Thread t = new Thread(r);
                        t.setDaemon(true);
                        return t;
                    }));
            window.show(stage);
            Thread run = new Thread(() -> {
                try {
                    measure(window);
                } catch (Exception e) {
                    e.printStackTrace();
                } finally {
                    Platform.exit();
                    System.exit(0);
                }
            }, "bench");
            run.setDaemon(true);
            run.start();
        }
    }

    static void measure(DesktopWindow window) throws Exception {
        Thread.sleep(1000);
        List<Long> frameGaps = Collections.synchronizedList(new ArrayList<>());
        AnimationTimer frames = new AnimationTimer() {
            private long last;

            @Override
            public void handle(long now) {
                if (last != 0) {
                    frameGaps.add(now - last);
                }
                last = now;
            }
        };
        ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
        // the control: the same probe on a plain thread that does nothing else, under the same load (two cores shared with
        // the store and the engine): what the UI probe has above it is the UI thread's own work
        ConcurrentLinkedQueue<Long> control = new ConcurrentLinkedQueue<>();
        java.util.concurrent.ExecutorService plain = Executors.newSingleThreadExecutor();
        fx(frames::start);
        // the window idle for three seconds: what the display itself costs (Xvfb renders in software)
        List<Long> idle = new ArrayList<>();
        for (long until = System.nanoTime() + 3_000_000_000L; System.nanoTime() < until; Thread.sleep(5)) {
            long posted = System.nanoTime();
            CompletableFuture<Void> seen = new CompletableFuture<>();
            Platform.runLater(() -> {
                idle.add(System.nanoTime() - posted);
                seen.complete(null);
            });
            seen.get(10, TimeUnit.SECONDS);
        }
        Collections.sort(idle);
        long start = System.nanoTime();
        fx(() -> {
            TransferQueue queue = window.queue();
            queue.sideBySide.set(2);
            window.model().srcDir.set(work.resolve("big").toString());
            window.model().desPrefix.set("big");
            window.addToQueue();
            for (int j = 1; j < transfers; j++) {
                window.model().srcDir.set(work.resolve("small-" + j).toString());
                window.model().desPrefix.set("small-" + j);
                window.addToQueue();
            }
        });
        List<Transfer> all = window.queue().transfers;
        while (true) {
            long posted = System.nanoTime();
            CompletableFuture<Boolean> done = new CompletableFuture<>();
            Platform.runLater(() -> {
                long took = System.nanoTime() - posted;
                latencies.add(took);
                if (took > 100_000_000L && Boolean.getBoolean("bench.verbose")) {
                    System.out.printf("slow %.0f ms at %.2f s: %s%n", took / 1e6, (posted - start) / 1e9,
                            all.stream().map(t -> t.state.get() + " " + Math.round(t.progress.get() * 100)).toList());
                }
                done.complete(all.stream().allMatch(t -> t.state.get().ended()));
            });
            long controlPosted = System.nanoTime();
            plain.submit(() -> control.add(System.nanoTime() - controlPosted)).get(60, TimeUnit.SECONDS);
            if (done.get(60, TimeUnit.SECONDS)) {
                break;
            }
            Thread.sleep(5);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        fx(frames::stop);
        long ok = all.stream().filter(t -> t.state.get() == TransferState.DONE).count();
        plain.shutdown();
        List<Long> lat = new ArrayList<>(latencies);
        Collections.sort(lat);
        List<Long> ctl = new ArrayList<>(control);
        Collections.sort(ctl);
        List<Long> gaps;
        synchronized (frameGaps) {
            gaps = new ArrayList<>(frameGaps);
        }
        Collections.sort(gaps);
        System.out.printf("files=%d transfers=%d done=%d seconds=%.1f uiLatencyMaxMs=%.1f uiLatencyP99Ms=%.1f frameGapMaxMs=%.1f "
                        + "frameGapP99Ms=%.1f frames=%d probes=%d controlMaxMs=%.1f controlP99Ms=%.1f idleMaxMs=%.1f idleP99Ms=%.1f%n", files, transfers, ok, seconds,
                lat.get(lat.size() - 1) / 1e6,
                lat.get((int) (lat.size() * 0.99)) / 1e6, gaps.isEmpty() ? 0 : gaps.get(gaps.size() - 1) / 1e6,
                gaps.isEmpty() ? 0 : gaps.get((int) (gaps.size() * 0.99)) / 1e6, gaps.size(), lat.size(), ctl.get(ctl.size() - 1) / 1e6,
                ctl.get((int) (ctl.size() * 0.99)) / 1e6, idle.get(idle.size() - 1) / 1e6, idle.get((int) (idle.size() * 0.99)) / 1e6);
    }

    private static void fx(Runnable r) throws Exception {
        CompletableFuture<Void> done = new CompletableFuture<>();
        Platform.runLater(() -> {
            r.run();
            done.complete(null);
        });
        done.get(30, TimeUnit.SECONDS);
    }
}
