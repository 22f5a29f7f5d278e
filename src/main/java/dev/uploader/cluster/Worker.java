package dev.uploader.cluster;

import dev.uploader.engine.TransferException;
import dev.uploader.metrics.ClusterMetrics;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
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
 * (no part, no completion) and leaves the message alone; {@link #stop()} (SIGTERM) takes no more messages, stops the
 * jobs and hands their messages back as soon as their writes have ended.
 */
public final class Worker {
    private static final Logger LOG = LoggerFactory.getLogger(Worker.class);
    /** The job log: one JSON line per object (logger name for the log configuration). */
    private static final Logger JOBS = LoggerFactory.getLogger("dev.uploader.jobs");
    /** SQS keeps a message invisible at most 12 hours after its receive. */
    public static final Duration MAX_LEASE = Duration.ofHours(12);
    /** The shortest visibility a worker takes: its heartbeat renews every third of it. */
    public static final Duration MIN_VISIBILITY = Duration.ofSeconds(10);
    static final Duration POLL_WAIT = Duration.ofSeconds(5);
    /** How long a job stopped with the worker may take to end its writes before its message is left to its timeout. */
    static final Duration STOP_WAIT = Duration.ofSeconds(20);
    /**
     * How long a message waits after a write of its job ended after the lease (a copy or a completion cut by a stop or a
     * deadline, which the store may still carry out): SQS's longest delay, so that the next look comes after that write.
     */
    static final Duration LATE_WRITE_DELAY = Duration.ofMinutes(15);

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
            if (slots < 1 || visibility.compareTo(MIN_VISIBILITY) < 0 || visibility.compareTo(MAX_LEASE) > 0 || retryDelay.isNegative()) {
                throw new IllegalArgumentException("slots at least 1, visibility 10 s to 12 h, retry delay not negative");
            }
        }
    }

    /** What a worker did until it ended. */
    /**
     * @param poison        receives of messages that could not be read
     * @param refused       receives of orders this worker cannot run (not its config's job, a share not mounted ...)
     * @param eventsDropped S3 event records left alone (outside the source prefix, deletions without --copy-deletes ...)
     */
    public record Summary(long messages, long objectsDone, long objectsSkipped, long sourceGone, long deleted, long objectsFailed,
                          long leasesLost, long handedBack, long poison, long refused, long eventsDropped, long bytesSent, long bytesReused,
                          Duration elapsed, boolean idle) {
    }

    private final WorkQueue queue;
    private final OrderRunner runner;
    private final EventRoute events;
    private final ClusterMetrics metrics;
    private final Settings settings;
    private final Consumer<String> say;
    private final AtomicBoolean stopping = new AtomicBoolean();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final Map<String, Running> running = new ConcurrentHashMap<>();
    private final Semaphore free;
    private final AtomicLong lastActivity = new AtomicLong(System.nanoTime());
    private final Counts counts = new Counts();
    private volatile Thread loop;

    /** @param events where S3 event notifications go; null when this worker takes orders only */
    public Worker(WorkQueue queue, OrderRunner runner, EventRoute events, ClusterMetrics metrics, Settings settings, Consumer<String> say) {
        this.queue = queue;
        this.runner = runner;
        this.events = events;
        this.metrics = metrics;
        this.settings = settings;
        this.say = say;
        this.free = new Semaphore(settings.slots());
    }

    /** What becomes of a received message: each change of its visibility goes through here, one at a time. */
    private enum Fate { WORKING, HANDED_BACK, DELETED }

    /** One received message being worked on. */
    private final class Running {
        final QueueMessage message;
        final QueueLease lease;
        final long receivedAtNanos;
        /** A heartbeat of this message is under way: the next beat does not ask again meanwhile. */
        final AtomicBoolean beating = new AtomicBoolean();
        volatile Runnable stopper;
        private Fate fate = Fate.WORKING;

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

        synchronized boolean handedBack() {
            return fate == Fate.HANDED_BACK;
        }

        /** A heartbeat: only while the message is being worked on and still ours. Whether it was asked of the queue. */
        synchronized boolean extend(Duration ask) {
            if (fate != Fate.WORKING || !lease.ours()) {
                return false;
            }
            long asked = System.nanoTime();
            queue.extendLease(message, ask);
            lease.renewed(asked, ask);
            return true;
        }

        /** Makes the message visible again after {@code after}, unless it is no longer ours (then it is left alone). */
        synchronized void handBack(Duration after, String why) {
            if (fate != Fate.WORKING) {
                return;
            }
            fate = Fate.HANDED_BACK;
            if (!lease.ours()) {
                LOG.info("message {}: not handed back ({}): its visibility ran out and another worker may hold it", message.id(), why);
                return;
            }
            if (after.isZero()) {
                counts.handedBack.incrementAndGet();
            }
            try {
                queue.handBack(message, after);
                LOG.info("message {} handed back ({}); visible again in {} s", message.id(), why, after.toSeconds());
            } catch (TransferException e) {
                LOG.warn("message {}: could not hand it back ({}); it comes back when its visibility timeout ends", message.id(), e.getMessage());
            }
        }

        /** Deletes the message: its work is done. Not ours any more: left for its next receiver, who finds the work done. */
        synchronized boolean delete() {
            if (fate != Fate.WORKING) {
                return false;
            }
            fate = Fate.DELETED;
            if (!lease.ours()) {
                LOG.info("message {}: done, but its visibility ran out: left for its next receiver, who finds the objects there", message.id());
                return false;
            }
            try {
                queue.delete(message);
                return true;
            } catch (TransferException e) {
                LOG.warn("message {}: done, but the queue did not delete it ({}); it comes back and is found done", message.id(), e.getMessage());
                return false;
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
        final AtomicLong refused = new AtomicLong();
        final AtomicLong eventsDropped = new AtomicLong();
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
        queue.checkAccess();
        loop = Thread.currentThread();
        ExecutorService jobs = Executors.newFixedThreadPool(settings.slots(), new NamedThreads("order"));
        // heartbeats on threads of their own, each message's apart and at a fixed rate: a slow depth reading, or one message's
        // slow or throttled call, never delays the beats of the others
        ScheduledExecutorService beats = Executors.newSingleThreadScheduledExecutor(new NamedThreads("heartbeat"));
        ExecutorService beatCalls = Executors.newFixedThreadPool(settings.slots(), new NamedThreads("heartbeat-call"));
        ScheduledExecutorService depth = Executors.newSingleThreadScheduledExecutor(new NamedThreads("queue-depth"));
        long every = Math.max(1000, settings.visibility().toMillis() / 3);
        beats.scheduleAtFixedRate(() -> heartbeat(beatCalls), every, every, TimeUnit.MILLISECONDS);
        depth.scheduleWithFixedDelay(new QueueDepths(queue, metrics), 0, 15, TimeUnit.SECONDS);
        boolean idle = false;
        int failures = 0;
        long drainedSince = 0;
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
                        say.accept("the queue did not give messages (" + e.getMessage() + "); trying again");
                    }
                    LOG.warn("receive failed ({} in a row): {}", failures, e.getMessage());
                    stopped.await(Math.min(30_000, 500L << Math.min(6, failures)), TimeUnit.MILLISECONDS);
                    continue;
                }
                if (!got.isEmpty() || settings.idleExit() == null || !running.isEmpty()
                        || System.nanoTime() - lastActivity.get() < settings.idleExit().toNanos()) {
                    drainedSince = 0;
                } else if (!drained()) {
                    drainedSince = 0;
                } else if (drainedSince == 0) {
                    drainedSince = System.nanoTime();
                } else if (System.nanoTime() - drainedSince >= confirmDrained().toNanos()) {
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
                if (!jobs.awaitTermination(stopping.get() ? STOP_WAIT.toSeconds() : Long.MAX_VALUE, TimeUnit.SECONDS)) {
                    LOG.warn("orders still running {} s after the stop: their messages come back when their visibility ends", STOP_WAIT.toSeconds());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            beats.shutdownNow();
            beatCalls.shutdownNow();
            depth.shutdownNow();
            loop = null;
        }
        return summary(Duration.ofNanos(System.nanoTime() - started), idle);
    }

    /**
     * How long the queue must read empty before an idle worker ends: its counts are approximate (SQS may lag a
     * little), so one reading is not enough.
     */
    private Duration confirmDrained() {
        Duration idleExit = settings.idleExit();
        return idleExit.compareTo(Duration.ofSeconds(5)) < 0 ? Duration.ofSeconds(5)
                : idleExit.compareTo(Duration.ofMinutes(1)) > 0 ? Duration.ofMinutes(1) : idleExit;
    }

    /** What the worker has done so far (for a progress line while it runs). */
    public Summary summary(Duration elapsed, boolean idle) {
        return new Summary(counts.messages.get(), counts.done.get(), counts.skipped.get(), counts.gone.get(), counts.deleted.get(),
                counts.failed.get(), counts.leasesLost.get(), counts.handedBack.get(), counts.poison.get(), counts.refused.get(),
                counts.eventsDropped.get(), counts.bytesSent.get(), counts.bytesReused.get(), elapsed, idle);
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
        running.put(r.message.receiptHandle(), r);
        if (stopping.get()) {
            // received while stopping: straight back to the queue
            finished(r);
            r.handBack(Duration.ZERO, "the worker is stopping");
            metrics.jobFinished("handed_back");
            return;
        }
        try {
            jobs.execute(() -> {
                metrics.jobStarted();
                try {
                    work(r);
                } catch (RuntimeException e) {
                    LOG.error("message {}: unexpected failure", r.message.id(), e);
                    r.handBack(retryDelay(r.message), "unexpected failure");
                    metrics.jobFinished("failed");
                } finally {
                    metrics.jobEnded();
                    finished(r);
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            finished(r);
            r.handBack(Duration.ZERO, "the worker is stopping");
        }
    }

    private void finished(Running r) {
        running.remove(r.message.receiptHandle());
        lastActivity.set(System.nanoTime());
        free.release();
    }

    /**
     * Stops taking messages and stops every job at once: its lease is lost (no part, no completion from now on) and
     * its requests end within seconds; each message goes back to the queue as soon as its job has ended, so that no
     * write of this worker lands after another worker took the message. Returns without waiting; {@link #run()}
     * returns once the jobs have ended.
     */
    public void stop() {
        if (stopping.compareAndSet(false, true)) {
            stopped.countDown();
            for (Running r : running.values()) {
                r.lease.lose("the worker is stopping");
                r.stopJob();
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
                    finish(r, "ignored");
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
                if (!routed.refused().isEmpty()) {
                    // a notification meant for another worker (or a queue pointed at the wrong one): never thrown away
                    counts.refused.incrementAndGet();
                    String why = "message " + m.id() + " (received " + m.receiveCount() + " time(s)) is not for this worker: "
                            + String.join("; ", routed.refused()) + "; it comes back, and goes to the dead-letter queue after the queue's"
                            + " maxReceiveCount";
                    LOG.error("{}", why);
                    say.accept(why);
                    r.handBack(retryDelay(m), "refused");
                    metrics.jobFinished("failed");
                    return;
                }
                orders = routed.orders();
                dropped = routed.dropped();
                counts.eventsDropped.addAndGet(dropped.size());
            }
        } catch (IllegalArgumentException e) {
            counts.poison.incrementAndGet();
            String why = "message " + m.id() + " (received " + m.receiveCount() + " time(s)) cannot be read: " + e.getMessage()
                    + "; it comes back, and goes to the dead-letter queue after the queue's maxReceiveCount";
            LOG.error("{}", why);
            say.accept(why);
            r.handBack(retryDelay(m), "unreadable");
            metrics.jobFinished("failed");
            return;
        }
        for (String d : dropped) {
            LOG.info("message {}: {}", m.id(), d);
        }
        if (orders.isEmpty()) {
            finish(r, "ignored");
            return;
        }
        List<OrderRunner.ObjectResult> results = new ArrayList<>();
        Map<TransferOrder, List<OrderRunner.ObjectResult>> byOrder = new java.util.LinkedHashMap<>();
        String cannot = null;
        int expected = 0;
        for (TransferOrder order : orders) {
            expected += (int) order.items().stream().map(TransferOrder.Item::name).distinct().count();
            if (stopping.get() || !r.lease.held()) {
                continue;
            }
            try {
                List<OrderRunner.ObjectResult> ran = runner.run(order, r.lease, stop -> r.stopper = stop, metrics::bytesSent);
                results.addAll(ran);
                byOrder.put(order, ran);
            } catch (TransferException e) {
                cannot = e.getMessage();
                counts.refused.incrementAndGet();
                LOG.error("message {}: the order from {} cannot run here: {}", m.id(), order.describeSource(), e.getMessage());
                break;
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        boolean lost = r.lease.lostWhy() != null || r.lease.ranOut();
        boolean allSettled = cannot == null && results.size() == expected && results.stream().allMatch(o -> o.outcome().settled());
        for (OrderRunner.ObjectResult o : results) {
            OrderRunner.Outcome outcome = o.outcome() == OrderRunner.Outcome.FAILED && lost && !stopping.get()
                    ? OrderRunner.Outcome.LEASE_LOST : o.outcome();
            if (!(stopping.get() && !allSettled && outcome == OrderRunner.Outcome.FAILED)) {
                // an object of a message handed back by the stop is counted as handed back, not as failed
                count(outcome, o);
            }
            JOBS.info("{}", JobLogLine.of(new JobLogLine.Entry(Instant.now(), settings.id(), m.id(), m.receiveCount(), o.source(),
                    o.destination(), o.size(), outcome.word(), o.bytesSent(), o.bytesReused(), o.partsReused(), o.proof(), seconds,
                    outcome == OrderRunner.Outcome.DONE ? null : o.detail())));
        }
        boolean late = !r.lease.lateKeys().isEmpty();
        if (late && !r.lease.ours()) {
            // a write of ours ended after the message may have gone to another worker: ours may have landed after its copy
            queueAgain(m, byOrder, r.lease.lateKeys());
        }
        Duration backAfterStop = late ? LATE_WRITE_DELAY : Duration.ZERO;
        if (allSettled) {
            // done, even if the lease ran out meanwhile: nothing is left to do (not deleted when no longer ours)
            finish(r, word(results));
        } else if (stopping.get()) {
            // the job ended by the worker's stop, or began as it stopped: its writes are over, back to the queue at once (after
            // a while when a cut copy or completion may still be carried out by the store)
            r.handBack(backAfterStop, "the worker is stopping");
            metrics.jobFinished("handed_back");
        } else if (lost) {
            counts.leasesLost.incrementAndGet();
            metrics.leaseLost();
            metrics.jobFinished("lease_lost");
            String why = r.lease.lostWhy() != null ? r.lease.lostWhy() : "its visibility timeout ran out";
            LOG.warn("message {}: lease lost ({}): not deleted; the worker that takes it next finishes it", m.id(), why);
            say.accept("message " + m.id() + ": lease lost (" + why + "); nothing completed here, another worker takes it");
            if (r.lease.ours()) {
                // lost by this worker's own giving up, the message still invisible: let the next worker have it at once
                r.handBack(backAfterStop, "lease lost");
            }
        } else {
            Duration after = retryDelay(m);
            String why = cannot != null ? cannot : results.stream().filter(o -> !o.outcome().settled()).map(o -> o.item().name() + ": " + o.detail())
                    .findFirst().orElse("not every object was moved");
            LOG.warn("message {} (received {} time(s)) not done: {}; it comes back in {} s", m.id(), m.receiveCount(), why, after.toSeconds());
            say.accept("failed: " + why + "; the message comes back in " + after.toSeconds() + " s");
            r.handBack(after, "failed");
            metrics.jobFinished("failed");
        }
    }

    /**
     * Queues the objects whose write ended after the lease was lost once more, each in an order of its own: the message
     * may already be done by the worker that took it over, whose copy ours may have replaced with an older version of the
     * source. The worker that receives it finds the object right (a look-up) or sends the source's current version.
     */
    private void queueAgain(QueueMessage m, Map<TransferOrder, List<OrderRunner.ObjectResult>> byOrder, java.util.Set<String> late) {
        List<String> bodies = new ArrayList<>();
        List<String> names = new ArrayList<>();
        byOrder.forEach((order, ran) -> {
            List<OrderRunner.ObjectResult> landed = ran.stream().filter(o -> late.contains(o.destinationKey())).toList();
            if (!landed.isEmpty()) {
                bodies.add(TransferOrders.toJson(new TransferOrder(order.type(), order.source(), order.sourcePrefix(), order.destination(),
                        order.destinationPrefix(), order.partSize(), landed.stream().map(OrderRunner.ObjectResult::item).toList())));
                landed.forEach(o -> names.add(o.destination()));
            }
        });
        String what = String.join(", ", names);
        for (int i = 0; i < bodies.size(); i += 10) {
            List<String> batch = bodies.subList(i, Math.min(bodies.size(), i + 10));
            try {
                List<WorkQueue.Refused> refused = queue.sendBatch(batch, LATE_WRITE_DELAY);
                if (!refused.isEmpty()) {
                    throw new TransferException.Retryable(refused.get(0).reason(), null);
                }
            } catch (RuntimeException e) {
                LOG.error("message {}: {} written after the lease was lost could not be queued again ({}): run the sender again to check it",
                        m.id(), what, e.getMessage());
                say.accept("message " + m.id() + ": " + what + " may be older than the source (written after the lease was lost) and could"
                        + " not be queued again: " + e.getMessage() + "; run the sender again");
                return;
            }
        }
        LOG.warn("message {}: {} written after the lease was lost: queued again to be looked at", m.id(), what);
        say.accept("message " + m.id() + ": " + what + " was written after the lease was lost; queued again to be looked at in "
                + LATE_WRITE_DELAY.toMinutes() + " min");
    }

    private static String word(List<OrderRunner.ObjectResult> results) {
        if (results.stream().allMatch(o -> o.outcome() == OrderRunner.Outcome.SKIPPED || o.outcome() == OrderRunner.Outcome.LEFT_OUT)) {
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
            case LEASE_LOST -> {
                // counted once per message as a lease lost: the worker that has it now moves it
            }
            case LEFT_OUT -> {
                counts.skipped.incrementAndGet();
                LOG.info("{}: left out by the filters of this worker's config", o.source());
            }
            default -> counts.failed.incrementAndGet();
        }
        counts.bytesSent.addAndGet(o.bytesSent());
        counts.bytesReused.addAndGet(o.bytesReused());
        metrics.bytesReused(o.bytesReused());
        metrics.partsSent(o.bytesSent() > 0 ? Math.max(0, o.parts() - o.partsReused()) : 0);
        metrics.partsReused(o.partsReused());
    }

    /** Deletes a message whose work is done. */
    private void finish(Running r, String outcome) {
        r.delete();
        metrics.jobFinished(outcome);
        LOG.info("message {}: {}", r.message.id(), outcome);
    }

    /** How long a failed message stays away: the retry delay times its receives, at most 15 minutes. */
    Duration retryDelay(QueueMessage m) {
        return Duration.ofSeconds(Math.min(900, settings.retryDelay().toSeconds() * Math.max(1, m.receiveCount())));
    }

    /**
     * Renews every lease held, never past 12 hours after its receive, each message's on a thread of the pool; a message
     * whose last heartbeat is still under way is not asked again. A refusal disowns that lease at once: the job sends
     * nothing more (its writes ask the lease) and the message is left to whoever holds it; an unanswered heartbeat is
     * tried again at the next beat, and the lease's own time says when it is lost.
     */
    private void heartbeat(ExecutorService calls) {
        for (Running r : running.values()) {
            if (r.lease.lostWhy() != null || !r.beating.compareAndSet(false, true)) {
                continue;
            }
            try {
                calls.execute(() -> {
                    try {
                        beat(r);
                    } finally {
                        r.beating.set(false);
                    }
                });
            } catch (java.util.concurrent.RejectedExecutionException e) {
                r.beating.set(false);
            }
        }
    }

    private void beat(Running r) {
        try {
            Duration left = MAX_LEASE.minus(Duration.ofNanos(System.nanoTime() - r.receivedAtNanos)).minusMinutes(1);
            Duration ask = left.compareTo(settings.visibility()) < 0 ? left : settings.visibility();
            if (ask.compareTo(MIN_VISIBILITY) < 0) {
                // not disowned: the message stays invisible to its end, and the job stops writing before then
                r.lease.lose("SQS keeps a message at most 12 hours: the job resumes on the worker that receives it next");
                LOG.warn("message {}: lease at SQS's 12-hour limit", r.message.id());
                return;
            }
            if (r.extend(ask)) {
                metrics.heartbeat(true);
            }
        } catch (TransferException.LeaseLost | TransferException.Fatal e) {
            metrics.heartbeat(false);
            r.lease.disown("the heartbeat was refused: " + e.getMessage());
            LOG.warn("message {}: lease lost: {}", r.message.id(), e.getMessage());
        } catch (TransferException e) {
            metrics.heartbeat(false);
            LOG.warn("message {}: heartbeat failed ({}); tried again at the next beat", r.message.id(), e.getMessage());
        } catch (Throwable e) {
            // never let one failure end the scheduled heartbeats of every job
            metrics.heartbeat(false);
            LOG.error("message {}: heartbeat failed", r.message.id(), e);
        }
    }
}
