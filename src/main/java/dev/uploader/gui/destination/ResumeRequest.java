package dev.uploader.gui.destination;

import dev.uploader.engine.PendingUpload;
import dev.uploader.storage.s3.S3Location;
import java.util.List;
import java.util.Objects;

/** Unfinished uploads at a destination that a person asked to finish; the window turns it into a queued job. */
public record ResumeRequest(S3Location location, String bucket, String prefix, List<PendingUpload> uploads) {

    public ResumeRequest {
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(bucket, "bucket");
        prefix = prefix == null ? "" : prefix;
        uploads = List.copyOf(uploads);
    }
}
