package dev.uploader.demo;

import dev.uploader.testing.S3TestServer;
import dev.uploader.testing.TestFiles;
import dev.uploader.testing.TestProfiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * {@code ./mvnw -Pdemo}: the main job on a machine without any cloud account. Starts a local S3-compatible
 * server (S3Proxy, objects under target/demo/store), makes a sample folder, and runs the real
 * {@code java -jar target/uploader.jar --nogui} against it three times: the first run is killed with SIGKILL halfway
 * through a multipart file, the second resumes it (keeping the parts it can prove) and says what it verified, the
 * third finds everything there. Then it reads every object back and compares it with its file.
 */
public final class LocalDemo {
    private LocalDemo() {
    }

    public static void main(String[] args) throws Exception {
        Path target = Path.of(args.length > 0 ? args[0] : "target").toAbsolutePath();
        Path demo = target.resolve("demo");
        deleteTree(demo);
        Path sample = makeSample(demo.resolve("sample"));
        TestProfiles.write(demo.resolve("aws"), S3TestServer.ACCESS_KEY, S3TestServer.SECRET_KEY);
        try (S3TestServer server = S3TestServer.onDisk(demo.resolve("store"))) {
            server.createBucket("demo-bucket");
            Path config = demo.resolve("s3_upload_config.ini");
            Files.writeString(config, String.join("\n",
                    "[Basic]", "JobType = LOCAL_TO_S3", "SrcFileIndex = *", "S3Prefix = demo/upload",
                    "DesProfileName = " + TestProfiles.PROFILE, "DesBucket = demo-bucket", "DesEndPointURL = " + server.endpoint(),
                    "[LOCAL_TO_S3]", "SrcDir = " + sample,
                    "[Advanced]", "ChunkSize = 5", "MaxRetry = 5", "MaxThread = 4", "MaxParallelFile = 4",
                    "StorageClass = STANDARD", "ifVerifyMD5 = True", "DontAskMeToClean = True", "LoggingLevel = INFO", ""));
            say("Local S3-compatible server (S3Proxy) at " + server.endpoint() + ", bucket demo-bucket");
            say("Sample folder " + sample + "; config " + config);

            say("1) uploading the sample folder, held to 10 MiB/s, and killing the uploader with SIGKILL halfway through "
                    + VIDEO + " (8 parts of 5 MiB)");
            boolean killed = runAndKillMidFile(target, demo, config, server);
            say("2) running the same job again: it resumes the unfinished upload, keeping each stored part whose MD5 equals the"
                    + " file's bytes read again, and says what it verified");
            int second = runUploader(target, demo, config, List.of());
            say("3) running it once more: everything is already there and is skipped");
            int third = runUploader(target, demo, config, List.of());
            boolean identical = check(server, sample);
            boolean ok = killed && second == 0 && third == 0 && identical;
            say(ok ? "Demo OK: the interrupted file was resumed, and every object is byte-identical to its file."
                    : "Demo FAILED (killed mid-file " + killed + ", exit codes " + second + ", " + third + ")");
            System.exit(ok ? 0 : 1);
        }
    }

    private static Path makeSample(Path dir) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("README.txt"), "A sample folder uploaded by the uploader's demo.\n");
        Files.writeString(dir.resolve("notes with spaces.txt"), "spaces, #hash, %percent and +plus in names are fine\n");
        TestFiles.write(dir.resolve("photos/été 2024/plage.jpg"), 700_000, 1);
        TestFiles.write(dir.resolve("photos/日本/桜.png"), 300_000, 2);
        TestFiles.write(dir.resolve("data/small.bin"), 1, 3);
        TestFiles.write(dir.resolve("data/empty.bin"), 0, 4);
        TestFiles.write(dir.resolve("data/archive-12MiB.tar"), 12 * TestFiles.MIB + 5, 5);
        TestFiles.write(dir.resolve("video/clip-40MiB.mp4"), 40 * TestFiles.MIB, 6);
        return dir;
    }

    private static final String VIDEO = "video/clip-40MiB.mp4";

    private static Process startUploader(Path target, Path demo, Path config, List<String> extra) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-jar", target.resolve("uploader.jar").toString(),
                "--nogui", "--config", config.toString(), "--progress-interval", "1", "--log-dir", demo.resolve("logs").toString()));
        command.addAll(extra);
        ProcessBuilder builder = new ProcessBuilder(command).inheritIO();
        builder.environment().putAll(TestProfiles.environment(demo.resolve("aws")));
        say("$ java " + String.join(" ", command.subList(1, command.size())));
        return builder.start();
    }

    private static int runUploader(Path target, Path demo, Path config, List<String> extra) throws Exception {
        int code = startUploader(target, demo, config, extra).waitFor();
        say("exit code " + code);
        return code;
    }

    /** Starts a slowed-down run and kills it once some, not all, parts of the video are stored; true when it was. */
    private static boolean runAndKillMidFile(Path target, Path demo, Path config, S3TestServer server) throws Exception {
        Process run = startUploader(target, demo, config, List.of("--bwlimit", "10M"));
        String key = "demo/upload/" + VIDEO;
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(120);
        try (S3Client s3 = server.client()) {
            while (run.isAlive() && System.nanoTime() < deadline) {
                for (var upload : s3.listMultipartUploads(b -> b.bucket("demo-bucket").prefix(key)).uploads()) {
                    int parts = s3.listParts(b -> b.bucket("demo-bucket").key(key).uploadId(upload.uploadId())).parts().size();
                    if (parts >= 3) {
                        run.destroyForcibly(); // SIGKILL: no chance to clean up or to say anything
                        run.waitFor();
                        // parts in flight at the kill may have been stored too: count after it
                        int stored = s3.listParts(b -> b.bucket("demo-bucket").key(key).uploadId(upload.uploadId())).parts().size();
                        System.out.println();
                        say("killed the uploader with SIGKILL: " + stored + " of 8 parts of " + VIDEO + " were stored, the upload unfinished");
                        return true;
                    }
                }
                Thread.sleep(50);
            }
        }
        say("the first run ended before it could be killed mid-file (exit code " + run.waitFor() + ")");
        return false;
    }

    private static boolean check(S3TestServer server, Path sample) throws Exception {
        say("4) reading every object back from the server and comparing it with its file");
        boolean ok = true;
        try (S3Client s3 = server.client(); Stream<Path> files = Files.walk(sample)) {
            for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                String key = "demo/upload/" + sample.relativize(file).toString().replace('\\', '/');
                boolean same = TestFiles.md5(file).equals(TestFiles.objectMd5(s3, "demo-bucket", key));
                ok &= same;
                S3Object listed = s3.listObjectsV2(b -> b.bucket("demo-bucket").prefix(key)).contents().get(0);
                System.out.printf("   %-4s %-48s %10d bytes  ETag %s%n", same ? "ok" : "BAD", key, listed.size(), listed.eTag());
            }
        }
        return ok;
    }

    private static void say(String line) {
        System.out.println("[demo] " + line);
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
