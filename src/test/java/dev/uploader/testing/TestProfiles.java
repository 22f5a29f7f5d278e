package dev.uploader.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * AWS shared credentials and config files for tests, made known to the SDK through the same system
 * properties / environment variables a user would set (aws.sharedCredentialsFile, AWS_SHARED_CREDENTIALS_FILE).
 */
public final class TestProfiles {
    public static final String PROFILE = "e2e";

    private TestProfiles() {
    }

    public static final String SOURCE_PROFILE = "source";
    public static final String SOURCE_ACCESS_KEY = "AKIDSOURCESTORE";
    public static final String SOURCE_SECRET_KEY = "secret-of-the-source-store";

    /** Profiles: e2e (the given keys), source (the second store's keys) and wrong (keys no server knows). */
    public static Path write(Path dir, String accessKey, String secretKey) throws IOException {
        Files.createDirectories(dir);
        Path credentials = dir.resolve("credentials");
        Files.writeString(credentials, "[" + PROFILE + "]\naws_access_key_id = " + accessKey + "\naws_secret_access_key = " + secretKey + "\n"
                + "[" + SOURCE_PROFILE + "]\naws_access_key_id = " + SOURCE_ACCESS_KEY + "\naws_secret_access_key = " + SOURCE_SECRET_KEY + "\n"
                + "[wrong]\naws_access_key_id = AKIDWRONG\naws_secret_access_key = not-the-secret\n");
        Files.writeString(dir.resolve("config"), "[profile " + PROFILE + "]\nregion = us-east-1\n");
        return credentials;
    }

    /** For the command line run in this JVM. */
    public static void useInThisJvm(Path dir) {
        System.setProperty("aws.sharedCredentialsFile", dir.resolve("credentials").toString());
        System.setProperty("aws.configFile", dir.resolve("config").toString());
    }

    /** For an uploader started as a separate process. */
    public static Map<String, String> environment(Path dir) {
        return Map.of("AWS_SHARED_CREDENTIALS_FILE", dir.resolve("credentials").toString(),
                "AWS_CONFIG_FILE", dir.resolve("config").toString());
    }
}
