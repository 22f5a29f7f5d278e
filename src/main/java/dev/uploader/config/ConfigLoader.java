package dev.uploader.config;

import dev.uploader.engine.ObjectKeys;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads and validates a job from the original tool's {@code s3_upload_config.ini}. Every wrong value is refused
 * here, before any transfer, with the file (or command-line option), the key and what is allowed.
 */
public final class ConfigLoader {
    public static final String BASIC = "Basic";
    public static final String LOCAL = "LOCAL_TO_S3";
    public static final String S3 = "S3_TO_S3";
    public static final String OSS = "ALIOSS_TO_S3";
    public static final String ADVANCED = "Advanced";
    public static final String FILTER = "Filter";
    public static final String PAIRS = "BucketPairs";

    static final List<String> STORAGE_CLASSES = List.of("STANDARD", "REDUCED_REDUNDANCY", "STANDARD_IA", "ONEZONE_IA",
            "INTELLIGENT_TIERING", "GLACIER", "GLACIER_IR", "DEEP_ARCHIVE", "EXPRESS_ONEZONE", "OUTPOSTS",
            "NEARLINE", "COLDLINE", "ARCHIVE", "MULTI_REGIONAL", "REGIONAL");
    private static final List<String> LOG_LEVELS = List.of("ERROR", "WARNING", "INFO", "DEBUG");
    private static final Set<String> TRUE = Set.of("1", "yes", "true", "on");
    private static final Set<String> FALSE = Set.of("0", "no", "false", "off");
    private static final Pattern RATE = Pattern.compile("(?i)\\s*([0-9]+(?:\\.[0-9]+)?)\\s*([kmg]?)(?:i?b)?(?:/s)?\\s*");

    private final IniValues values;
    private final Map<String, String> overriddenBy;
    private final Map<String, String> env;

    /**
     * @param overriddenBy "section.key" (lower case) to the command-line option that set it, for messages
     */
    public ConfigLoader(IniValues values, Map<String, String> overriddenBy) {
        this(values, overriddenBy, System.getenv());
    }

    /** @param env environment variables (OSS keys may come from there) */
    public ConfigLoader(IniValues values, Map<String, String> overriddenBy, Map<String, String> env) {
        this.values = values;
        this.overriddenBy = Map.copyOf(overriddenBy);
        this.env = Map.copyOf(env);
    }

    public JobConfig load() {
        JobType jobType = jobType();
        List<BucketPair> pairs = pairs(jobType);
        if (!pairs.isEmpty()) {
            // a job of pairs needs no [Basic] bucket nor source of its own: the first pair stands in where they are missing
            BucketPair first = pairs.get(0);
            IniValues filled = values;
            filled = fillIn(filled, BASIC, "DesBucket", first.destination());
            switch (jobType) {
                case S3_TO_S3 -> filled = fillIn(filled, S3, "SrcBucket", first.source());
                case ALIOSS_TO_S3 -> filled = fillIn(filled, OSS, "ali_SrcBucket", first.source());
                default -> filled = fillIn(filled, LOCAL, "SrcDir", first.source());
            }
            if (filled != values) {
                return new ConfigLoader(filled, overriddenBy, env).loadJob();
            }
        }
        return loadJob();
    }

    private static IniValues fillIn(IniValues values, String section, String key, String value) {
        return values.get(section, key).map(String::isBlank).orElse(true) ? values.with(section, key, value) : values;
    }

    private JobConfig loadJob() {
        JobType jobType = jobType();
        String bucket = required(BASIC, "DesBucket", "the destination bucket name");
        checkBucket(BASIC, "DesBucket", bucket);
        String prefix = ObjectKeys.normalizePrefix(optional(BASIC, "S3Prefix", ""));
        // DesPrefix is for copies between stores; a local upload's destination prefix is S3Prefix, whatever else the file says
        String desPrefix = jobType == JobType.LOCAL_TO_S3 ? prefix
                : values.get(BASIC, "DesPrefix").map(ObjectKeys::normalizePrefix).orElse(prefix);
        String fileIndex = optional(BASIC, "SrcFileIndex", "*");
        String profile = optional(BASIC, "DesProfileName", "default");
        URI endpoint = endpoint(BASIC, "DesEndPointURL");
        String region = optional(BASIC, "DesRegion", "");
        boolean pathStyle = bool(BASIC, "DesPathStyle", false);

        int chunk = integer(ADVANCED, "ChunkSize", 5, 5, 5120, "a whole number of MiB from 5 to 5120 (S3 parts are 5 MiB to 5 GiB)");
        int maxRetry = integer(ADVANCED, "MaxRetry", 20, 0, 100, "a whole number from 0 to 100");
        int maxThread = integer(ADVANCED, "MaxThread", 5, 1, 256, "a whole number from 1 to 256");
        int maxParallelFile = integer(ADVANCED, "MaxParallelFile", 5, 1, 256, "a whole number from 1 to 256");
        if ((long) maxThread * maxParallelFile > 1024) {
            throw new ConfigException(where(ADVANCED, "MaxThread") + ": MaxThread x MaxParallelFile = " + (maxThread * maxParallelFile)
                    + " requests in flight; at most 1024 are allowed");
        }
        String storageClass = storageClass();
        boolean verify = bool(ADVANCED, "ifVerifyMD5", false);
        boolean dontAsk = bool(ADVANCED, "DontAskMeToClean", false);
        String logging = choice(ADVANCED, "LoggingLevel", "INFO", LOG_LEVELS);
        boolean ignoreSmall = bool(ADVANCED, "IgnoreSmallFile", false);
        long bandwidth = rate(ADVANCED, "BandwidthLimit");
        long memoryBudget = memoryBudget(ADVANCED, "MemoryBudget");
        S3ClientChoice s3Client = S3ClientChoice.valueOf(choice(ADVANCED, "S3Client", "AUTO", List.of("AUTO", "SDK")));
        int idleTimeout = integer(ADVANCED, "IdleTimeout", 30, 2, 3600,
                "a whole number of seconds from 2 to 3600: how long a request may go without a byte moving");
        Path caBundle = caBundle();

        Path srcDir = null;
        S3SourceConfig s3Source = null;
        OssSourceConfig ossSource = null;
        String singleFile = fileIndex.equals("*") || fileIndex.isEmpty() ? null : fileIndex;
        if (jobType == JobType.S3_TO_S3) {
            String srcBucket = required(S3, "SrcBucket", "the source bucket name");
            checkBucket(S3, "SrcBucket", srcBucket);
            s3Source = new S3SourceConfig(srcBucket, prefix, optional(S3, "SrcProfileName", "default"), endpoint(S3, "SrcEndPointURL"),
                    blankToNull(optional(S3, "SrcRegion", "")), bool(S3, "SrcPathStyle", false));
        } else if (jobType == JobType.ALIOSS_TO_S3) {
            ossSource = ossSource(prefix);
        } else {
            srcDir = sourceFolder();
            if (singleFile != null) {
                Path file;
                try {
                    file = srcDir.resolve(singleFile).normalize();
                } catch (InvalidPathException e) {
                    throw new ConfigException(where(BASIC, "SrcFileIndex") + ": '" + singleFile + "' is not a valid file name");
                }
                if (!Files.isRegularFile(file)) {
                    throw new ConfigException(where(BASIC, "SrcFileIndex") + ": file " + file
                            + " does not exist; give a file name inside SrcDir, or * for every file");
                }
            }
        }
        return checked(new JobConfig(values.file(), jobType, bucket, desPrefix, singleFile, profile, endpoint,
                region.isBlank() ? null : region, pathStyle, srcDir, chunk, maxRetry, maxThread, maxParallelFile,
                storageClass, verify, dontAsk, logging, ignoreSmall, bandwidth, s3Source, ossSource, memoryBudget, s3Client, idleTimeout, caBundle,
                selection(), inventory(jobType), pairs(jobType), bool(BASIC, "CreateBucket", false)));
    }

    /** The job, with the rules that span sections: an inventory lists one bucket, so it cannot serve several pairs. */
    private JobConfig checked(JobConfig job) {
        if (job.inventory() != null && !job.pairs().isEmpty()) {
            throw new ConfigException(where(S3, "SrcInventory") + " lists one source bucket and cannot serve " + job.pairs().size()
                    + " bucket pairs ([BucketPairs] or --pair): run the pair of that bucket on its own with the inventory");
        }
        return job;
    }

    /** [Filter]: Include and Exclude (comma-separated glob patterns, "\," for a comma), FilterFile, sizes, times, Checksum. */
    private SelectionConfig selection() {
        java.util.List<String> includes = new java.util.ArrayList<>(patterns(FILTER, "Include"));
        java.util.List<String> excludes = new java.util.ArrayList<>(patterns(FILTER, "Exclude"));
        String filterFile = optional(FILTER, "FilterFile", "");
        if (!filterFile.isEmpty()) {
            Path file = relativeToConfig(FILTER, "FilterFile", filterFile);
            try {
                dev.uploader.engine.select.PatternFile read = dev.uploader.engine.select.SourceFilter.readPatternFile(file);
                includes.addAll(read.includes());
                excludes.addAll(read.excludes());
            } catch (java.io.UncheckedIOException | IllegalArgumentException e) {
                throw new ConfigException(where(FILTER, "FilterFile") + ": " + e.getMessage());
            }
        }
        for (String pattern : includes) {
            checkGlob("Include", pattern);
        }
        for (String pattern : excludes) {
            checkGlob("Exclude", pattern);
        }
        long min = size(FILTER, "MinSize");
        long max = size(FILTER, "MaxSize");
        if (min >= 0 && max >= 0 && min > max) {
            throw new ConfigException(where(FILTER, "MinSize") + " is larger than " + where(FILTER, "MaxSize") + ": nothing would move");
        }
        java.time.Instant now = java.time.Instant.now();
        java.time.Instant newer = time(FILTER, "NewerThan", now);
        java.time.Instant older = time(FILTER, "OlderThan", now);
        if (newer != null && older != null && !newer.isBefore(older)) {
            throw new ConfigException(where(FILTER, "NewerThan") + " is not before " + where(FILTER, "OlderThan") + ": nothing would move");
        }
        return new SelectionConfig(includes, excludes, min, max, newer, older, bool(FILTER, "Checksum", false));
    }

    /** Comma-separated patterns; "\," is a comma inside one. */
    private java.util.List<String> patterns(String section, String key) {
        String raw = optional(section, key, "");
        java.util.List<String> out = new java.util.ArrayList<>();
        StringBuilder one = new StringBuilder();
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '\\' && i + 1 < raw.length() && raw.charAt(i + 1) == ',') {
                one.append(',');
                i++;
            } else if (c == ',') {
                add(out, one);
            } else {
                one.append(c);
            }
        }
        add(out, one);
        return out;
    }

    private static void add(java.util.List<String> out, StringBuilder one) {
        String p = one.toString().trim();
        if (!p.isEmpty()) {
            out.add(p);
        }
        one.setLength(0);
    }

    private void checkGlob(String key, String pattern) {
        try {
            dev.uploader.engine.select.Glob.compile(pattern);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(where(FILTER, key) + ": " + e.getMessage());
        }
    }

    private long size(String section, String key) {
        String raw = optional(section, key, "");
        if (raw.isEmpty()) {
            return -1;
        }
        try {
            return dev.uploader.engine.select.SourceFilter.parseSize(raw);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(where(section, key) + " = '" + raw + "' is not valid: " + e.getMessage());
        }
    }

    private java.time.Instant time(String section, String key, java.time.Instant now) {
        String raw = optional(section, key, "");
        if (raw.isEmpty()) {
            return null;
        }
        try {
            return dev.uploader.engine.select.TimeWindow.parseTime(raw, now);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(where(section, key) + " = '" + raw + "' is not valid: " + e.getMessage());
        }
    }

    private Path relativeToConfig(String section, String key, String raw) {
        Path file;
        try {
            file = Path.of(expandHome(raw));
        } catch (InvalidPathException e) {
            throw new ConfigException(where(section, key) + ": '" + raw + "' is not a valid path");
        }
        file = besideConfig(section, key, file, Files::exists);
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new ConfigException(where(section, key) + ": file " + file + " does not exist or cannot be read");
        }
        return file;
    }

    /** [S3_TO_S3] SrcInventory: the manifest.json of an S3 Inventory of the source bucket. */
    private String inventory(JobType jobType) {
        String raw = optional(S3, "SrcInventory", "");
        if (raw.isEmpty()) {
            return null;
        }
        if (jobType != JobType.S3_TO_S3) {
            throw new ConfigException(where(S3, "SrcInventory") + " is for S3_TO_S3 jobs only (JobType is " + jobType + ")");
        }
        if (!raw.startsWith("s3://") || !raw.endsWith("/manifest.json") || raw.length() <= "s3://".length() + "/manifest.json".length()) {
            throw new ConfigException(where(S3, "SrcInventory") + " = '" + raw + "' is not valid: give the inventory's manifest as"
                    + " s3://bucket/path/manifest.json");
        }
        return raw;
    }

    /** [BucketPairs]: each key's value is "SOURCE -> DESTINATION", each side bucket[/prefix] (a folder for LOCAL_TO_S3). */
    private java.util.List<BucketPair> pairs(JobType jobType) {
        java.util.List<BucketPair> pairs = new java.util.ArrayList<>();
        for (String name : values.keys(PAIRS)) {
            String raw = optional(PAIRS, name, "");
            int arrow = raw.indexOf("->");
            if (arrow < 0) {
                throw new ConfigException(where(PAIRS, name) + " = '" + raw + "' is not valid: write SOURCE -> DESTINATION, such as"
                        + " src-bucket/logs -> des-bucket/backup/logs");
            }
            String src = raw.substring(0, arrow).trim();
            String des = raw.substring(arrow + 2).trim();
            String[] d = splitBucket(des);
            checkBucket(PAIRS, name, d[0]);
            if (jobType == JobType.LOCAL_TO_S3) {
                Path dir;
                try {
                    dir = Path.of(expandHome(src));
                } catch (InvalidPathException e) {
                    throw new ConfigException(where(PAIRS, name) + ": '" + src + "' is not a valid folder");
                }
                dir = besideConfig(PAIRS, name, dir, Files::isDirectory);
                if (!Files.isDirectory(dir)) {
                    throw new ConfigException(where(PAIRS, name) + ": folder " + dir.toAbsolutePath().normalize() + " does not exist");
                }
                pairs.add(new BucketPair(dir.toAbsolutePath().normalize().toString(), "", d[0], d[1]));
            } else {
                String[] s = splitBucket(src);
                checkBucket(PAIRS, name, s[0]);
                pairs.add(new BucketPair(s[0], s[1], d[0], d[1]));
            }
        }
        return pairs;
    }

    private static String[] splitBucket(String text) {
        String t = text.startsWith("s3://") ? text.substring(5) : text.startsWith("oss://") ? text.substring(6) : text;
        int slash = t.indexOf('/');
        return slash < 0 ? new String[] {t, ""} : new String[] {t.substring(0, slash), ObjectKeys.normalizePrefix(t.substring(slash + 1))};
    }

    private OssSourceConfig ossSource(String prefix) {
        String bucket = required(OSS, "ali_SrcBucket", "the source OSS bucket name");
        checkBucket(OSS, "ali_SrcBucket", bucket);
        String rawEndpoint = required(OSS, "ali_endpoint", "the OSS endpoint, such as oss-cn-beijing.aliyuncs.com");
        URI endpoint;
        try {
            String withScheme = rawEndpoint.contains("://") ? rawEndpoint : "https://" + rawEndpoint;
            endpoint = new URI(withScheme);
            String scheme = endpoint.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https") || endpoint.getHost() == null) {
                throw new URISyntaxException(rawEndpoint, "not an http(s) endpoint");
            }
        } catch (URISyntaxException e) {
            throw new ConfigException(where(OSS, "ali_endpoint") + ": '" + rawEndpoint + "' is not an OSS endpoint; use a host such as"
                    + " oss-cn-beijing.aliyuncs.com or a URL such as http://127.0.0.1:9000");
        }
        String id = secret("ali_access_key_id", "ALI_ACCESS_KEY_ID", "OSS_ACCESS_KEY_ID");
        String secret = secret("ali_access_key_secret", "ALI_ACCESS_KEY_SECRET", "OSS_ACCESS_KEY_SECRET");
        return new OssSourceConfig(bucket, prefix, endpoint, id, secret);
    }

    /** From the environment when set there (so secrets need not sit in the file), else from the file. */
    private String secret(String key, String... variables) {
        for (String variable : variables) {
            String value = env.get(variable);
            if (value != null && !value.isBlank()) {
                return value.trim();
            }
        }
        String value = optional(OSS, key, "");
        if (value.isBlank()) {
            throw new ConfigException(where(OSS, key) + " is missing or empty: set it, or the environment variable "
                    + String.join(" or ", variables));
        }
        return value;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    private JobType jobType() {
        String raw = optional(BASIC, "JobType", "LOCAL_TO_S3");
        try {
            return JobType.valueOf(raw.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(where(BASIC, "JobType") + ": '" + raw + "' is not a job type; use LOCAL_TO_S3, S3_TO_S3 or ALIOSS_TO_S3");
        }
    }

    /** A PEM file of certificate authorities to trust besides the system's; relative to the config file's folder. */
    private Path caBundle() {
        String raw = optional(ADVANCED, "CaBundle", "");
        if (raw.isBlank()) {
            return null;
        }
        Path file;
        try {
            file = Path.of(expandHome(raw.trim()));
        } catch (InvalidPathException e) {
            throw new ConfigException(where(ADVANCED, "CaBundle") + ": '" + raw + "' is not a valid path");
        }
        file = besideConfig(ADVANCED, "CaBundle", file, Files::exists);
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new ConfigException(where(ADVANCED, "CaBundle") + ": file " + file + " does not exist or cannot be read;"
                    + " give a PEM file of the certificate authorities to trust");
        }
        return file.toAbsolutePath().normalize();
    }

    private Path sourceFolder() {
        String raw = required(LOCAL, "SrcDir", "the local folder to upload");
        Path dir;
        try {
            dir = Path.of(expandHome(raw));
        } catch (InvalidPathException e) {
            throw new ConfigException(where(LOCAL, "SrcDir") + ": '" + raw + "' is not a valid path");
        }
        dir = besideConfig(LOCAL, "SrcDir", dir, Files::isDirectory);
        if (!Files.exists(dir)) {
            throw new ConfigException(where(LOCAL, "SrcDir") + ": folder " + dir + " does not exist");
        }
        if (!Files.isDirectory(dir)) {
            throw new ConfigException(where(LOCAL, "SrcDir") + ": " + dir + " is not a folder; to upload one file set SrcDir"
                    + " to its folder and SrcFileIndex to its name");
        }
        if (!Files.isReadable(dir)) {
            throw new ConfigException(where(LOCAL, "SrcDir") + ": folder " + dir + " cannot be read (permission denied)");
        }
        return dir.toAbsolutePath().normalize();
    }

    /**
     * A relative path given in the config file is read relative to the file's folder, as a user editing it expects,
     * unless it is {@code found} from the working folder; one given by an option is the working folder's.
     */
    private Path besideConfig(String section, String key, Path given, java.util.function.Predicate<Path> found) {
        if (given.isAbsolute() || values.file() == null || overriddenBy.containsKey(key(section, key)) || found.test(given)) {
            return given;
        }
        Path parent = values.file().toAbsolutePath().getParent();
        return parent == null ? given : parent.resolve(given);
    }

    private static String expandHome(String path) {
        if (path.equals("~") || path.startsWith("~/")) {
            return System.getProperty("user.home") + path.substring(1);
        }
        return path;
    }

    private URI endpoint(String section, String key) {
        String raw = optional(section, key, "AWS");
        if (raw.isBlank() || raw.equalsIgnoreCase("AWS")) {
            return null;
        }
        try {
            URI uri = new URI(raw.trim());
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
                throw new URISyntaxException(raw, "not an http(s) URL");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new ConfigException(where(section, key) + ": '" + raw + "' is not an endpoint URL; use AWS (or leave it empty)"
                    + " for Amazon S3, or a URL such as https://storage.googleapis.com or http://127.0.0.1:9000");
        }
    }

    private String storageClass() {
        String raw = optional(ADVANCED, "StorageClass", "STANDARD").toUpperCase(Locale.ROOT);
        if (!STORAGE_CLASSES.contains(raw)) {
            throw new ConfigException(where(ADVANCED, "StorageClass") + ": '" + raw + "' is not a storage class; use one of "
                    + String.join(", ", STORAGE_CLASSES));
        }
        return raw.equals("STANDARD") ? null : raw;
    }

    private void checkBucket(String section, String key, String bucket) {
        if (bucket.length() < 3 || bucket.length() > 222 || !bucket.matches("[A-Za-z0-9][A-Za-z0-9._-]*[A-Za-z0-9]")) {
            throw new ConfigException(where(section, key) + ": '" + bucket + "' is not a bucket name; bucket names are 3 to 63"
                    + " letters, digits, dots and hyphens (GCS: up to 222 with dots, and underscores) (no s3:// and no /prefix: put the prefix in S3Prefix)");
        }
    }

    private String required(String section, String key, String what) {
        String value = optional(section, key, "");
        if (value.isBlank()) {
            throw new ConfigException(where(section, key) + " is missing or empty: set it to " + what);
        }
        return value;
    }

    private String optional(String section, String key, String fallback) {
        return values.get(section, key).map(String::trim).orElse(fallback);
    }

    private int integer(String section, String key, int fallback, int min, int max, String allowed) {
        String raw = optional(section, key, "");
        if (raw.isEmpty()) {
            return fallback;
        }
        try {
            int v = Integer.parseInt(raw);
            if (v < min || v > max) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw new ConfigException(where(section, key) + " = '" + raw + "' is not valid: use " + allowed);
        }
    }

    /** configparser's true values: 1, yes, true, on (any case). */
    public static boolean isTrue(String value) {
        return value != null && TRUE.contains(value.trim().toLowerCase(Locale.ROOT));
    }

    private boolean bool(String section, String key, boolean fallback) {
        String raw = optional(section, key, "").toLowerCase(Locale.ROOT);
        if (raw.isEmpty()) {
            return fallback;
        }
        if (TRUE.contains(raw)) {
            return true;
        }
        if (FALSE.contains(raw)) {
            return false;
        }
        throw new ConfigException(where(section, key) + " = '" + raw + "' is not valid: use True or False");
    }

    private String choice(String section, String key, String fallback, List<String> allowed) {
        String raw = optional(section, key, fallback).toUpperCase(Locale.ROOT);
        if (raw.equals("WARN")) {
            raw = "WARNING";
        }
        if (!allowed.contains(raw)) {
            throw new ConfigException(where(section, key) + " = '" + optional(section, key, fallback) + "' is not valid: use one of "
                    + String.join(", ", allowed));
        }
        return raw;
    }

    private long rate(String section, String key) {
        String raw = optional(section, key, "");
        if (raw.isEmpty() || raw.equals("0")) {
            return 0;
        }
        long parsed = parseRate(raw);
        if (parsed < 0) {
            throw new ConfigException(where(section, key) + " = '" + raw + "' is not valid: use bytes per second with an optional"
                    + " K, M or G (KiB, MiB, GiB), such as 500K or 20M; 0 for no limit");
        }
        return parsed;
    }

    /** Smallest memory budget: three parts of the smallest size S3 allows, and some room. */
    static final long MIN_MEMORY_BUDGET = 16L * 1024 * 1024;

    /** Bytes, with K, M or G; empty for the default (0: half the maximum heap); never more than the heap itself. */
    private long memoryBudget(String section, String key) {
        String raw = optional(section, key, "");
        if (raw.isEmpty()) {
            return 0;
        }
        long parsed = parseRate(raw);
        long heap = Runtime.getRuntime().maxMemory();
        if (parsed < MIN_MEMORY_BUDGET) {
            throw new ConfigException(where(section, key) + " = '" + raw + "' is not valid: use a size of at least 16M with K, M or G"
                    + " (KiB, MiB, GiB), such as 256M or 2G; leave it empty for half the Java heap");
        }
        if (parsed > heap / 2) {
            // the rest of the heap holds the clients, the listings and the collector's headroom
            throw new ConfigException(where(section, key) + " = '" + raw + "' is more than half the Java heap of " + (heap >> 20)
                    + " MiB; give at most " + (heap / 2 >> 20) + "M, or start Java with a larger -Xmx");
        }
        return parsed;
    }

    /** "20M" is 20 MiB/s; returns -1 when the text is not a rate. */
    public static long parseRate(String text) {
        Matcher m = RATE.matcher(text);
        if (!m.matches()) {
            return -1;
        }
        double n = Double.parseDouble(m.group(1));
        long unit = switch (m.group(2).toLowerCase(Locale.ROOT)) {
            case "k" -> 1024L;
            case "m" -> 1024L * 1024;
            case "g" -> 1024L * 1024 * 1024;
            default -> 1L;
        };
        double bytes = n * unit;
        if (bytes < 1 && n != 0) {
            return -1;
        }
        return (long) bytes;
    }

    private String where(String section, String key) {
        String option = overriddenBy.get(key(section, key));
        if (option != null) {
            return option + " (" + key + ")";
        }
        return (values.file() == null ? "config" : values.file().toString()) + ": [" + section + "] " + key;
    }

    static String key(String section, String key) {
        return section.toLowerCase(Locale.ROOT) + "." + key.toLowerCase(Locale.ROOT);
    }
}
