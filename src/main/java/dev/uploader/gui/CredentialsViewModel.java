package dev.uploader.gui;

import dev.uploader.credentials.AwsProfile;
import dev.uploader.credentials.AwsProfileFiles;
import dev.uploader.credentials.OssKeyFile;
import dev.uploader.i18n.Texts;
import dev.uploader.storage.S3ClientFactory;
import dev.uploader.storage.s3.S3Location;
import dev.uploader.storage.StoreBrowser;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.concurrent.Executor;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * The credential setup dialog without the dialog: test keys against a store, then save them to the AWS
 * shared files the SDK reads (and OSS keys to their own file). The secret is never logged.
 */
public final class CredentialsViewModel {
    public final StringProperty profile = new SimpleStringProperty("default");
    public final StringProperty accessKeyId = new SimpleStringProperty("");
    public final StringProperty secretAccessKey = new SimpleStringProperty("");
    public final StringProperty region = new SimpleStringProperty("");
    public final StringProperty endpoint = new SimpleStringProperty("");
    public final StringProperty ossAccessKeyId = new SimpleStringProperty("");
    public final StringProperty ossAccessKeySecret = new SimpleStringProperty("");
    public final StringProperty result = new SimpleStringProperty("");

    private final AwsProfileFiles profiles;
    private final OssKeyFile ossKeys;
    private final S3ClientFactory clients;
    private final Executor background;
    private final Executor ui;
    private final Texts texts;

    /** @param texts the dialog's language; the store's own words in errors stay English */
    public CredentialsViewModel(AwsProfileFiles profiles, OssKeyFile ossKeys, S3ClientFactory clients, Executor background, Executor ui,
                                Texts texts) {
        this.profiles = profiles;
        this.ossKeys = ossKeys;
        this.clients = clients;
        this.background = background;
        this.ui = ui;
        this.texts = texts;
    }

    /** In English: the call of the window as it is until it passes its language. */
    public CredentialsViewModel(AwsProfileFiles profiles, OssKeyFile ossKeys, S3ClientFactory clients, Executor background, Executor ui) {
        this(profiles, ossKeys, clients, background, ui, Texts.english());
    }

    /** Lists the buckets with the keys as typed, or puts the store's error into words. */
    public void testConnection() {
        String problem = problem();
        if (problem != null) {
            result.set(problem);
            return;
        }
        result.set(texts.text("credentials.testing"));
        S3Location location = location();
        String id = accessKeyId.get().trim();
        String secret = secretAccessKey.get().trim();
        background.execute(() -> {
            String text;
            try {
                List<String> buckets = new StoreBrowser(clients).buckets(location, id, secret);
                text = buckets.isEmpty() ? texts.text("credentials.connected.count", 0)
                        : texts.text("credentials.connected", buckets.size(), String.join(", ", buckets.subList(0, Math.min(10, buckets.size()))));
            } catch (RuntimeException e) {
                text = texts.text("credentials.failed", MainViewModel.words(e));
            }
            String shown = text;
            ui.execute(() -> result.set(shown));
        });
    }

    /** Writes the profile (and OSS keys when given); returns true when saved. */
    public boolean save() {
        String problem = problem();
        if (problem != null) {
            result.set(problem);
            return false;
        }
        try {
            profiles.save(new AwsProfile(profile.get().trim(), accessKeyId.get().trim(), secretAccessKey.get().trim(),
                    blankToNull(region.get()), blankToNull(endpoint.get())));
            if (!ossAccessKeyId.get().isBlank() && !ossAccessKeySecret.get().isBlank()) {
                ossKeys.save("default", ossAccessKeyId.get().trim(), ossAccessKeySecret.get().trim());
            }
            result.set(texts.text("credentials.saved", profile.get().trim(), profiles.credentialsFile(), profiles.configFile()));
            return true;
        } catch (IOException | RuntimeException e) {
            result.set(texts.text("credentials.cannotSave", MainViewModel.words(e)));
            return false;
        }
    }

    private String problem() {
        if (profile.get().isBlank() || !profile.get().trim().matches("[A-Za-z0-9_.@-]+")) {
            return texts.text("credentials.problem.profile");
        }
        if (accessKeyId.get().isBlank() || secretAccessKey.get().isBlank()) {
            return texts.text("credentials.problem.keys");
        }
        if (!endpoint.get().isBlank()) {
            try {
                URI uri = new URI(endpoint.get().trim());
                if (uri.getScheme() == null || uri.getHost() == null) {
                    return texts.text("credentials.problem.endpoint");
                }
            } catch (URISyntaxException e) {
                return texts.text("credentials.problem.endpoint");
            }
        }
        return null;
    }

    private S3Location location() {
        URI uri = endpoint.get().isBlank() || endpoint.get().trim().equalsIgnoreCase("AWS") ? null : URI.create(endpoint.get().trim());
        return new S3Location(uri, profile.get().trim(), blankToNull(region.get()), false);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
