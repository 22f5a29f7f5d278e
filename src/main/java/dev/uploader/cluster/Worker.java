package dev.uploader.cluster;

import dev.uploader.engine.TransferException;
import dev.uploader.metrics.ClusterMetrics;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A cluster worker: takes orders (and S3 event notifications) from the queue, as many as it has free slots, and runs
 * each with the engine under a lease that a heartbeat keeps (ChangeMessageVisibility every third of the visibility
 * timeout, never past SQS's 12 hours). A message is deleted only when every object of it is at the destination and
 * verified, already there, or gone from the source; any other end hands it back after a delay, so that it comes back
 * and, after the queue's maxReceiveCount, goes to the dead-letter queue. A lost lease stops the job's writes at once
 * (no part, no completion); {@link #stop()} (SIGTERM) takes no more messages and hands the unfinished ones back.
 */
public final class Worker {
    private static final Logger LOG = LoggerFactory.getLogger(Worker.class);
    /** The job log: one JSON line per object (logger name for the log configuration). */
    private static final Logger JOBS = LoggerFactory.getLogger("dev.uploader.jobs");
    /** SQS keeps a message invisible at most 12 hours after its receive. */
    static final Duration MAX_LEASE = Duration.ofHours(12);
    static final Duration POLL_WAIT = Duration.ofSeconds(5);

    /**
     * @param slots      orders run at once; the worker asks the queue for no more than it has free
     * @param visibility how long a received message stays invisible; the heartbeat renews it every third of it
     * @param idleExit   end when no message came and none ran for this long and the queue holds none, not even one
     *                   taken by another worker; null to run until stopped
     * @param retryDelay a failed message comes back after this times its receive count (at most 15 minutes)
     * @param id         this worker's name in the log lines (host and process)
     */
    public record Settings(int slots, Duration visibility, Duration idleExit, Duration retryDelay, String id) {
        public Settings {
            if (slots < 1 || visibility.toSeconds() < 10 || visibility.compareTo(MAX_LEASE) > 0 || retryDelay.isNegative()) {
                throw new IllegalArgumentException("slots at least 1, visibility 10 s to 12 h, retry delay not negative");
            }
        }
    }

    /** What a worker did until it ended. */
    public record Summary(long messages, long objectsDone, long objectsSkipped, long sourceGone, long deleted, long objectsFailed,
                          long leasesLost, long handedBack, long poison, long bytesSent, long bytesReused, Duration elapsed, boolean idle) {
    }

    private final WorkQueue queue;
    private final OrderRunner runner;
    private final EventRoute events;
    private final ClusterMetrics metrics;
    private final Settings settings;
    private final Consumer<String> say;
    private final AtomicBoolean stopping = new AtomicBoolean();
    private final Map<String, Running> running = new ConcurrentHashMap<>();
    private final Semaphore free;
    private final AtomicLong lastActivity = new AtomicLong(System.nanoTime());
    private final Counts counts = new Counts();
    private volatile Thread loop;

    /** @param events where S3 event notifications go; null when this worker takes orders only (not S3_TO_S3) */
    public Worker(WorkQueue queue, OrderRunner runner, EventRoute events, ClusterMetrics metrics, Settings settings, Consumer<String> say) {
        this.queue = queue;
        this.runner = runner;
        this.events = events;
        this.metrics = metrics;
        this.settings = settings;
        this.say = say;
        this.free = new Semaphore(settings.slots());
    }

    /** One received message being worked on. */
    private final class Running {
        final QueueMessage message;
        final QueueLease lease;
        final long receivedAtNanos;
        volatile Runnable stopper;
        final AtomicBoolean handedBack = new AtomicBoolean();

        Running(QueueMessage message, long receivedAtNanos) {
            this.message = message;
            this.receivedAtNanos = receivedAtNanos;
            this.lease = new QueueLease(receivedAtNanos, settings.visibility());
        }

        void stopJob() {
            Runnable stop = stopper;
            if (stop != null) {
                stop.run();
            }
        }
    }

    private static final class Counts {
        final AtomicLong messages = new AtomicLong();
        final AtomicLong done = new AtomicLong();
        final AtomicLong skipped = new AtomicLong();
        final AtomicLong gone = new AtomicLong();
        final AtomicLong deleted = new AtomicLong();
        final AtomicLong failed = new AtomicLong();
        final AtomicLong leasesLost = new AtomicLong();
        final AtomicLong handedBack = new AtomicLong();
        final AtomicLong poison = new AtomicLong();
        final AtomicLong bytesSent = new AtomicLong();
        final AtomicLong bytesReused = new AtomicLong();
    }

    /**
     * Works until {@link #stop()} or, with an idle exit, until the queue has been empty for that long.
     *
     * @throws TransferException.Fatal when the queue cannot be reached with these keys, in words
     */
    public Summary run() {
        long started = System.nanoTime();
        loop = Thread.currentThread();
        queue.checkAccess();
        ExecutorService jobs = Executors.newFixedThreadPool(settings.slots(), named("order"));
        ScheduledExecutorService beats = Executors.newScheduledThreadPool(1, named("heartbeat"));
        long every = Math.max(1000, settings.visibility().toMillis() / 3);
        beats.scheduleWithFixedDelay(this::heartbeat, every, every, TimeUnit.MILLISECONDS);
        beats.scheduleWithFixedDelay(this::sampleDepth, 0, 15, TimeUnit.SECONDS);
        boolean idle = false;
        int failures = 0;
        try {
            while (!stopping.get()) {
                if (!free.tryAcquire(1, TimeUnit.SECONDS)) {
                    continue;
                }
                int want = 1 + free.drainPermits();
                List<QueueMessage> got;
                try {
                    long asked = System.nanoTime();
                    got = queue.receive(Math.min(10, want), POLL_WAIT, settings.visibility());
                    failures = 0;
                    free.release(want - Math.min(want, got.size()));
                    for (QueueMessage m : got) {
                        start(jobs, new Running(m, asked));
                    }
                } catch (TransferException.Fatal e) {
                    free.release(want);
                    say.accept("the queue refused to give messages: " + e.getMessage() + "; the worker stops");
                    stop();
                    throw e;
                } catch (TransferException.Retryable e) {
                    free.release(want);
                    failures++;
                    if (failures == 1 || failures % 10 == 0) {
                        say.accept("the queue does not answer (" + e.getMessage() + "); trying again");
                    }
                    LOG.warn("receive failed ({} in a row): {}", failures, e.getMessage());
                    Thread.sleep(Math.min(30_000, 500L << Math.min(6, failures)));
                    continue;
                }
                if (got.isEmpty() && settings.idleExit() != null && running.isEmpty()
                        && System.nanoTime() - lastActivity.get() >= settings.idleExit().toNanos() && drained()) {
                    idle = true;
                    break;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stop();
        } finally {
            jobs.shutdown();
            try {
                // stopped jobs end within seconds (the engine's stop); finished ones at once
                if (!jobs.awaitTermination(stopping.get() ? 20 : Long.MAX_VALUE, TimeUnit.SECONDS)) {
                    LOG.warn("orders still running 20 s after the stop: left to the queue");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            beats.shutdownNow();
            loop = null;
        }
        return summary(Duration.ofNanos(System.nanoTime() - started), idle);
    }

    /** What the worker has done so far (for a progress line while it runs). */
    public Summary summary(Duration elapsed, boolean idle) {
        return new Summary(counts.messages.get(), counts.done.get(), counts.skipped.get(), counts.gone.get(), counts.deleted.get(),
                counts.failed.get(), counts.leasesLost.get(), counts.handedBack.get(), counts.poison.get(), counts.bytesSent.get(),
                counts.bytesReused.get(), elapsed, idle);
    }

    /** Orders being worked on now. */
    public int inFlight() {
        return running.size();
    }

    /**
     * Whether the queue holds no message at all, not even one another worker has taken: a message held by a worker that
     * died comes back when its visibility ends, and an idle exit must not leave it to no one.
     */
    private boolean drained() {
        try {
            WorkQueue.Depth d = queue.depth();
            return d.visible() == 0 && d.inFlight() == 0 && d.delayed() == 0;
        } catch (TransferException e) {
            return false;
        }
    }

    private void start(ExecutorService jobs, Running r) {
        lastActivity.set(System.nanoTime());
        counts.messages.incrementAndGet();
        metrics.jobReceived();
        if (stopping.get()) {
            // received while stopping: straight back to the queue
            handBack(r, Duration.ZERO, "the worker is stopping");
            free.release();
            return;
        }
        running.put(r.message.receiptHandle(), r);
        jobs.execute(() -> {
            metrics.jobStarted();
            try {
                work(r);
            } catch (RuntimeException e) {
                LOG.error("message {}: unexpected failure", r.message.id(), e);
                handBack(r, retryDelay(r.message), "unexpected failure");
            } finally {
                running.remove(r.message.receiptHandle());
                metrics.jobEnded();
                lastActivity.set(System.nanoTime());
                free.release();
            }
        });
    }

    /**
     * Stops taking messages and hands back every message being worked on at once: its job's writes stop (no part,
     * no completion), its uploads stay resumable by whichever worker takes it next. Returns without waiting for the
     * jobs; {@link #run()} returns once they have ended.
     */
    public void stop() {
        if (stopping.compareAndSet(false, true)) {
            for (Running r : running.values()) {
                r.lease.lose("the worker is stopping");
                r.stopJob();
                handBack(r, Duration.ZERO, "the worker is stopping");
            }
        }
    }

    /** Whether {@link #run()} is still going. */
    public boolean running() {
        return loop != null;
    }

    private void work(Running r) {
        QueueMessage m = r.message;
        long started = System.nanoTime();
        List<TransferOrder> orders;
        List<String> dropped = List.of();
        try {
            if (TransferOrders.isOrder(m.body())) {
                orders = List.of(TransferOrders.parse(m.body()));
            } else {
                S3EventMessages.Parsed parsed = S3EventMessages.parse(m.body());
                if (parsed instanceof S3EventMessages.TestEvent test) {
                    LOG.info("message {}: s3:TestEvent of bucket {}: dropped", m.id(), test.bucket());
                    finish(r, "ignored", true);
                    return;
                }
                if (!(parsed instanceof S3EventMessages.Events found)) {
                    throw new IllegalArgumentException("neither an order of the uploader's sender nor an S3 event notification");
                }
                if (events == null) {
                    throw new IllegalArgumentException("an S3 event notification, but this worker's config is not one S3_TO_S3 job;"
                            + " run the workers of event queues with JobType = S3_TO_S3, DesBucket and no [BucketPairs]");
                }
                EventRoute.Routed routed = events.route(found.records());
                orders = routed.orders();
                dropped = routed.dropped();
            }
        } catch (IllegalArgumentException e) {
            counts.poison.incrementAndGet();
            String why = "message " + m.id() + " (received " + m.receiveCount() + " times) cannot be read: " + e.getMessage()
                    + "; it comes back, and goes to the dead-letter queue after the queue's maxReceiveCount";
            LOG.error("{}", why);
            say.accept(why);
            handBack(r, retryDelay(m), "unreadable");
            metrics.jobFinished("failed");
            return;
        }
        for (String d : dropped) {
            LOG.info("message {}: {}", m.id(), d);
        }
        if (orders.isEmpty()) {
            finish(r, "ignored", true);
            return;
        }
        List<OrderRunner.ObjectResult> results = new ArrayList<>();
        String cannot = null;
        for (TransferOrder order : orders) {
            if (stopping.get() || !r.lease.held()) {
                break;
            }
            try {
                results.addAll(runner.run(order, r.lease, stop -> r.stopper = stop));
            } catch (TransferException e) {
                cannot = e.getMessage();
                LOG.error("message {}: the order from {} cannot run here: {}", m.id(), order.describeSource(), e.getMessage());
                break;
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        boolean lost = r.lease.lostWhy() != null || r.lease.ranOut();
        for (OrderRunner.ObjectResult o : results) {
            OrderRunner.Outcome outcome = o.outcome() == OrderRunner.Outcome.FAILED && lost && !r.handedBack.get()
                    ? OrderRunner.Outcome.LEASE_LOST : o.outcome();
            count(outcome, o);
            JOBS.info("{}", JobLogLine.of(new JobLogLine.Entry(Instant.now(), settings.id(), m.id(), m.receiveCount(), o.source(),
                    o.destination(), o.size(), outcome.word(), o.bytesSent(), o.bytesReused(), o.partsReused(), o.proof(), seconds,
                    outcome.settled() ? null : o.detail())));
        }
        boolean allSettled = cannot == null && results.size() == orders.stream().mapToInt(o -> o.items().size()).sum()
                && results.stream().allMatch(o -> o.outcome().settled());
        if (stopping.get() && !allSettled) {
            // it began as the worker stopped, or ended by the stop: back to the queue at once
            handBack(r, Duration.ZERO, "the worker is stopping");
        }
        if (r.handedBack.get()) {
            metrics.jobFinished("handed_back");
        } else if (allSettled && r.lease.lostWhy() == null) {
            // done: even a lease run out by time is deleted, since nothing is left to do for whoever holds it now
            finish(r, word(results), false);
        } else if (lost) {
            counts.leasesLost.incrementAndGet();
            metrics.leaseLost();
            metrics.jobFinished("lease_lost");
            String why = r.lease.lostWhy() != null ? r.lease.lostWhy() : "its visibility timeout ran out";
            LOG.warn("message {}: lease lost ({}): not deleted; the worker that takes it next finishes it", m.id(), why);
            say.accept("message " + m.id() + ": lease lost (" + why + "); nothing completed here, another worker takes it");
        } else {
            Duration after = retryDelay(m);
            String why = cannot != null ? cannot : results.stream().filter(o -> !o.outcome().settled()).map(o -> o.item().name() + ": " + o.detail())
                    .findFirst().orElse("not every object was moved");
            LOG.warn("message {} (received {} times) not done: {}; it comes back in {} s", m.id(), m.receiveCount(), why, after.toSeconds());
            say.accept("failed: " + why + "; the message comes back in " + after.toSeconds() + " s");
            handBack(r, after, "failed");
            metrics.jobFinished("failed");
        }
    }

    private static String word(List<OrderRunner.ObjectResult> results) {
        if (results.stream().allMatch(o -> o.outcome() == OrderRunner.Outcome.SKIPPED)) {
            return "skipped";
        }
        if (results.stream().allMatch(o -> o.outcome() == OrderRunner.Outcome.SOURCE_GONE)) {
            return "source_gone";
        }
        return "done";
    }

    private void count(OrderRunner.Outcome outcome, OrderRunner.ObjectResult o) {
        switch (outcome) {
            case DONE -> counts.done.incrementAndGet();
            case SKIPPED -> counts.skipped.incrementAndGet();
            case SOURCE_GONE -> {
                counts.gone.incrementAndGet();
                say.accept(o.source() + " is gone from the source: nothing to move, message done");
            }
            case DELETED -> counts.deleted.incrementAndGet();
            default -> counts.failed.incrementAndGet();
        }
        counts.bytesSent.addAndGet(o.bytesSent());
        counts.bytesReused.addAndGet(o.bytesReused());
        metrics.bytesSent(o.bytesSent());
        metrics.bytesReused(o.bytesReused());
        metrics.partsSent(Math.max(0, o.parts() - o.partsReused()) * (o.bytesSent() > 0 ? 1L : 0L));
        metrics.partsReused(o.partsReused());
    }

    /** Deletes a message whose work is done. */
    private void finish(Running r, String outcome, boolean quiet) {
        try {
            queue.delete(r.message);
        } catch (TransferException e) {
            // it comes back, and its next receiver finds everything there: a HEAD per object
            LOG.warn("message {}: done, but the queue did not delete it ({}); it comes back and is found done", r.message.id(), e.getMessage());
        }
        metrics.jobFinished(outcome);
        if (!quiet) {
            LOG.info("message {}: {}", r.message.id(), outcome);
        }
    }

    private void handBack(Running r, Duration after, String why) {
        if (!r.handedBack.compareAndSet(false, true)) {
            return;
        }
        if (after.isZero()) {
            counts.handedBack.incrementAndGet();
        }
        try {
            queue.handBack(r.message, after);
            LOG.info("message {} handed back ({}); visible again in {} s", r.message.id(), why, after.toSeconds());
        } catch (TransferException e) {
            // it comes back when its visibility runs out
            LOG.warn("message {}: could not hand it back ({}); it comes back when its visibility timeout ends", r.message.id(), e.getMessage());
        }
    }

    /** How long a failed message stays away: the retry delay times its receives, at most 15 minutes. */
    Duration retryDelay(QueueMessage m) {
        return Duration.ofSeconds(Math.min(900, settings.retryDelay().toSeconds() * Math.max(1, m.receiveCount())));
    }

    /** Renews every lease held, never past 12 hours after its receive; a refusal loses that lease at once. */
    private void heartbeat() {
        for (Running r : running.values()) {
            if (r.handedBack.get() || r.lease.lostWhy() != null) {
                continue;
            }
            long now = System.nanoTime();
            Duration left = MAX_LEASE.minus(Duration.ofNanos(now - r.receivedAtNanos)).minusMinutes(1);
            Duration ask = left.compareTo(settings.visibility()) < 0 ? left : settings.visibility();
            if (ask.toSeconds() < 10) {
                lose(r, "SQS keeps a message at most 12 hours: the job resumes on the worker that receives it next");
                continue;
            }
            try {
                queue.extendLease(r.message, ask);
                r.lease.renewed(now, ask);
                metrics.heartbeat(true);
            } catch (TransferException.LeaseLost | TransferException.Fatal e) {
                metrics.heartbeat(false);
                lose(r, "the heartbeat was refused: " + e.getMessage());
            } catch (TransferException e) {
                // unanswered: tried again at the next beat; the lease's own time says when it is lost
                metrics.heartbeat(false);
                LOG.warn("message {}: heartbeat failed ({}); the lease holds {} more", r.message.id(), e.getMessage(),
                        r.lease.ranOut() ? "no" : "for a while");
            } catch (RuntimeException e) {
                metrics.heartbeat(false);
                LOG.error("message {}: heartbeat failed", r.message.id(), e);
            }
        }
    }

    private void lose(Running r, String why) {
        r.lease.lose(why);
        LOG.warn("message {}: lease lost: {}", r.message.id(), why);
        r.stopJob();
    }

    private void sampleDepth() {
        try {
            WorkQueue.Depth d = queue.depth();
            metrics.queueDepth(d.visible(), d.inFlight(), d.delayed());
            queue.deadLetterDepth().ifPresent(dl -> metrics.deadLetterDepth(dl.visible()));
        } catch (RuntimeException e) {
            LOG.debug("queue depth not read: {}", e.getMessage());
        }
    }

    static java.util.concurrent.ThreadFactory named(String kind) {
        AtomicLong n = new AtomicLong();
        return task -> {
            Thread t = new Thread(task, kind + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
