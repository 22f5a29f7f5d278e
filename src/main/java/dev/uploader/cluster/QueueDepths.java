package dev.uploader.cluster;

import dev.uploader.metrics.ClusterMetrics;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the queue's depths (and its dead-letter queue's, when it has one) into the metrics'
 * {@code uploader_queue_messages} and {@code uploader_dead_letter_messages}. The caller runs it every 15 s on a
 * thread of its own: SQS's counts are approximate and change slowly, and each reading costs a request or two.
 */
public final class QueueDepths implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(QueueDepths.class);

    private final WorkQueue queue;
    private final ClusterMetrics metrics;
    private final AtomicBoolean warned = new AtomicBoolean();

    public QueueDepths(WorkQueue queue, ClusterMetrics metrics) {
        this.queue = queue;
        this.metrics = metrics;
    }

    /**
     * One reading. Never throws: a scheduled task that throws is never run again, and a depth that could not be read
     * (the network, a missing sqs:GetQueueUrl on the dead-letter queue) must not stop the sender or a worker. The
     * gauges then keep their last values.
     */
    public void sample() {
        try {
            WorkQueue.Depth d = queue.depth();
            metrics.queueDepth(d.visible(), d.inFlight(), d.delayed());
        } catch (RuntimeException e) {
            notRead("queue", e);
        }
        try {
            queue.deadLetterDepth().ifPresent(dead -> metrics.deadLetterDepth(dead.visible()));
        } catch (RuntimeException e) {
            notRead("dead-letter queue", e);
        }
    }

    @Override
    public void run() {
        sample();
    }

    /** Said once as a warning (a permission missing stays missing), then only in the debug log. */
    private void notRead(String which, RuntimeException e) {
        if (warned.compareAndSet(false, true)) {
            LOG.warn("the {}'s depth was not read for the metrics (tried again every reading): {}", which, e.getMessage());
        } else {
            LOG.debug("the {}'s depth was not read: {}", which, e.getMessage());
        }
    }
}
