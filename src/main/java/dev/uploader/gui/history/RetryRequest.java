package dev.uploader.gui.history;

import dev.uploader.history.RunRecord;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A run's failed files to send again: the config it ran with and its failures list (for {@code --files-from}). The
 * window turns it into a queued job.
 */
public record RetryRequest(RunRecord run, Path config, Path failuresList) {

    public RetryRequest {
        Objects.requireNonNull(run, "run");
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(failuresList, "failuresList");
    }
}
