package dev.uploader.cluster;

import dev.uploader.config.JobType;
import java.util.List;

/**
 * One queue message of the sender: objects of one source and destination for a worker to move. No secret travels:
 * workers reach both stores with the profiles of their own config.
 *
 * @param source            the source bucket (S3_TO_S3, ALIOSS_TO_S3) or folder (LOCAL_TO_S3, at the same path on every worker)
 * @param sourcePrefix      prefix in the source bucket the names are relative to; "" for a folder
 * @param destinationPrefix prefix in the destination bucket the names go under
 * @param partSize          the part size the sender's plan chose: every worker cuts the objects alike, so that one resumes
 *                          another's upload; 0 for the worker's own rule (S3 events)
 */
public record TransferOrder(JobType type, String source, String sourcePrefix, String destination, String destinationPrefix,
                            long partSize, List<Item> items) {

    public TransferOrder {
        items = List.copyOf(items);
        if (items.isEmpty()) {
            throw new IllegalArgumentException("an order without objects");
        }
    }

    /**
     * One object: its name below the source prefix or folder, as the sender saw it (size -1 and etag null when not
     * known). The worker looks it up again and moves what the source holds then.
     *
     * @param removed an S3 event said it was deleted: the destination's copy is deleted too, if the source has none now
     */
    public record Item(String name, long size, String etag, boolean removed) {
    }

    /** s3://bucket/prefix or the folder, for messages. */
    public String describeSource() {
        return type == JobType.LOCAL_TO_S3 ? source : (type == JobType.ALIOSS_TO_S3 ? "oss://" : "s3://") + source
                + (sourcePrefix.isEmpty() ? "" : "/" + sourcePrefix);
    }
}
