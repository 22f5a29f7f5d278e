package dev.uploader.credentials;

import dev.uploader.config.AppDirectories;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The Alibaba Cloud OSS keys the GUI keeps, in {@code oss_credentials} in the user's config folder:
 * <pre>
 * [default]
 * ali_access_key_id = ...
 * ali_access_key_secret = ...
 * </pre>
 * Saving a profile changes only its own lines; the file is replaced atomically and has mode 0600 where the file system
 * has POSIX permissions.
 */
public final class OssKeyFile {
    public static final String FILE_NAME = "oss_credentials";

    private static final String ACCESS_KEY_ID = "ali_access_key_id";
    private static final String ACCESS_KEY_SECRET = "ali_access_key_secret";

    private final Path file;

    /** @param file the key file itself, normally {@code <user config dir>/oss_credentials} */
    public OssKeyFile(Path file) {
        this.file = Objects.requireNonNull(file, "file");
    }

    /** {@code oss_credentials} in the config folder of {@link AppDirectories#userConfigDir()}. */
    public static OssKeyFile in(AppDirectories directories) {
        return new OssKeyFile(directories.userConfigDir().resolve(FILE_NAME));
    }

    public static OssKeyFile forThisUser() {
        return in(AppDirectories.forThisUser());
    }

    public Path file() {
        return file;
    }

    /**
     * Writes the keys to {@code [profile]}, replacing the values there and keeping everything else.
     *
     * @throws IllegalArgumentException when the profile name or a key cannot be written (the message never holds the secret)
     * @throws IOException when the file cannot be read or written
     */
    public void save(String profile, String accessKeyId, String accessKeySecret) throws IOException {
        String name = Fields.profileName(profile);
        Map<String, String> keys = new LinkedHashMap<>();
        keys.put(ACCESS_KEY_ID, Fields.required(accessKeyId, "OSS access key id"));
        keys.put(ACCESS_KEY_SECRET, Fields.required(accessKeySecret, "OSS access key secret"));
        synchronized (PrivateFiles.LOCK) {
            IniSectionEditor editor = read();
            editor.update(section(name), name, keys, List.of());
            PrivateFiles.write(file, editor.text());
        }
    }

    /**
     * The keys of {@code [profile]}; empty when the file, the profile or one of the two keys is missing or blank.
     *
     * @throws IOException when the file exists but cannot be read
     */
    public Optional<OssKeys> load(String profile) throws IOException {
        String name = Fields.profileName(profile);
        IniSectionEditor editor = read();
        Optional<String> id = editor.value(section(name), ACCESS_KEY_ID).filter(value -> !value.isBlank());
        Optional<String> secret = editor.value(section(name), ACCESS_KEY_SECRET).filter(value -> !value.isBlank());
        return id.isPresent() && secret.isPresent() ? Optional.of(new OssKeys(id.get(), secret.get())) : Optional.empty();
    }

    private IniSectionEditor read() throws IOException {
        return IniSectionEditor.parse(PrivateFiles.read(file).orElse(""));
    }

    private static Predicate<String> section(String name) {
        return section -> section.equals(name);
    }
}
