package dev.uploader.testing;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** Writes an s3_upload_config.ini in the original tool's layout. */
public final class TestConfig {
    private final Map<String, String> basic = new LinkedHashMap<>();
    private final Map<String, String> advanced = new LinkedHashMap<>();
    private String srcDir;
    private final Map<String, String> s3Source = new LinkedHashMap<>();
    private final Map<String, String> oss = new LinkedHashMap<>();

    public TestConfig(URI endpoint, String bucket, String prefix, Path srcDir) {
        basic.put("JobType", "LOCAL_TO_S3");
        basic.put("SrcFileIndex", "*");
        basic.put("S3Prefix", prefix);
        basic.put("DesProfileName", TestProfiles.PROFILE);
        basic.put("DesBucket", bucket);
        basic.put("DesEndPointURL", endpoint.toString());
        this.srcDir = srcDir.toString();
        advanced.put("ChunkSize", "5");
        advanced.put("MaxRetry", "3");
        advanced.put("MaxThread", "4");
        advanced.put("MaxParallelFile", "3");
        advanced.put("StorageClass", "STANDARD");
        advanced.put("ifVerifyMD5", "False");
        advanced.put("DontAskMeToClean", "True");
        advanced.put("LoggingLevel", "INFO");
    }

    public TestConfig basic(String key, String value) {
        basic.put(key, value);
        return this;
    }

    /** Makes it an S3_TO_S3 job from this bucket of another store (profile "source"). */
    public TestConfig fromS3(URI endpoint, String bucket) {
        basic.put("JobType", "S3_TO_S3");
        s3Source.put("SrcBucket", bucket);
        s3Source.put("SrcProfileName", TestProfiles.SOURCE_PROFILE);
        s3Source.put("SrcEndPointURL", endpoint.toString());
        return this;
    }

    /** Makes it an ALIOSS_TO_S3 job from this OSS bucket (keys in the file). */
    public TestConfig fromOss(URI endpoint, String bucket) {
        basic.put("JobType", "ALIOSS_TO_S3");
        oss.put("ali_SrcBucket", bucket);
        oss.put("ali_endpoint", endpoint.toString());
        oss.put("ali_access_key_id", "oss-test-id");
        oss.put("ali_access_key_secret", "oss-test-secret");
        return this;
    }

    public TestConfig s3Source(String key, String value) {
        s3Source.put(key, value);
        return this;
    }

    public TestConfig advanced(String key, String value) {
        advanced.put(key, value);
        return this;
    }

    public Path write(Path file) throws IOException {
        StringBuilder ini = new StringBuilder("[Basic]\n");
        basic.forEach((k, v) -> ini.append(k).append(" = ").append(v).append('\n'));
        ini.append("\n[LOCAL_TO_S3]\nSrcDir = ").append(srcDir).append("\n\n[S3_TO_S3]\n");
        s3Source.forEach((k, v) -> ini.append(k).append(" = ").append(v).append('\n'));
        ini.append("\n[ALIOSS_TO_S3]\n");
        oss.forEach((k, v) -> ini.append(k).append(" = ").append(v).append('\n'));
        ini.append("\n[Advanced]\n");
        advanced.forEach((k, v) -> ini.append(k).append(" = ").append(v).append('\n'));
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, ini.toString());
        return file;
    }
}
