package dev.uploader.cluster;

import dev.uploader.config.JobType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where a worker copies the objects S3 event notifications name: from its config's source bucket (events of other
 * buckets are refused, never thrown away: a message on the queue never widens what a worker reads), keys below its source prefix, to its
 * destination bucket and prefix ([S3_TO_S3] SrcBucket, [Basic] S3Prefix, DesBucket and DesPrefix).
 *
 * @param copyDeletes carry deletions too (--copy-deletes); without, deletion events are dropped, said in the log
 */
public record EventRoute(String sourceBucket, String sourcePrefix, String destination, String destinationPrefix, boolean copyDeletes) {

    /**
     * The orders of one message's events, what was dropped with why, and records of another bucket (refused: the message
     * is not this worker's to throw away).
     */
    public record Routed(List<TransferOrder> orders, List<String> dropped, List<String> refused) {
    }

    public Routed route(List<S3EventRecord> records) {
        Map<String, List<TransferOrder.Item>> byBucket = new LinkedHashMap<>();
        List<String> dropped = new ArrayList<>();
        List<String> refused = new ArrayList<>();
        String prefix = sourcePrefix.isEmpty() || sourcePrefix.endsWith("/") ? sourcePrefix : sourcePrefix + "/";
        for (S3EventRecord r : records) {
            String where = "s3://" + r.bucket() + "/" + r.key();
            if (!r.bucket().equals(sourceBucket)) {
                refused.add(where + ": an event of another bucket than this worker's source bucket " + sourceBucket
                        + " (run a worker with that bucket's config on this queue, or point the bucket's notifications at another queue)");
                continue;
            }
            if (!r.creation() && !r.removal()) {
                dropped.add(where + ": event " + r.eventName() + " is neither a creation nor a deletion");
                continue;
            }
            if (!r.key().startsWith(prefix) || r.key().length() == prefix.length() || r.key().endsWith("/")) {
                dropped.add(where + ": not an object below the source prefix '" + sourcePrefix + "'");
                continue;
            }
            if (r.removal() && !copyDeletes) {
                dropped.add(where + ": deleted at the source; deletions are carried only with --copy-deletes");
                continue;
            }
            String name = r.key().substring(prefix.length());
            byBucket.computeIfAbsent(r.bucket(), b -> new ArrayList<>())
                    .add(new TransferOrder.Item(name, r.removal() ? -1 : r.size(), r.removal() ? null : r.etag(), r.removal()));
        }
        List<TransferOrder> orders = new ArrayList<>();
        byBucket.forEach((bucket, items) -> orders.add(new TransferOrder(JobType.S3_TO_S3, bucket, prefix, destination,
                destinationPrefix, 0, items)));
        return new Routed(orders, dropped, refused);
    }
}
