package dev.uploader.soak;

import dev.uploader.testing.FaultyRelay;
import dev.uploader.testing.S3TestServer;
import dev.uploader.testing.TestFiles;
import dev.uploader.testing.TestProfiles;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The kill soak ({@code bench/soak.sh}): real uploader processes killed with SIGKILL at random moments, N rounds,
 * LOCAL_TO_S3 (several files, several parts in flight, a file sometimes rewritten between kills) and S3_TO_S3 (a
 * source object sometimes replaced between kills), sometimes killed twice in a row, then run to the end. After each
 * round every object is compared byte for byte with its source, nothing may be left unfinished, and the bytes that
 * reached the store in all runs may exceed the source's bytes only by what was in flight at each kill and what
 * was sent of versions replaced since. A soak, not a test: minutes of runs, figures for docs/reliability.md.
 *
 * <p>With {@code faults}, every run (killed or not) also goes through a {@link FaultyRelay} in front of each store that
 * spoils one request in 3 to 10 with every fault it knows, the lost answer to a POST included, under a 3-second idle
 * timeout: the same checks hold, the bound on bytes grows by a part for each fault, and the report adds the faults
 * tried and survived and the longest time a fault held its request up.
 *
 * <pre>java -cp TEST_CLASSPATH dev.uploader.soak.KillSoak ROUNDS WORK_DIR UPLOADER_JAR [SEED] [faults]</pre>
 */
public final class KillSoak {
    private static final long MIB = 1024L * 1024;
    private static final int PART_MIB = 5;
    private static final int MAX_THREAD = 3;
    private static final int MAX_PARALLEL_FILE = 2;
    /** The most bytes a kill can waste: every part in flight, each of at most 8 MiB (S3 sources keep their own layout). */
    private static final long IN_FLIGHT = (long) MAX_THREAD * MAX_PARALLEL_FILE * 8 * MIB;

    private final Path work;
    private final Path jar;
    private final Random random;
    private final S3TestServer destination;
    private final S3TestServer source;
    private final List<String> failures = new ArrayList<>();
    private int kills;
    private int killedTwice;
    private int missedKills;
    private int replaced;
    private int resumedRounds;
    private long sourceBytes;
    private long receivedBytes;
    private long maxOverhead;
    private final boolean faults;
    private final List<FaultyRelay> relays = new ArrayList<>();
    private final Map<FaultyRelay.Fault, Integer> faultsTried = new java.util.EnumMap<>(FaultyRelay.Fault.class);
    private int faultsSurvived;
    private Duration longestRecovery = Duration.ZERO;
    private int leftBehind;
    private int bucketsKept;
    private long slowestFinalRunMillis;

    private KillSoak(Path work, Path jar, long seed, boolean faults) throws Exception {
        this.work = work;
        this.faults = faults;
        this.jar = jar;
        this.random = new Random(seed);
        this.destination = S3TestServer.onDisk(work.resolve("store-dst"));
        this.source = S3TestServer.onDisk(work.resolve("store-src"), TestProfiles.SOURCE_ACCESS_KEY, TestProfiles.SOURCE_SECRET_KEY);
        TestProfiles.write(work.resolve("aws"), S3TestServer.ACCESS_KEY, S3TestServer.SECRET_KEY);
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        Path work = Path.of(args.length > 1 ? args[1] : "/tmp/uploader-soak").toAbsolutePath();
        Path jar = Path.of(args.length > 2 ? args[2] : "target/uploader.jar").toAbsolutePath();
        long seed = args.length > 3 ? Long.parseLong(args[3]) : System.currentTimeMillis();
        Files.createDirectories(work);
        boolean faults = args.length > 4 && args[4].equals("faults");
        KillSoak soak = new KillSoak(work, jar, seed, faults);
        long start = System.nanoTime();
        int passed = 0;
        for (int round = 1; round <= rounds; round++) {
            boolean remote = round % 2 == 0;
            try {
                String line = remote ? soak.s3ToS3Round(round) : soak.localRound(round);
                passed++;
                soak.faultsSurvived += soak.faultsThisRound();
                System.out.println("[soak] round " + round + " OK   " + line + soak.faultLine());
            } catch (Exception | AssertionError e) {
                soak.failures.add("round " + round + ": " + e.getMessage());
                System.out.println("[soak] round " + round + " FAIL " + e.getMessage() + soak.faultLine());
            } finally {
                soak.closeRelays();
            }
        }
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        soak.report(rounds, passed, seed, took);
        soak.destination.close();
        soak.source.close();
        System.exit(passed == rounds ? 0 : 1);
    }

    // ---- rounds ----

    private String localRound(int round) throws Exception {
        String bucket = "local-" + round;
        destination.createBucket(bucket);
        Path src = work.resolve("src-" + round);
        Map<String, Long> sizes = new LinkedHashMap<>();
        int files = 2 + random.nextInt(3);
        for (int i = 0; i < files; i++) {
            long size = i == 0 ? random.nextInt(200_000) : (6 + random.nextInt(30)) * MIB + random.nextInt(100_000);
            TestFiles.write(src.resolve("dir " + i + "/file-" + i + ".bin"), size, random.nextLong());
            sizes.put("dir " + i + "/file-" + i + ".bin", size);
        }
        long total = sizes.values().stream().mapToLong(Long::longValue).sum();
        Path config = config(bucket, "LOCAL_TO_S3", "SrcDir = " + src, through(destination));
        destination.resetCounters();
        long extra = 0;
        int killsHere = killsThisRound();
        String rewritten = "";
        for (int k = 0; k < killsHere; k++) {
            runAndKill(config, total);
            if (random.nextInt(4) == 0) {
                // the user changes a file between two runs: its old parts must not be kept
                String name = new ArrayList<>(sizes.keySet()).get(random.nextInt(sizes.size()));
                try (RandomAccessFile raf = new RandomAccessFile(src.resolve(name).toFile(), "rw")) {
                    raf.seek(raf.length() / 2);
                    raf.write(new byte[] {(byte) random.nextInt(), 7, 7, 7});
                }
                extra += sizes.get(name);
                rewritten = ", rewrote " + name;
            }
        }
        String out = runToEnd(config, round);
        long received = destination.bytesReceived();
        checkBound(received, total, killsHere, extra, out);
        try (S3Client dst = destination.client()) {
            for (String name : sizes.keySet()) {
                String key = "soak/" + name;
                check(TestFiles.md5(src.resolve(name)).equals(TestFiles.objectMd5(dst, bucket, key)), key + " differs from its file\n" + out);
            }
            checkNothingUnfinished(dst, bucket, out);
            emptyBucket(dst, bucket);
        }
        deleteTree(src);
        return "LOCAL_TO_S3 " + files + " files " + mib(total) + ", " + killsHere + " kill(s)" + rewritten + ", store received "
                + mib(received) + resumed(out);
    }

    private String s3ToS3Round(int round) throws Exception {
        String srcBucket = "src-" + round;
        String bucket = "copy-" + round;
        source.createBucket(srcBucket);
        destination.createBucket(bucket);
        Map<String, byte[]> objects = new LinkedHashMap<>();
        int count = 1 + random.nextInt(3);
        try (S3Client src = source.client()) {
            for (int i = 0; i < count; i++) {
                objects.put("soak/object-" + i + ".bin", putSource(src, srcBucket, "soak/object-" + i + ".bin", round * 100L + i));
            }
        }
        long total = objects.values().stream().mapToLong(b -> b.length).sum();
        Path config = config(bucket, "S3_TO_S3", "SrcBucket = " + srcBucket + "\nSrcProfileName = " + TestProfiles.SOURCE_PROFILE
                + "\nSrcEndPointURL = " + through(source), through(destination));
        destination.resetCounters();
        long extra = 0;
        int killsHere = killsThisRound();
        String replacedHere = "";
        for (int k = 0; k < killsHere; k++) {
            runAndKill(config, total);
            if (random.nextInt(2) == 0) {
                // a new version of the source object between two kills, sometimes of the same size
                String key = new ArrayList<>(objects.keySet()).get(random.nextInt(objects.size()));
                extra += objects.get(key).length;
                try (S3Client src = source.client()) {
                    byte[] next = putSource(src, srcBucket, key, random.nextLong(), random.nextBoolean() ? objects.get(key).length : -1);
                    total += next.length - objects.get(key).length;
                    objects.put(key, next);
                }
                replaced++;
                replacedHere = ", replaced " + key;
            }
        }
        String out = runToEnd(config, round);
        long received = destination.bytesReceived();
        checkBound(received, total, killsHere, extra, out);
        try (S3Client dst = destination.client(); S3Client src = source.client()) {
            for (Map.Entry<String, byte[]> o : objects.entrySet()) {
                check(md5(o.getValue()).equals(TestFiles.objectMd5(dst, bucket, o.getKey())), o.getKey() + " differs from the source\n" + out);
            }
            checkNothingUnfinished(dst, bucket, out);
            emptyBucket(dst, bucket);
            emptyBucket(src, srcBucket);
        }
        return "S3_TO_S3 " + count + " objects " + mib(total) + ", " + killsHere + " kill(s)" + replacedHere + ", store received "
                + mib(received) + resumed(out);
    }

    private byte[] putSource(S3Client s3, String bucket, String key, long seed) {
        return putSource(s3, bucket, key, seed, -1);
    }

    /** One PUT or a multipart upload of 5 or 8 MiB parts, 6 to 30 MiB (or {@code size} bytes when not -1). */
    private byte[] putSource(S3Client s3, String bucket, String key, long seed, long size) {
        Random r = new Random(seed);
        long length = size >= 0 ? size : (6 + r.nextInt(25)) * MIB + r.nextInt(100_000);
        byte[] data = new byte[(int) length];
        r.nextBytes(data);
        if (r.nextBoolean()) {
            s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromBytes(data));
            return data;
        }
        TestFiles.putInParts(s3, bucket, key, data, (r.nextBoolean() ? 5 : 8) * MIB);
        return data;
    }

    private int killsThisRound() {
        int n = random.nextInt(10) < 3 ? 2 : 1;
        if (n == 2) {
            killedTwice++;
        }
        return n;
    }

    // ---- processes ----

    private Path config(String bucket, String jobType, String sourceLines, java.net.URI destinationEndpoint) throws IOException {
        String section = jobType.equals("LOCAL_TO_S3") ? "[LOCAL_TO_S3]" : "[S3_TO_S3]";
        Path file = work.resolve(bucket + ".ini");
        Files.writeString(file, String.join("\n", "[Basic]", "JobType = " + jobType, "S3Prefix = soak",
                "DesProfileName = " + TestProfiles.PROFILE, "DesBucket = " + bucket, "DesEndPointURL = " + destinationEndpoint,
                section, sourceLines,
                "[Advanced]", "ChunkSize = " + PART_MIB, "MaxRetry = 5", "MaxThread = " + MAX_THREAD, "MaxParallelFile = " + MAX_PARALLEL_FILE,
                "DontAskMeToClean = True", faults ? "IdleTimeout = 3" : "", ""));
        return file;
    }

    // ---- faults ----

    /** The server's endpoint, or in a faults run that of a new relay in front of it that spoils one request in 3 to 10. */
    private java.net.URI through(S3TestServer server) throws IOException {
        if (!faults) {
            return server.endpoint();
        }
        List<FaultyRelay.Fault> order = new ArrayList<>(List.of(FaultyRelay.Fault.values()));
        java.util.Collections.shuffle(order, random); // a round deals a few faults: which ones, at random
        FaultyRelay relay = new FaultyRelay(server.endpoint(), 3 + random.nextInt(8), order);
        relays.add(relay);
        return relay.endpoint();
    }

    private int faultsThisRound() {
        int n = 0;
        for (FaultyRelay relay : relays) {
            for (FaultyRelay.Fault f : FaultyRelay.Fault.values()) {
                n += relay.injected(f);
            }
        }
        return n;
    }

    private String faultLine() {
        return faults ? " [" + faultsThisRound() + " fault(s)]" : "";
    }

    private void closeRelays() throws IOException {
        for (FaultyRelay relay : relays) {
            for (FaultyRelay.Fault f : FaultyRelay.Fault.values()) {
                faultsTried.merge(f, relay.injected(f), Integer::sum);
            }
            if (relay.longestRecovery().compareTo(longestRecovery) > 0) {
                longestRecovery = relay.longestRecovery();
            }
            relay.close();
        }
        relays.clear();
    }

    /** A part's worth of bytes per fault the destination's relay dealt: an answer lost after the store took a part. */
    private long faultAllowance() {
        return relays.isEmpty() ? 0 : (long) faultsThisRound() * 8 * MIB;
    }

    private Process start(Path config, Path output, String... extra) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-Duser.home=" + work, "-jar", jar.toString(), "--nogui", "--config",
                config.toString(), "--log-dir", work.resolve("logs").toString()));
        command.addAll(List.of(extra));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
        builder.environment().putAll(TestProfiles.environment(work.resolve("aws")));
        builder.environment().put("HOME", work.toString());
        builder.environment().remove("XDG_STATE_HOME");
        return builder.start();
    }

    /**
     * A run held to a random rate, killed with SIGKILL at a random moment of it: one kill in five while it starts and
     * plans (the first 0.7 s), the others while bytes move (a run that ends first is counted apart).
     */
    private void runAndKill(Path config, long bytes) throws Exception {
        int rate = 20 + random.nextInt(60);
        double startup = 0.7;
        double transfer = bytes / (rate * (double) MIB);
        double seconds = random.nextInt(5) == 0 ? random.nextDouble() * startup : startup + random.nextDouble() * transfer;
        long at = (long) (seconds * 1000);
        Process p = start(config, work.resolve("killed.out"), "--bwlimit", rate + "M");
        if (p.waitFor(at, TimeUnit.MILLISECONDS)) {
            missedKills++;
            return;
        }
        p.destroyForcibly(); // SIGKILL
        check(p.waitFor(30, TimeUnit.SECONDS), "a killed uploader did not end");
        kills++;
        relays.forEach(FaultyRelay::forgetPending); // what the killed run was waiting for is never asked again
    }

    private String runToEnd(Path config, int round) throws Exception {
        Path output = work.resolve("final-" + round + ".out");
        long started = System.nanoTime();
        Process p = start(config, output);
        check(p.waitFor(300, TimeUnit.SECONDS), "the final run did not end within 300 s");
        slowestFinalRunMillis = Math.max(slowestFinalRunMillis, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
        String out = Files.readString(output);
        check(p.exitValue() == 0, "the final run exited " + p.exitValue() + "\n" + out);
        return out;
    }

    // ---- checks ----

    private void checkBound(long received, long total, int killsHere, long replacedBytes, String out) {
        long bound = total + (long) killsHere * IN_FLIGHT + replacedBytes + faultAllowance();
        sourceBytes += total;
        receivedBytes += received;
        maxOverhead = Math.max(maxOverhead, received - total);
        check(received <= bound, "the store received " + received + " bytes for " + total + " bytes of source: more than the missing"
                + " parts and those in flight at each kill (" + bound + ")\n" + out);
    }

    private void checkNothingUnfinished(S3Client dst, String bucket, String out) {
        List<MultipartUpload> left = dst.listMultipartUploads(b -> b.bucket(bucket)).uploads();
        leftBehind += left.size();
        check(left.isEmpty(), left.size() + " unfinished upload(s) left behind\n" + out);
    }

    private String resumed(String out) {
        for (String line : out.split("\n")) {
            if (line.trim().startsWith("resumed:") && !line.contains(" 0 part(s) reused")) {
                resumedRounds++;
                return "; " + line.trim();
            }
        }
        return "";
    }

    private static void check(boolean ok, String what) {
        if (!ok) {
            throw new AssertionError(what);
        }
    }

    private void report(int rounds, int passed, long seed, Duration took) {
        System.out.println();
        System.out.println("## Kill soak" + (faults ? " with faults" : "") + ", " + java.time.LocalDate.now());
        System.out.println();
        System.out.println("| | |");
        System.out.println("|---|---|");
        System.out.println("| rounds passed | " + passed + " of " + rounds + " (seed " + seed + ") |");
        System.out.println("| SIGKILLs that hit a running uploader | " + kills + " (" + missedKills + " more came after the run had ended) |");
        System.out.println("| rounds killed twice in a row | " + killedTwice + " |");
        System.out.println("| source objects replaced between kills | " + replaced + " |");
        System.out.println("| rounds whose last run kept parts of an earlier one | " + resumedRounds + " |");
        System.out.println("| bytes of source / received by the store | " + mib(sourceBytes) + " / " + mib(receivedBytes) + " |");
        System.out.println("| most bytes beyond the source's in one round | " + mib(maxOverhead) + " (within that round's bound: "
                + mib(IN_FLIGHT) + " per kill plus replaced versions) |");
        if (faults) {
            int tried = faultsTried.values().stream().mapToInt(Integer::intValue).sum();
            System.out.println("| faults survived / tried | " + faultsSurvived + " / " + tried + " (faults of failed rounds count as not survived) |");
            StringBuilder kinds = new StringBuilder();
            faultsTried.forEach((f, n) -> kinds.append(kinds.length() == 0 ? "" : ", ").append(f.name().toLowerCase(Locale.ROOT)).append(' ').append(n));
            System.out.println("| faults by kind | " + kinds + " |");
            System.out.println("| longest a fault held its request up | " + String.format(Locale.ROOT, "%.1f s", longestRecovery.toMillis() / 1000.0)
                    + " (idle timeout 3 s; fault to the store's next answer to that request, backoff included) |");
            System.out.println("| slowest final run | " + String.format(Locale.ROOT, "%.1f s", slowestFinalRunMillis / 1000.0) + " |");
        }
        System.out.println("| unfinished uploads left behind | " + leftBehind + " |");
        if (bucketsKept > 0) {
            System.out.println("| buckets S3Proxy would not delete (an empty folder of its own, no object, no upload listed) | " + bucketsKept + " |");
        }
        System.out.println("| time | " + took.toMinutes() + " min " + took.toSecondsPart() + " s |");
        if (!failures.isEmpty()) {
            System.out.println();
            System.out.println("Failures:");
            failures.forEach(f -> System.out.println("- " + f.lines().findFirst().orElse(f)));
        }
    }

    private static String mib(long bytes) {
        return String.format(Locale.ROOT, "%.1f MiB", bytes / (double) MIB);
    }

    private static String md5(byte[] data) throws Exception {
        MessageDigest d = MessageDigest.getInstance("MD5");
        return HexFormat.of().formatHex(d.digest(data));
    }

    private void emptyBucket(S3Client s3, String bucket) {
        for (S3Object o : s3.listObjectsV2Paginator(b -> b.bucket(bucket)).contents()) {
            s3.deleteObject(b -> b.bucket(bucket).key(o.key()));
        }
        try {
            s3.deleteBucket(b -> b.bucket(bucket));
        } catch (software.amazon.awssdk.services.s3.model.S3Exception notEmpty) {
            // S3Proxy's filesystem store can keep an empty folder of a completed multipart upload (seen when a part was
            // sent twice): no object and no upload is listed (checked before), so the round stands; the bucket stays
            if (notEmpty.statusCode() != 409) {
                throw notEmpty;
            }
            bucketsKept++;
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
