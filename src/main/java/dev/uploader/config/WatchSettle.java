package dev.uploader.config;

/**
 * {@code [Advanced] WatchSettleSeconds} ({@code --settle}): how long a file of a watched folder must stay unchanged
 * before it is sent. Read here rather than in {@link JobConfig}: only a watch needs it.
 */
public final class WatchSettle {
    public static final String KEY = "WatchSettleSeconds";
    public static final int DEFAULT_SECONDS = 5;

    private WatchSettle() {
    }

    /**
     * @param values   the config file's values, with the options' overrides
     * @param option   the option that set the key ({@code --settle}), or null when the file did
     * @return seconds, 1 to 3600; {@value #DEFAULT_SECONDS} when not given
     * @throws ConfigException naming the key (or option) and what is allowed
     */
    public static int seconds(IniValues values, String option) {
        String raw = values.get(ConfigLoader.ADVANCED, KEY).orElse("").trim();
        if (raw.isEmpty()) {
            return DEFAULT_SECONDS;
        }
        try {
            int seconds = Integer.parseInt(raw);
            if (seconds < 1 || seconds > 3600) {
                throw new NumberFormatException();
            }
            return seconds;
        } catch (NumberFormatException e) {
            String where = option != null ? option + " (" + KEY + ")"
                    : (values.file() == null ? "config" : values.file().toString()) + ": [" + ConfigLoader.ADVANCED + "] " + KEY;
            throw new ConfigException(where + " = '" + raw + "' is not valid: use a whole number of seconds from 1 to 3600: how long a file"
                    + " must stay unchanged (size and modification time) before the watch sends it");
        }
    }
}
