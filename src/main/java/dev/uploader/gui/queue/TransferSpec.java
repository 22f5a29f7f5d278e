package dev.uploader.gui.queue;

import dev.uploader.config.ConfigLoader;
import dev.uploader.config.IniValues;
import dev.uploader.config.JobConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * What a queued transfer is, as it is kept across restarts: the config file and the window's values over it
 * ("Section.Key" to value), never a secret; the names list of a retry; whether the folder is watched afterwards.
 *
 * @param title     the transfer in words, as the queue shows it ("/data -> s3://bucket/prefix")
 * @param namesFile the failures list a retry moves alone, or null for the whole source
 */
public record TransferSpec(String id, String title, Path configFile, Map<String, String> values, Path namesFile, boolean watch, Instant added) {
    /** The INI keys that hold a secret: never kept in the queue's file. */
    static final String OSS_SECRET = "ALIOSS_TO_S3.ali_access_key_secret";

    public TransferSpec {
        values = new LinkedHashMap<>(values);
        values.remove(OSS_SECRET);
        values = java.util.Collections.unmodifiableMap(values);
    }

    /**
     * The job these values say over the config file, validated exactly as the command line does.
     *
     * @param ossKeys where the OSS key id and secret come from when the values have none (the credential dialog's file)
     */
    public JobConfig toJob(Map<String, String> env, Function<String, String> ossKeys) {
        return jobOf(configFile, values, env, ossKeys);
    }

    /** The one rule from a config file and the window's values to a job, for the window's own run and the queue's. */
    public static JobConfig jobOf(Path configFile, Map<String, String> values, Map<String, String> env, Function<String, String> ossKeys) {
        IniValues ini = configFile != null && Files.isRegularFile(configFile) ? IniValues.read(configFile) : IniValues.empty(configFile);
        for (Map.Entry<String, String> e : values.entrySet()) {
            String[] parts = e.getKey().split("\\.", 2);
            ini = ini.with(parts[0], parts[1], e.getValue());
        }
        String keyId = values.getOrDefault("ALIOSS_TO_S3.ali_access_key_id", "");
        if (keyId.isBlank() && ossKeys.apply("ali_access_key_id") != null) {
            ini = ini.with("ALIOSS_TO_S3", "ali_access_key_id", ossKeys.apply("ali_access_key_id"));
            ini = ini.with("ALIOSS_TO_S3", "ali_access_key_secret", ossKeys.apply("ali_access_key_secret"));
        }
        return new ConfigLoader(ini, Map.of(), env).load();
    }
}
