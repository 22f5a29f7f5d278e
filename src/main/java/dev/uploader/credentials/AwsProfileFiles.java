package dev.uploader.credentials;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import software.amazon.awssdk.profiles.ProfileFileLocation;

/**
 * This user's AWS shared credentials and config files, read and edited the way the AWS CLI and SDKs read them. Saving
 * a profile changes only its own lines: other profiles, comments, blank lines and line endings stay byte for byte.
 * The keys go to the credentials file ({@code [name]}); region and endpoint_url to the config file
 * ({@code [profile name]}, {@code [default]} for the default profile), never the other way round.
 */
public final class AwsProfileFiles {
    public static final String DEFAULT_PROFILE = "default";

    private static final String ACCESS_KEY_ID = "aws_access_key_id";
    private static final String SECRET_ACCESS_KEY = "aws_secret_access_key";
    private static final String SESSION_TOKEN = "aws_session_token";
    private static final String REGION = "region";
    private static final String ENDPOINT_URL = "endpoint_url";
    private static final Pattern PROFILE_PREFIX = Pattern.compile("profile[ \t]+(.*)");

    private final Path credentialsFile;
    private final Path configFile;
    private final Map<String, String> env;

    public AwsProfileFiles(Path credentialsFile, Path configFile) {
        this(credentialsFile, configFile, Map.of());
    }

    /** @param env the environment, for {@link #hasAnyCredentials()} */
    public AwsProfileFiles(Path credentialsFile, Path configFile, Map<String, String> env) {
        this.credentialsFile = Objects.requireNonNull(credentialsFile, "credentialsFile");
        this.configFile = Objects.requireNonNull(configFile, "configFile");
        this.env = Map.copyOf(env);
    }

    /**
     * The files the SDK reads: {@code ~/.aws/credentials} and {@code ~/.aws/config}, or AWS_SHARED_CREDENTIALS_FILE /
     * AWS_CONFIG_FILE (system properties aws.sharedCredentialsFile / aws.configFile).
     */
    public static AwsProfileFiles forThisUser() {
        return new AwsProfileFiles(ProfileFileLocation.credentialsFilePath(), ProfileFileLocation.configurationFilePath(), System.getenv());
    }

    public Path credentialsFile() {
        return credentialsFile;
    }

    public Path configFile() {
        return configFile;
    }

    /**
     * The profiles of both files, each once: {@code default} first, the others sorted. Sections the SDK skips
     * ({@code [sso-session x]}, {@code [services x]}, names with characters it does not accept) are left out.
     *
     * @throws IOException when a file exists but cannot be read
     */
    public List<String> profileNames() throws IOException {
        TreeSet<String> names = new TreeSet<>(Comparator.comparing((String name) -> !name.equals(DEFAULT_PROFILE))
                .thenComparing(String.CASE_INSENSITIVE_ORDER)
                .thenComparing(Comparator.naturalOrder()));
        for (String section : credentials().sectionNames()) {
            if (Fields.isProfileName(section)) {
                names.add(section);
            }
        }
        for (String section : config().sectionNames()) {
            configProfileName(section).filter(Fields::isProfileName).ifPresent(names::add);
        }
        return new ArrayList<>(names);
    }

    /**
     * Whether some credentials are already set up: AWS_ACCESS_KEY_ID in the environment, or a section of the credentials
     * file with a non-empty aws_access_key_id.
     *
     * @throws IOException when the credentials file exists but cannot be read
     */
    public boolean hasAnyCredentials() throws IOException {
        String fromEnv = env.get("AWS_ACCESS_KEY_ID");
        if (fromEnv != null && !fromEnv.isBlank()) {
            return true;
        }
        return credentials().anySectionHasValue(ACCESS_KEY_ID);
    }

    /**
     * Writes the profile: aws_access_key_id and aws_secret_access_key in {@code [name]} of the credentials file; region
     * and endpoint_url, when given, in the config file. Values already there are replaced in place; everything else in
     * both files stays. Since the credentials file wins over the config file, a region or endpoint_url left in the
     * profile's credentials section (older tools put it there) is removed when a new one is written to the config file;
     * an aws_session_token is removed when the access key id changes (it belonged to the old keys). Each file is
     * replaced atomically and left with mode 0600 where the file system has POSIX permissions.
     *
     * @throws IllegalArgumentException when the name or a value cannot be written (the message never holds the secret)
     * @throws IOException when a file cannot be read or written
     */
    public void save(AwsProfile profile) throws IOException {
        Objects.requireNonNull(profile, "profile");
        String name = Fields.profileName(profile.name());
        String accessKeyId = Fields.required(profile.accessKeyId(), "access key id");
        String secret = Fields.required(profile.secretAccessKey(), "secret access key");
        String region = Fields.optional(profile.region(), "region");
        String endpointUrl = endpointUrl(profile.endpointUrl());

        synchronized (PrivateFiles.LOCK) {
            IniSectionEditor credentials = credentials();
            Predicate<String> credentialsSection = section -> section.equals(name);
            Map<String, String> keys = new LinkedHashMap<>();
            keys.put(ACCESS_KEY_ID, accessKeyId);
            keys.put(SECRET_ACCESS_KEY, secret);
            List<String> stale = new ArrayList<>();
            if (region != null) {
                stale.add(REGION);
            }
            if (endpointUrl != null) {
                stale.add(ENDPOINT_URL);
            }
            Optional<String> oldAccessKeyId = credentials.value(credentialsSection, ACCESS_KEY_ID);
            if (oldAccessKeyId.isPresent() && !oldAccessKeyId.get().equals(accessKeyId)) {
                stale.add(SESSION_TOKEN);
            }
            credentials.update(credentialsSection, name, keys, stale);
            PrivateFiles.write(credentialsFile, credentials.text());

            Map<String, String> settings = new LinkedHashMap<>();
            if (region != null) {
                settings.put(REGION, region);
            }
            if (endpointUrl != null) {
                settings.put(ENDPOINT_URL, endpointUrl);
            }
            if (!settings.isEmpty()) {
                IniSectionEditor config = config();
                config.update(section -> configProfileName(section).filter(name::equals).isPresent(),
                        name.equals(DEFAULT_PROFILE) ? DEFAULT_PROFILE : "profile " + name, settings, List.of());
                PrivateFiles.write(configFile, config.text());
            }
        }
    }

    private IniSectionEditor credentials() throws IOException {
        return IniSectionEditor.parse(PrivateFiles.read(credentialsFile).orElse(""));
    }

    private IniSectionEditor config() throws IOException {
        return IniSectionEditor.parse(PrivateFiles.read(configFile).orElse(""));
    }

    /** The profile a config file section holds: {@code [profile x]} is x, {@code [default]} is default, others none. */
    private static Optional<String> configProfileName(String section) {
        if (section.equals(DEFAULT_PROFILE)) {
            return Optional.of(DEFAULT_PROFILE);
        }
        var matcher = PROFILE_PREFIX.matcher(section);
        return matcher.matches() ? Optional.of(matcher.group(1).strip()) : Optional.empty();
    }

    private static String endpointUrl(String value) {
        String url = Fields.optional(value, "endpoint URL");
        if (url == null) {
            return null;
        }
        try {
            URI uri = new URI(url);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null) {
                return url;
            }
        } catch (URISyntaxException e) {
            // reported below
        }
        throw new IllegalArgumentException("the endpoint URL must look like https://host or http://host:port");
    }
}
