package dev.uploader.cluster;

import dev.uploader.engine.Lease;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.LongConsumer;

/** Moves the objects of one order with the engine, under a worker's lease. */
public interface OrderRunner extends AutoCloseable {

    /**
     * @param stopper gets, before anything is sent, what stops the order's job (Stop of the engine: parts in flight
     *                end within seconds, unfinished uploads stay resumable)
     * @throws dev.uploader.engine.TransferException.Fatal when the order cannot run at all here (its stores cannot be
     *                                                     opened, the worker's config is for another job type)
     * @param onTheWire gets the bytes sent to the destination as they go (a few times a second), for the metrics
     */
    List<ObjectResult> run(TransferOrder order, Lease lease, Consumer<Runnable> stopper, LongConsumer onTheWire);

    @Override
    void close();

    /** What became of one object of an order. */
    enum Outcome {
        /** Uploaded and verified. */
        DONE,
        /** Already at the destination (the skip rule). */
        SKIPPED,
        /** The source has no such object any more: nothing to move, said so. */
        SOURCE_GONE,
        /** An S3 event's deletion carried to the destination. */
        DELETED,
        /** Left out by the filters of the worker's config: nothing to move, said so. */
        LEFT_OUT,
        /** Failed: the message comes back for another try. */
        FAILED,
        /** The lease ran out first: the worker that has the message now moves it. */
        LEASE_LOST;

        /** Whether the order's message may go: nothing is left to do for this object. */
        public boolean settled() {
            return this == DONE || this == SKIPPED || this == SOURCE_GONE || this == DELETED || this == LEFT_OUT;
        }

        /** The metric's and the log line's word. */
        public String word() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * @param source      where it came from, for the log line (s3://bucket/key or a path)
     * @param destination s3://bucket/key
     * @param proof       what the upload proved, in the engine's words; null when nothing was uploaded
     */
    record ObjectResult(TransferOrder.Item item, String source, String destination, Outcome outcome, String detail, long size,
                        long bytesSent, long bytesReused, int partsReused, int parts, String proof) {

        /** The key of {@link #destination()}: what follows s3://bucket/. */
        public String destinationKey() {
            int slash = destination.indexOf('/', "s3://".length());
            return slash < 0 ? "" : destination.substring(slash + 1);
        }
    }
}
