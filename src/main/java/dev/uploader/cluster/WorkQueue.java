package dev.uploader.cluster;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The work queue of a cluster as the sender and the workers need it (Amazon SQS, storage.sqs). Implementations map
 * their SDK's failures to the engine's {@link dev.uploader.engine.TransferException}s: Fatal with words for wrong keys
 * or a missing queue, Retryable for the network and the service's 5xx, LeaseLost when a message is no longer ours.
 */
public interface WorkQueue extends AutoCloseable {

    /** The queue for messages, such as its URL. */
    String describe();

    /** One cheap request that fails with Fatal in words when the queue or its keys are wrong. */
    void checkAccess();

    /**
     * Waits up to {@code wait} for at most {@code max} messages (at most 10), each then invisible to the others for
     * {@code visibility}; an empty list when none came.
     */
    List<QueueMessage> receive(int max, Duration wait, Duration visibility);

    /**
     * Keeps a received message invisible for {@code visibility} from now (a heartbeat).
     *
     * @throws dev.uploader.engine.TransferException.LeaseLost when the message is no longer this receiver's
     */
    void extendLease(QueueMessage message, Duration visibility);

    /** Makes a received message visible again after {@code after} (zero: at once), for another receiver to take. */
    void handBack(QueueMessage message, Duration after);

    /** Deletes a received message: its work is done. */
    void delete(QueueMessage message);

    /**
     * Sends up to 10 bodies in one request.
     *
     * @return the entries the queue did not take, each with its index in {@code bodies} and the queue's reason
     */
    default List<Refused> sendBatch(List<String> bodies) {
        return sendBatch(bodies, Duration.ZERO);
    }

    /** As {@link #sendBatch(List)}, each message visible only after {@code delay} (at most 15 minutes). */
    List<Refused> sendBatch(List<String> bodies, Duration delay);

    /**
     * The most bytes (UTF-8) of a message body the queue takes (SQS: the queue's MaximumMessageSize, 1,024 to 1,048,576;
     * 262,144 by default on older queues). The default is that older limit, for a queue that cannot say.
     */
    default int maximumMessageSize() {
        return 256 * 1024;
    }

    /** An entry of a batch the queue did not take; {@code senderFault}: sending it again as it is will not help. */
    record Refused(int index, String reason, boolean senderFault) {
    }

    /** Approximate numbers of messages. */
    Depth depth();

    /** The depth of the dead-letter queue of its redrive policy, when it has one. */
    Optional<Depth> deadLetterDepth();

    /** Approximate numbers of messages in a queue: visible, received and not yet deleted, delayed. */
    record Depth(long visible, long inFlight, long delayed) {
    }

    @Override
    void close();
}
