package dev.uploader.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
    private static final long MIB = 1024L * 1024;

    @TempDir
    Path dir;

    private Path srcDir;
    private Path file;

    @BeforeEach
    void setUp() throws IOException {
        srcDir = Files.createDirectories(dir.resolve("source"));
        Files.writeString(srcDir.resolve("a.txt"), "hello");
        file = dir.resolve("s3_upload_config.ini");
    }

    /** The original tool's layout with every key, each overridable by "Section.Key" in {@code changes} (null removes). */
    private Path writeConfig(Map<String, String> changes) throws IOException {
        Map<String, Map<String, String>> sections = new LinkedHashMap<>();
        Map<String, String> basic = new LinkedHashMap<>();
        basic.put("JobType", "LOCAL_TO_S3");
        basic.put("SrcFileIndex", "*");
        basic.put("S3Prefix", "my-prefix");
        basic.put("DesProfileName", "default");
        basic.put("DesBucket", "my-bucket");
        basic.put("DesEndPointURL", "AWS");
        sections.put("Basic", basic);
        Map<String, String> local = new LinkedHashMap<>();
        local.put("SrcDir", srcDir.toString());
        sections.put("LOCAL_TO_S3", local);
        Map<String, String> advanced = new LinkedHashMap<>();
        advanced.put("ChunkSize", "5");
        advanced.put("MaxRetry", "20");
        advanced.put("MaxThread", "5");
        advanced.put("MaxParallelFile", "5");
        advanced.put("StorageClass", "STANDARD");
        advanced.put("ifVerifyMD5", "False");
        advanced.put("DontAskMeToClean", "False");
        advanced.put("LoggingLevel", "INFO");
        advanced.put("IgnoreSmallFile", "False");
        advanced.put("BandwidthLimit", "0");
        sections.put("Advanced", advanced);
        changes.forEach((where, value) -> {
            String[] parts = where.split("\\.", 2);
            Map<String, String> section = sections.computeIfAbsent(parts[0], k -> new LinkedHashMap<>());
            if (value == null) {
                section.remove(parts[1]);
            } else {
                section.put(parts[1], value);
            }
        });
        StringBuilder ini = new StringBuilder();
        sections.forEach((name, keys) -> {
            ini.append('[').append(name).append("]\n");
            keys.forEach((k, v) -> ini.append(k).append(" = ").append(v).append('\n'));
            ini.append('\n');
        });
        Files.writeString(file, ini.toString(), StandardCharsets.UTF_8);
        return file;
    }

    private JobConfig load(Map<String, String> changes) throws IOException {
        return new ConfigLoader(IniValues.read(writeConfig(changes)), Map.of()).load();
    }

    private JobConfig load(String where, String value) throws IOException {
        Map<String, String> changes = new LinkedHashMap<>();
        changes.put(where, value);
        return load(changes);
    }

    /** Loads with one changed key and checks the message names the file, "[Section] Key", and each allowed fragment. */
    private ConfigException assertRefused(String where, String value, String... allowed) throws IOException {
        Map<String, String> changes = new LinkedHashMap<>();
        changes.put(where, value);
        IniValues values = IniValues.read(writeConfig(changes));
        ConfigException e = assertThrows(ConfigException.class, () -> new ConfigLoader(values, Map.of()).load());
        String[] parts = where.split("\\.", 2);
        String message = e.getMessage();
        assertTrue(message.contains(file.toString()), "file path missing: " + message);
        assertTrue(message.contains("[" + parts[0] + "] " + parts[1]), "section and key missing: " + message);
        for (String fragment : allowed) {
            assertTrue(message.contains(fragment), "'" + fragment + "' missing: " + message);
        }
        return e;
    }

    // ---- the original file, unchanged -------------------------------------------------------------------------

    @Test
    void load_shippedConfigWithExistingSrcDir_givesEveryValue() {
        IniValues shipped = IniValues.read(Path.of("s3_upload_config.ini")).with(ConfigLoader.LOCAL, "SrcDir", srcDir.toString());

        JobConfig job = new ConfigLoader(shipped, Map.of()).load();

        assertEquals(Path.of("s3_upload_config.ini"), job.file());
        assertEquals(JobType.LOCAL_TO_S3, job.jobType());
        assertEquals("my-bucket", job.desBucket());
        assertEquals("my-prefix", job.s3Prefix());
        assertNull(job.srcFileIndex());
        assertEquals("default", job.desProfileName());
        assertNull(job.desEndpoint());
        assertNull(job.desRegion());
        assertFalse(job.desPathStyle());
        assertEquals(srcDir.toAbsolutePath().normalize(), job.srcDir());
        assertEquals(5, job.chunkSizeMiB());
        assertEquals(20, job.maxRetry());
        assertEquals(5, job.maxThread());
        assertEquals(5, job.maxParallelFile());
        assertNull(job.storageClass());
        assertFalse(job.verifyMd5());
        assertFalse(job.dontAskMeToClean());
        assertEquals("INFO", job.loggingLevel());
        assertFalse(job.ignoreSmallFile());
        assertEquals(0, job.bandwidthLimit());
    }

    @Test
    void load_shippedConfigUnchanged_refusedNamingItsMissingSrcDir() {
        Assumptions.assumeFalse(Files.exists(Path.of("/home/ec2-user/mydir")), "the sample folder exists here");
        Path shipped = Path.of("s3_upload_config.ini");

        ConfigException e = assertThrows(ConfigException.class, () -> new ConfigLoader(IniValues.read(shipped), Map.of()).load());

        assertTrue(e.getMessage().contains(shipped.toString() + ": [LOCAL_TO_S3] SrcDir"), e.getMessage());
        assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
    }

    @Test
    void load_originalLayoutWithBomMixedCaseKeysColonsAndComments_readsValues() throws IOException {
        String text = "\uFEFF# s3_upload_config.ini of s3_upload.py\r\n"
                + "[Basic]\r\n"
                + "jobtype = local_to_s3\r\n"
                + "# 'LOCAL_TO_S3' | 'S3_TO_S3' | 'ALIOSS_TO_S3'\r\n"
                + "SRCFILEINDEX = a.txt\r\n"
                + "DesProfileName: minio\r\n"
                + "desbucket: my-bucket\r\n"
                + "s3prefix = /backup//2024/\r\n"
                + "DesEndpointURL = http://127.0.0.1:9000\r\n"
                + "; the region\r\n"
                + "DESREGION = eu-west-1\r\n"
                + "\r\n"
                + "[local_to_s3]\r\n"
                + "srcdir = " + srcDir + "\r\n"
                + "\r\n"
                + "[S3_TO_S3]\r\n"
                + "SrcBucket = ignored\r\n"
                + "\r\n"
                + "[ADVANCED]\r\n"
                + "CHUNKSIZE = 16\r\n"
                + "maxretry: 3\r\n"
                + "MaxThread = 8\r\n"
                + "maxparallelfile = 2\r\n"
                + "storageclass = standard_ia\r\n"
                + "IfVerifyMd5 = True\r\n"
                + "dontaskmetoclean = yes\r\n"
                + "logginglevel = debug\r\n"
                + "ignoresmallfile = 1\r\n"
                + "bandwidthlimit = 500K\r\n";
        Files.writeString(file, text, StandardCharsets.UTF_8);

        JobConfig job = new ConfigLoader(IniValues.read(file), Map.of()).load();

        assertEquals(JobType.LOCAL_TO_S3, job.jobType());
        assertEquals("a.txt", job.srcFileIndex());
        assertEquals("minio", job.desProfileName());
        assertEquals("my-bucket", job.desBucket());
        assertEquals("backup/2024", job.s3Prefix());
        assertEquals(URI.create("http://127.0.0.1:9000"), job.desEndpoint());
        assertEquals("eu-west-1", job.desRegion());
        assertEquals(srcDir.toAbsolutePath().normalize(), job.srcDir());
        assertEquals(16, job.chunkSizeMiB());
        assertEquals(3, job.maxRetry());
        assertEquals(8, job.maxThread());
        assertEquals(2, job.maxParallelFile());
        assertEquals("STANDARD_IA", job.storageClass());
        assertTrue(job.verifyMd5());
        assertTrue(job.dontAskMeToClean());
        assertEquals("DEBUG", job.loggingLevel());
        assertTrue(job.ignoreSmallFile());
        assertEquals(500 * 1024, job.bandwidthLimit());
    }

    @Test
    void load_onlyRequiredKeys_defaultsApplied() throws IOException {
        Files.writeString(file, "[Basic]\nDesBucket = my-bucket\n[LOCAL_TO_S3]\nSrcDir = " + srcDir + "\n");

        JobConfig job = new ConfigLoader(IniValues.read(file), Map.of()).load();

        assertEquals(JobType.LOCAL_TO_S3, job.jobType());
        assertEquals("", job.s3Prefix());
        assertNull(job.srcFileIndex());
        assertEquals("default", job.desProfileName());
        assertNull(job.desEndpoint());
        assertNull(job.desRegion());
        assertEquals(5, job.chunkSizeMiB());
        assertEquals(20, job.maxRetry());
        assertEquals(5, job.maxThread());
        assertEquals(5, job.maxParallelFile());
        assertNull(job.storageClass());
        assertFalse(job.verifyMd5());
        assertEquals("INFO", job.loggingLevel());
        assertEquals(0, job.bandwidthLimit());
    }

    @Test
    void load_relativeSrcDir_resolvedAgainstConfigFileFolder() throws IOException {
        Path conf = Files.createDirectories(dir.resolve("conf"));
        Path data = Files.createDirectories(conf.resolve("uploader-test-relative-src-7f3a"));
        Path ini = conf.resolve("s3_upload_config.ini");
        Files.writeString(ini, "[Basic]\nDesBucket = my-bucket\n[LOCAL_TO_S3]\nSrcDir = uploader-test-relative-src-7f3a\n");

        JobConfig job = new ConfigLoader(IniValues.read(ini), Map.of()).load();

        assertEquals(data.toAbsolutePath().normalize(), job.srcDir());
    }

    // ---- invalid values: file, key and what is allowed ----------------------------------------------------------

    @Test
    void load_chunkSizeBelowFive_refusedNamingFileKeyAndRange() throws IOException {
        assertRefused("Advanced.ChunkSize", "4", "'4'", "from 5 to 5120");
    }

    @Test
    void load_chunkSizeAbove5120_refusedNamingFileKeyAndRange() throws IOException {
        assertRefused("Advanced.ChunkSize", "5121", "'5121'", "from 5 to 5120");
    }

    @Test
    void load_chunkSizeNotANumber_refusedNamingFileKeyAndRange() throws IOException {
        assertRefused("Advanced.ChunkSize", "abc", "'abc'", "from 5 to 5120");
    }

    @Test
    void load_chunkSizeFraction_refusedNamingFileKeyAndRange() throws IOException {
        assertRefused("Advanced.ChunkSize", "5.5", "'5.5'", "whole number", "from 5 to 5120");
    }

    @Test
    void load_maxThreadZero_refusedNamingFileKeyAndRange() throws IOException {
        assertRefused("Advanced.MaxThread", "0", "'0'", "from 1 to 256");
    }

    @Test
    void load_maxParallelFileNegative_refusedNamingFileKeyAndRange() throws IOException {
        assertRefused("Advanced.MaxParallelFile", "-1", "'-1'", "from 1 to 256");
    }

    @Test
    void load_maxRetryAbove100_refusedNamingFileKeyAndRange() throws IOException {
        assertRefused("Advanced.MaxRetry", "101", "'101'", "from 0 to 100");
    }

    @Test
    void load_threadsTimesFilesAbove1024_refusedNamingFileKeyAndLimit() throws IOException {
        Map<String, String> changes = new LinkedHashMap<>();
        changes.put("Advanced.MaxThread", "256");
        changes.put("Advanced.MaxParallelFile", "5");
        IniValues values = IniValues.read(writeConfig(changes));

        ConfigException e = assertThrows(ConfigException.class, () -> new ConfigLoader(values, Map.of()).load());

        assertTrue(e.getMessage().contains(file + ": [Advanced] MaxThread"), e.getMessage());
        assertTrue(e.getMessage().contains("1280"), e.getMessage());
        assertTrue(e.getMessage().contains("at most 1024"), e.getMessage());
    }

    @Test
    void load_unknownStorageClass_refusedListingClasses() throws IOException {
        assertRefused("Advanced.StorageClass", "FOO", "'FOO'", "STANDARD", "GLACIER", "DEEP_ARCHIVE", "NEARLINE");
    }

    @Test
    void load_verifyMd5Maybe_refusedAskingForTrueOrFalse() throws IOException {
        assertRefused("Advanced.ifVerifyMD5", "maybe", "maybe", "True or False");
    }

    @Test
    void load_loggingLevelLoud_refusedListingLevels() throws IOException {
        assertRefused("Advanced.LoggingLevel", "LOUD", "'LOUD'", "ERROR, WARNING, INFO, DEBUG");
    }

    @Test
    void load_endpointWithoutScheme_refusedShowingUrlForms() throws IOException {
        assertRefused("Basic.DesEndPointURL", "storage.googleapis.com", "'storage.googleapis.com'", "AWS",
                "https://storage.googleapis.com", "http://127.0.0.1:9000");
    }

    @Test
    void load_endpointFtpScheme_refusedShowingUrlForms() throws IOException {
        assertRefused("Basic.DesEndPointURL", "ftp://x", "'ftp://x'", "AWS", "https://");
    }

    @Test
    void load_emptyBucket_refusedAskingForBucketName() throws IOException {
        assertRefused("Basic.DesBucket", "", "missing or empty", "bucket name");
    }

    @Test
    void load_missingBucketKey_refusedAskingForBucketName() throws IOException {
        assertRefused("Basic.DesBucket", null, "missing or empty", "bucket name");
    }

    @Test
    void load_bucketWithS3Scheme_refusedPointingToS3Prefix() throws IOException {
        assertRefused("Basic.DesBucket", "s3://bucket", "'s3://bucket'", "no s3://", "S3Prefix");
    }

    @Test
    void load_bucketWithPrefix_refusedPointingToS3Prefix() throws IOException {
        assertRefused("Basic.DesBucket", "bucket/folder", "'bucket/folder'", "S3Prefix");
    }

    @Test
    void load_srcDirMissingFolder_refusedNamingFolder() throws IOException {
        Path missing = dir.resolve("not-there");

        assertRefused("LOCAL_TO_S3.SrcDir", missing.toString(), missing.toString(), "does not exist");
    }

    @Test
    void load_emptySrcDir_refusedAskingForFolder() throws IOException {
        assertRefused("LOCAL_TO_S3.SrcDir", "", "missing or empty", "local folder");
    }

    @Test
    void load_srcDirIsAFile_refusedExplainingSrcFileIndex() throws IOException {
        Path aFile = srcDir.resolve("a.txt");

        assertRefused("LOCAL_TO_S3.SrcDir", aFile.toString(), aFile.toString(), "is not a folder", "SrcFileIndex");
    }

    @Test
    void load_srcFileIndexNamingMissingFile_refusedNamingFileAndStar() throws IOException {
        assertRefused("Basic.SrcFileIndex", "b.txt", srcDir.resolve("b.txt").toString(), "does not exist",
                "inside SrcDir", "* for every file");
    }

    @Test
    void load_unknownJobType_refusedListingJobTypes() throws IOException {
        assertRefused("Basic.JobType", "FOO", "'FOO'", "LOCAL_TO_S3, S3_TO_S3 or ALIOSS_TO_S3");
    }

    @Test
    void load_jobTypeS3ToS3WithoutSrcBucket_refusedNamingSrcBucket() throws IOException {
        Map<String, String> changes = new LinkedHashMap<>();
        changes.put("Basic.JobType", "S3_TO_S3");
        changes.put("S3_TO_S3.SrcBucket", "");
        ConfigException e = assertThrows(ConfigException.class, () -> load(changes));

        assertTrue(e.getMessage().contains(file + ": [S3_TO_S3] SrcBucket is missing or empty: set it to the source bucket name"),
                e.getMessage());
    }

    @Test
    void load_s3ToS3_readsSourceSectionAndDesPrefix() throws IOException {
        Map<String, String> changes = new LinkedHashMap<>();
        changes.put("Basic.JobType", "S3_TO_S3");
        changes.put("Basic.S3Prefix", "/photos/");
        changes.put("Basic.DesPrefix", "copy/of/photos");
        changes.put("S3_TO_S3.SrcBucket", "src-bucket");
        changes.put("S3_TO_S3.SrcProfileName", "other");
        changes.put("S3_TO_S3.SrcEndPointURL", "http://127.0.0.1:9000");
        JobConfig config = load(changes);

        assertEquals(new S3SourceConfig("src-bucket", "photos", "other", java.net.URI.create("http://127.0.0.1:9000"), null, false),
                config.s3Source());
        assertEquals("copy/of/photos", config.s3Prefix());
    }

    @Test
    void load_localJobWithDesPrefixLeftInTheFile_destinationPrefixIsS3Prefix() throws IOException {
        Map<String, String> changes = new LinkedHashMap<>();
        changes.put("Basic.S3Prefix", "local-target");
        changes.put("Basic.DesPrefix", "left/from/a/copy/job");

        assertEquals("local-target", load(changes).s3Prefix());
    }

    @Test
    void load_s3ToS3WithoutDesPrefix_destinationPrefixIsS3Prefix() throws IOException {
        Map<String, String> changes = new LinkedHashMap<>();
        changes.put("Basic.JobType", "S3_TO_S3");
        changes.put("Basic.S3Prefix", "same");
        changes.put("S3_TO_S3.SrcBucket", "src-bucket");
        JobConfig config = load(changes);

        assertEquals("same", config.s3Prefix());
        assertEquals("same", config.s3Source().prefix());
        assertEquals(null, config.s3Source().endpoint(), "no SrcEndPointURL means AWS");
    }

    @Test
    void load_aliOssKeysFromEnvironment_winOverTheFileAndNeverPrinted() throws IOException {
        Map<String, String> changes = new LinkedHashMap<>();
        changes.put("Basic.JobType", "ALIOSS_TO_S3");
        changes.put("ALIOSS_TO_S3.ali_SrcBucket", "oss-bucket");
        changes.put("ALIOSS_TO_S3.ali_endpoint", "oss-cn-beijing.aliyuncs.com");
        changes.put("ALIOSS_TO_S3.ali_access_key_id", "");
        changes.put("ALIOSS_TO_S3.ali_access_key_secret", "");
        JobConfig config = new ConfigLoader(IniValues.read(writeConfig(changes)), Map.of(),
                Map.of("ALI_ACCESS_KEY_ID", "env-id", "OSS_ACCESS_KEY_SECRET", "env-secret")).load();

        assertEquals("env-id", config.ossSource().accessKeyId());
        assertEquals("env-secret", config.ossSource().accessKeySecret());
        assertEquals(java.net.URI.create("https://oss-cn-beijing.aliyuncs.com"), config.ossSource().endpoint());
        assertTrue(!config.ossSource().toString().contains("env-secret"));
    }

    @Test
    void load_aliOssWithoutSecretAnywhere_refusedNamingKeyAndVariable() throws IOException {
        Map<String, String> changes = new LinkedHashMap<>();
        changes.put("Basic.JobType", "ALIOSS_TO_S3");
        changes.put("ALIOSS_TO_S3.ali_SrcBucket", "oss-bucket");
        changes.put("ALIOSS_TO_S3.ali_endpoint", "http://127.0.0.1:9000");
        changes.put("ALIOSS_TO_S3.ali_access_key_id", "id");
        changes.put("ALIOSS_TO_S3.ali_access_key_secret", "");
        ConfigException e = assertThrows(ConfigException.class,
                () -> new ConfigLoader(IniValues.read(writeConfig(changes)), Map.of(), Map.of()).load());

        assertTrue(e.getMessage().contains("[ALIOSS_TO_S3] ali_access_key_secret"), e.getMessage());
        assertTrue(e.getMessage().contains("ALI_ACCESS_KEY_SECRET"), e.getMessage());
    }

    @Test
    void load_bandwidthLimitFast_refusedShowingRateForms() throws IOException {
        assertRefused("Advanced.BandwidthLimit", "fast", "'fast'", "500K", "20M", "0 for no limit");
    }

    @Test
    void load_memoryBudget256M_bytes() throws IOException {
        assertEquals(256L * 1024 * 1024, load("Advanced.MemoryBudget", "256M").memoryBudget());
        assertEquals(0, load("Advanced.MemoryBudget", "").memoryBudget(), "empty: half the heap, decided when the job runs");
        assertEquals(0, load("Advanced.MemoryBudget", null).memoryBudget());
    }

    @Test
    void load_memoryBudgetTooSmallOrNoSize_refusedShowingSizes() throws IOException {
        assertRefused("Advanced.MemoryBudget", "8M", "'8M'", "at least 16M", "256M");
        assertRefused("Advanced.MemoryBudget", "lots", "'lots'", "at least 16M");
    }

    @Test
    void load_memoryBudgetOverTheHeap_refusedNamingTheHeap() throws IOException {
        assertRefused("Advanced.MemoryBudget", "100000G", "more than half the Java heap", "-Xmx");
        long heap = Runtime.getRuntime().maxMemory();
        assertRefused("Advanced.MemoryBudget", (heap / 2 / 1024 + 1024) + "K", "more than half the Java heap");
    }

    @Test
    void load_idleTimeout_secondsDefault30RangeChecked() throws IOException {
        assertEquals(30, load("Advanced.IdleTimeout", null).idleTimeoutSeconds());
        assertEquals(5, load("Advanced.IdleTimeout", "5").idleTimeoutSeconds());
        assertRefused("Advanced.IdleTimeout", "1", "'1'", "2 to 3600");
        assertRefused("Advanced.IdleTimeout", "forever", "'forever'", "2 to 3600");
    }

    @Test
    void load_caBundleMissingFile_refusedNamingIt() throws IOException {
        assertEquals(null, load("Advanced.CaBundle", null).caBundle());
        assertRefused("Advanced.CaBundle", "/no/such/ca.pem", "/no/such/ca.pem", "PEM");
    }

    @Test
    void load_s3Client_autoBySdkOrRefused() throws IOException {
        assertEquals(S3ClientChoice.AUTO, load("Advanced.S3Client", null).s3Client());
        assertEquals(S3ClientChoice.SDK, load("Advanced.S3Client", "sdk").s3Client());
        assertRefused("Advanced.S3Client", "curl", "'curl'", "AUTO, SDK");
    }

    @Test
    void load_bandwidthLimitBelowOneByte_refusedShowingRateForms() throws IOException {
        assertRefused("Advanced.BandwidthLimit", "0.5", "'0.5'", "500K");
    }

    @Test
    void load_noFileAndInvalidValue_refusedNamingConfigInsteadOfPath() {
        IniValues values = IniValues.empty(null).with(ConfigLoader.LOCAL, "SrcDir", srcDir.toString());

        ConfigException e = assertThrows(ConfigException.class, () -> new ConfigLoader(values, Map.of()).load());

        assertTrue(e.getMessage().startsWith("config: [Basic] DesBucket"), e.getMessage());
    }

    // ---- command-line overrides -----------------------------------------------------------------------------------

    @Test
    void load_invalidChunkSizeFromOption_refusedNamingOptionNotFile() throws IOException {
        IniValues values = IniValues.read(writeConfig(Map.of())).with(ConfigLoader.ADVANCED, "ChunkSize", "4");

        ConfigException e = assertThrows(ConfigException.class,
                () -> new ConfigLoader(values, Map.of("advanced.chunksize", "--chunk-size")).load());

        assertTrue(e.getMessage().contains("--chunk-size (ChunkSize)"), e.getMessage());
        assertTrue(e.getMessage().contains("from 5 to 5120"), e.getMessage());
        assertFalse(e.getMessage().contains(file.toString()), e.getMessage());
    }

    @Test
    void load_missingSrcDirFromOption_refusedNamingOptionNotFile() throws IOException {
        Path missing = dir.resolve("not-there");
        IniValues values = IniValues.read(writeConfig(Map.of())).with(ConfigLoader.LOCAL, "SrcDir", missing.toString());

        ConfigException e = assertThrows(ConfigException.class,
                () -> new ConfigLoader(values, Map.of("local_to_s3.srcdir", "--src-dir")).load());

        assertTrue(e.getMessage().startsWith("--src-dir (SrcDir)"), e.getMessage());
        assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
        assertFalse(e.getMessage().contains(file.toString()), e.getMessage());
    }

    @Test
    void load_overriddenKeyValid_otherInvalidKeyStillNamesFile() throws IOException {
        Map<String, String> changes = new LinkedHashMap<>();
        changes.put("Advanced.MaxRetry", "101");
        IniValues values = IniValues.read(writeConfig(changes)).with(ConfigLoader.ADVANCED, "ChunkSize", "8");

        ConfigException e = assertThrows(ConfigException.class,
                () -> new ConfigLoader(values, Map.of("advanced.chunksize", "--chunk-size")).load());

        assertTrue(e.getMessage().contains(file + ": [Advanced] MaxRetry"), e.getMessage());
    }

    // ---- valid values -------------------------------------------------------------------------------------------

    @Test
    void load_endpointAws_nullEndpoint() throws IOException {
        assertNull(load("Basic.DesEndPointURL", "AWS").desEndpoint());
        assertNull(load("Basic.DesEndPointURL", "aws").desEndpoint());
    }

    @Test
    void load_endpointEmptyOrMissing_nullEndpoint() throws IOException {
        assertNull(load("Basic.DesEndPointURL", "").desEndpoint());
        assertNull(load("Basic.DesEndPointURL", null).desEndpoint());
    }

    @Test
    void load_endpointHttpsOrHttpWithPort_keptAsUri() throws IOException {
        assertEquals(URI.create("https://storage.googleapis.com"), load("Basic.DesEndPointURL", "https://storage.googleapis.com").desEndpoint());
        URI minio = load("Basic.DesEndPointURL", "http://127.0.0.1:9000").desEndpoint();
        assertEquals("127.0.0.1", minio.getHost());
        assertEquals(9000, minio.getPort());
    }

    @Test
    void load_prefixWithExtraSlashes_normalized() throws IOException {
        assertEquals("a/b", load("Basic.S3Prefix", "/a//b/").s3Prefix());
    }

    @Test
    void load_prefixSlashDotOrEmpty_noPrefix() throws IOException {
        assertEquals("", load("Basic.S3Prefix", "/").s3Prefix());
        assertEquals("", load("Basic.S3Prefix", ".").s3Prefix());
        assertEquals("", load("Basic.S3Prefix", "").s3Prefix());
    }

    @Test
    void load_storageClassStandard_null() throws IOException {
        assertNull(load("Advanced.StorageClass", "STANDARD").storageClass());
        assertNull(load("Advanced.StorageClass", "standard").storageClass());
    }

    @Test
    void load_storageClassOtherInAnyCase_upperCased() throws IOException {
        assertEquals("GLACIER_IR", load("Advanced.StorageClass", "glacier_ir").storageClass());
        assertEquals("NEARLINE", load("Advanced.StorageClass", "Nearline").storageClass());
    }

    @Test
    void load_bandwidthLimit20M_twentyMebibytesPerSecond() throws IOException {
        assertEquals(20L * 1024 * 1024, load("Advanced.BandwidthLimit", "20M").bandwidthLimit());
    }

    @Test
    void load_bandwidthLimit500K_500KibibytesPerSecond() throws IOException {
        assertEquals(500L * 1024, load("Advanced.BandwidthLimit", "500K").bandwidthLimit());
    }

    @Test
    void load_bandwidthLimitZeroOrEmpty_unlimited() throws IOException {
        assertEquals(0, load("Advanced.BandwidthLimit", "0").bandwidthLimit());
        assertEquals(0, load("Advanced.BandwidthLimit", "").bandwidthLimit());
        assertEquals(0, load("Advanced.BandwidthLimit", null).bandwidthLimit());
    }

    @Test
    void load_bandwidthLimitPlainBytesAndGiB_parsed() throws IOException {
        assertEquals(123456, load("Advanced.BandwidthLimit", "123456").bandwidthLimit());
        assertEquals(1024L * 1024 * 1024, load("Advanced.BandwidthLimit", "1g").bandwidthLimit());
    }

    @Test
    void parseRate_unitsSuffixesAndFractions_bytesPerSecond() {
        assertEquals(20L * MIB, ConfigLoader.parseRate("20M"));
        assertEquals(20L * MIB, ConfigLoader.parseRate("20 MiB/s"));
        assertEquals(20L * MIB, ConfigLoader.parseRate("20MB"));
        assertEquals(512000, ConfigLoader.parseRate("500k"));
        assertEquals(3L * MIB / 2, ConfigLoader.parseRate("1.5M"));
        assertEquals(0, ConfigLoader.parseRate("0"));
    }

    @Test
    void parseRate_notARate_minusOne() {
        assertEquals(-1, ConfigLoader.parseRate("fast"));
        assertEquals(-1, ConfigLoader.parseRate("-5M"));
        assertEquals(-1, ConfigLoader.parseRate("20T"));
        assertEquals(-1, ConfigLoader.parseRate(""));
        assertEquals(-1, ConfigLoader.parseRate("0.5"));
    }

    @Test
    void load_booleansTrueFalseYesZero_parsed() throws IOException {
        Map<String, String> changes = new LinkedHashMap<>();
        changes.put("Advanced.ifVerifyMD5", "True");
        changes.put("Advanced.DontAskMeToClean", "false");
        changes.put("Advanced.IgnoreSmallFile", "yes");
        changes.put("Basic.DesPathStyle", "0");

        JobConfig job = load(changes);

        assertTrue(job.verifyMd5());
        assertFalse(job.dontAskMeToClean());
        assertTrue(job.ignoreSmallFile());
        assertFalse(job.desPathStyle());
    }

    @Test
    void load_booleansOnNoOneFALSE_parsed() throws IOException {
        Map<String, String> changes = new LinkedHashMap<>();
        changes.put("Advanced.ifVerifyMD5", "on");
        changes.put("Advanced.DontAskMeToClean", "no");
        changes.put("Advanced.IgnoreSmallFile", "FALSE");
        changes.put("Basic.DesPathStyle", "1");

        JobConfig job = load(changes);

        assertTrue(job.verifyMd5());
        assertFalse(job.dontAskMeToClean());
        assertFalse(job.ignoreSmallFile());
        assertTrue(job.desPathStyle());
    }

    @Test
    void load_loggingLevelWarnOrLowerCase_canonicalName() throws IOException {
        assertEquals("WARNING", load("Advanced.LoggingLevel", "warn").loggingLevel());
        assertEquals("ERROR", load("Advanced.LoggingLevel", "error").loggingLevel());
    }

    @Test
    void load_boundaryNumbers_accepted() throws IOException {
        Map<String, String> changes = new LinkedHashMap<>();
        changes.put("Advanced.ChunkSize", "5120");
        changes.put("Advanced.MaxRetry", "0");
        changes.put("Advanced.MaxThread", "256");
        changes.put("Advanced.MaxParallelFile", "4");

        JobConfig job = load(changes);

        assertEquals(5120, job.chunkSizeMiB());
        assertEquals(0, job.maxRetry());
        assertEquals(256, job.maxThread());
        assertEquals(4, job.maxParallelFile());
    }

    @Test
    void load_srcFileIndexExistingFile_kept() throws IOException {
        assertEquals("a.txt", load("Basic.SrcFileIndex", "a.txt").srcFileIndex());
    }

    @Test
    void load_srcFileIndexStarOrEmpty_everyFile() throws IOException {
        assertNull(load("Basic.SrcFileIndex", "*").srcFileIndex());
        assertNull(load("Basic.SrcFileIndex", "").srcFileIndex());
    }

    @Test
    void load_jobTypeLowerCase_accepted() throws IOException {
        assertEquals(JobType.LOCAL_TO_S3, load("Basic.JobType", "local_to_s3").jobType());
    }

    @Test
    void load_regionEmpty_nullRegion() throws IOException {
        assertNull(load("Basic.DesRegion", "").desRegion());
        assertEquals("eu-west-1", load("Basic.DesRegion", " eu-west-1 ").desRegion());
    }

    @Test
    void load_valuesWithSurroundingSpaces_trimmed() throws IOException {
        Map<String, String> changes = new LinkedHashMap<>();
        changes.put("Advanced.ChunkSize", "  6  ");
        changes.put("Basic.DesBucket", "  my-bucket  ");

        JobConfig job = load(changes);

        assertEquals(6, job.chunkSizeMiB());
        assertEquals("my-bucket", job.desBucket());
    }
}
