package dev.uploader.engine;

import java.time.Instant;
import java.util.List;

/**
 * Unfinished uploads under a job's destination, as a person deciding between resume and CLEAN wants them.
 *
 * @param bytes      bytes already stored in their parts (of the first {@code measured} uploads)
 * @param measured   how many uploads were measured (parts are listed for at most a few hundred)
 * @param oldest     when the oldest was started, or null if the store did not say
 */
public record UnfinishedSummary(List<PendingUpload> uploads, long bytes, int measured, Instant oldest) {

    public UnfinishedSummary {
        uploads = List.copyOf(uploads);
    }

    public int count() {
        return uploads.size();
    }
}
