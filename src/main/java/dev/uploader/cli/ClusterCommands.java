package dev.uploader.cli;

import dev.uploader.cluster.EventRoute;
import dev.uploader.cluster.Sender;
import dev.uploader.cluster.StoreOrderRunner;
import dev.uploader.cluster.WorkQueue;
import dev.uploader.cluster.Worker;
import dev.uploader.config.BucketPair;
import dev.uploader.config.ConfigException;
import dev.uploader.config.JobConfig;
import dev.uploader.config.JobType;
import dev.uploader.engine.BandwidthLimiter;
import dev.uploader.engine.MemoryBudget;
import dev.uploader.engine.ProgressListener;
import dev.uploader.engine.ResumeLedger;
import dev.uploader.engine.TransferException;
import dev.uploader.format.Sizes;
import dev.uploader.metrics.ClusterMetrics;
import dev.uploader.storage.JobStores;
import dev.uploader.storage.S3ClientFactory;
import dev.uploader.storage.sqs.SqsWorkQueue;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The command line of cluster mode: {@code --send-to QUEUE} (the sender) and {@code --worker QUEUE} (a worker). They
 * only configure the cluster's sender and worker from the job's config and the options, and print what they did.
 */
final class ClusterCommands {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterCommands.class);

    /** The options of cluster mode, as given. */
    record Options(String queueUrl, String queueProfile, String queueRegion, int perMessage, Integer jobs, int visibilitySeconds,
                   Integer idleExitSeconds, int retryDelaySeconds, String resumePrefix, boolean copyDeletes, Integer metricsPort,
                   boolean serverSideCopy, Duration progressEvery, java.nio.file.Path log) {
    }

    /** Prints {@code line} every {@code every} while the returned handle is open, when it changed. */
    private interface Ticker extends AutoCloseable {
        @Override
        void close();
    }

    private Ticker everyWhile(Duration every, java.util.function.Supplier<String> line) {
        java.util.concurrent.ScheduledExecutorService timer = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(task -> {
            Thread t = new Thread(task, "progress");
            t.setDaemon(true);
            return t;
        });
        String[] last = {null};
        timer.scheduleWithFixedDelay(() -> {
            String now = line.get();
            if (!now.equals(last[0])) {
                out.println(now);
                last[0] = now;
            }
        }, every.toMillis(), every.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        return timer::shutdownNow;
    }

    private final PrintStream out;
    private final PrintStream err;
    private final S3ClientFactory clients;

    ClusterCommands(PrintStream out, PrintStream err, S3ClientFactory clients) {
        this.out = out;
        this.err = err;
        this.clients = clients;
    }

    /** The sender: every object the plan would move goes on the queue as an order. */
    int send(JobConfig job, Options options) {
        check(options);
        List<JobConfig> jobs = new ArrayList<>();
        if (job.pairs().isEmpty()) {
            jobs.add(job);
        } else {
            for (BucketPair pair : job.pairs()) {
                jobs.add(job.forPair(pair));
            }
        }
        try (WorkQueue queue = openQueue(job, options);
             ClusterMetrics metrics = new ClusterMetrics("sender")) {
            serveMetrics(metrics, options);
            Sender sender = new Sender(queue, metrics, options.perMessage(), 4, line -> err.println("warning: " + line));
            int exit = UploadCommand.OK;
            for (JobConfig one : jobs) {
                try (JobStores stores = JobStores.open(one, clients)) {
                    out.println("queueing " + describeSource(one) + " -> " + stores.destinationText() + " on " + queue.describe());
                    Sender.Summary s;
                    Ticker progress = everyWhile(options.progressEvery(), () -> {
                        long[] p = sender.progress();
                        return "  ... " + p[0] + " objects queued, " + p[1] + " already there, " + p[2] + " problems so far";
                    });
                    try {
                        s = sender.send(stores.newJob(ProgressListener.NONE, ResumeLedger.NONE, false), Sender.Route.of(one));
                    } finally {
                        progress.close();
                    }
                    out.printf("  queued:   %d objects (%s) in %d messages%s%n", s.objectsQueued(), Sizes.bytes(s.bytesQueued()), s.messages(),
                            s.sendRetries() > 0 ? ", " + s.sendRetries() + " sent again after the queue refused them for a moment" : "");
                    out.printf("  skipped:  %d already at the destination%n", s.skipped());
                    if (s.problems() > 0 || s.unsent() > 0) {
                        out.printf("  not queued: %d (%d problems of the source, %d refused by the queue)%n", s.problems() + s.unsent(),
                                s.problems(), s.unsent());
                        s.firstProblems().forEach(p -> out.println("    " + p));
                        exit = UploadCommand.FILES_FAILED;
                    }
                    out.printf("  time:     %.1f s; the workers move them (uploader --nogui --worker %s)%n", s.elapsed().toMillis() / 1000.0,
                            queue.describe());
                    LOG.info("sender: queued {} objects in {} messages, skipped {}, problems {}, refused {}", s.objectsQueued(), s.messages(),
                            s.skipped(), s.problems(), s.unsent());
                }
            }
            sayLog(options);
            return exit;
        }
    }

    /** A worker: runs orders and S3 events from the queue until stopped (SIGTERM) or idle for --idle-exit. */
    int work(JobConfig job, Options options) {
        check(options);
        if (options.visibilitySeconds() < Worker.MIN_VISIBILITY.toSeconds() || options.visibilitySeconds() > Worker.MAX_LEASE.toSeconds()) {
            throw new ConfigException("--visibility must be " + Worker.MIN_VISIBILITY.toSeconds() + " to " + Worker.MAX_LEASE.toSeconds()
                    + " seconds (SQS keeps a message invisible at most 12 hours); the heartbeat renews it every third of it");
        }
        int slots = options.jobs() != null ? options.jobs() : job.maxParallelFile();
        if (slots < 1 || slots > 1000) {
            throw new ConfigException("--jobs must be 1 to 1000");
        }
        long budget = job.memoryBudget() > 0 ? job.memoryBudget() : MemoryBudget.defaultLimit();
        // orders name their buckets; S3 events go where the config's one job goes (a config of pairs has no one destination)
        EventRoute events = job.jobType() == JobType.S3_TO_S3 && job.pairs().isEmpty()
                ? new EventRoute(job.s3Source().bucket(), job.s3Source().prefix(), job.desBucket(), job.s3Prefix(), options.copyDeletes()) : null;
        String id = workerId();
        try (WorkQueue queue = openQueue(job, options);
             ClusterMetrics metrics = new ClusterMetrics("worker");
             StoreOrderRunner runner = new StoreOrderRunner(job, clients, options.resumePrefix(), options.serverSideCopy(),
                     new BandwidthLimiter(job.bandwidthLimit()), new MemoryBudget(budget))) {
            queue.checkAccess();
            serveMetrics(metrics, options);
            Worker worker = new Worker(queue, runner, events, metrics, new Worker.Settings(slots, Duration.ofSeconds(options.visibilitySeconds()),
                    options.idleExitSeconds() == null ? null : Duration.ofSeconds(options.idleExitSeconds()),
                    Duration.ofSeconds(options.retryDelaySeconds()), id), line -> out.println(line));
            Thread onSignal = new Thread(() -> {
                if (worker.running()) {
                    String line = "stopping: no more messages taken; unfinished ones handed back to the queue for another worker";
                    LOG.warn("{}", line);
                    err.println(line);
                    worker.stop();
                    long until = System.nanoTime() + Duration.ofSeconds(25).toNanos();
                    while (worker.running() && System.nanoTime() < until) {
                        try {
                            Thread.sleep(50);
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                }
            }, "on-signal");
            Runtime.getRuntime().addShutdownHook(onSignal);
            out.println("worker " + id + " on " + queue.describe() + ": " + slots + " orders at once, visibility " + options.visibilitySeconds()
                    + " s" + (job.bandwidthLimit() > 0 ? ", at most " + Sizes.bytes(job.bandwidthLimit()) + "/s" : "")
                    + (options.idleExitSeconds() == null ? "" : ", ends after " + options.idleExitSeconds() + " s without work"));
            sayLog(options);
            long started = System.nanoTime();
            Worker.Summary s;
            Ticker progress = everyWhile(options.progressEvery(), () -> {
                Worker.Summary now = worker.summary(Duration.ofNanos(System.nanoTime() - started), false);
                return "  ... " + now.messages() + " messages, " + worker.inFlight() + " running; objects " + now.objectsDone() + " uploaded, "
                        + now.objectsSkipped() + " already there, " + now.objectsFailed() + " failed; " + Sizes.bytes(now.bytesSent()) + " sent";
            });
            try {
                s = worker.run();
            } finally {
                progress.close();
            }
            try {
                Runtime.getRuntime().removeShutdownHook(onSignal);
            } catch (IllegalStateException shuttingDown) {
                // the hook runs
            }
            out.printf("worker ended%s after %.1f s: %d messages; objects %d uploaded, %d already there, %d gone from the source, %d deleted,"
                            + " %d failed (their messages come back); %d leases lost, %d handed back, %d unreadable messages, %d orders this"
                            + " worker cannot run, %d events left alone (the log says why); %s sent, %s reused%n",
                    s.idle() ? " (idle)" : "", s.elapsed().toMillis() / 1000.0, s.messages(), s.objectsDone(), s.objectsSkipped(), s.sourceGone(),
                    s.deleted(), s.objectsFailed(), s.leasesLost(), s.handedBack(), s.poison(), s.refused(), s.eventsDropped(),
                    Sizes.bytes(s.bytesSent()), Sizes.bytes(s.bytesReused()));
            sayLog(options);
            return deadLetters(queue);
        }
    }

    /**
     * The end of a worker: 1 when messages wait in the dead-letter queue (a batch run then does not look done), said
     * with what to do; 0 otherwise.
     */
    private int deadLetters(WorkQueue queue) {
        try {
            java.util.Optional<WorkQueue.Depth> dead = queue.deadLetterDepth();
            if (dead.isPresent() && dead.get().visible() > 0) {
                out.println("  " + dead.get().visible() + " message(s) wait in the dead-letter queue: the workers' logs say why each failed;"
                        + " fix that, then move them back (SQS: start a DLQ redrive)");
                return UploadCommand.FILES_FAILED;
            }
        } catch (TransferException e) {
            LOG.warn("the dead-letter queue's depth was not read: {}", e.getMessage());
        }
        return UploadCommand.OK;
    }

    private static void check(Options options) {
        try {
            SqsWorkQueue.parse(options.queueUrl());
        } catch (TransferException.Fatal e) {
            throw new ConfigException(e.getMessage());
        }
        if (options.perMessage() < 1 || options.perMessage() > 100) {
            throw new ConfigException("--objects-per-message must be 1 to 100");
        }
        if (options.retryDelaySeconds() < 0 || options.retryDelaySeconds() > 900) {
            throw new ConfigException("--retry-delay must be 0 to 900 seconds");
        }
        if (options.idleExitSeconds() != null && options.idleExitSeconds() < 0) {
            throw new ConfigException("--idle-exit must be 0 or more seconds");
        }
        if (options.metricsPort() != null && (options.metricsPort() < 0 || options.metricsPort() > 65535)) {
            throw new ConfigException("--metrics-port must be 0 to 65535");
        }
        String prefix = options.resumePrefix();
        if (prefix == null || prefix.isBlank() || prefix.startsWith("/") || prefix.contains("..")) {
            throw new ConfigException("--resume-prefix must be a prefix in the destination bucket, such as " + dev.uploader.storage.StoreResumeLedger.DEFAULT_PREFIX);
        }
    }

    private void serveMetrics(ClusterMetrics metrics, Options options) {
        if (options.metricsPort() != null) {
            try {
                int port = metrics.serve("0.0.0.0", options.metricsPort());
                out.println("metrics: http://localhost:" + port + "/metrics");
            } catch (IllegalStateException e) {
                throw new TransferException.Fatal(e.getMessage() + " (--metrics-port)", e);
            }
        }
    }

    private static String queueProfile(JobConfig job, Options options) {
        return options.queueProfile() != null ? options.queueProfile() : job.desProfileName();
    }

    /** The queue, its profile's failures said with the option that names it. */
    private static WorkQueue openQueue(JobConfig job, Options options) {
        try {
            return SqsWorkQueue.open(options.queueUrl(), queueProfile(job, options), options.queueRegion());
        } catch (TransferException.Fatal e) {
            throw new TransferException.Fatal("the queue's keys: " + e.getMessage() + " (the queue uses --queue-profile, by default the"
                    + " destination's DesProfileName)", e);
        }
    }

    private void sayLog(Options options) {
        if (options.log() != null) {
            out.println("  log:      " + options.log());
        }
    }

    private static String describeSource(JobConfig job) {
        return switch (job.jobType()) {
            case S3_TO_S3 -> "s3://" + job.s3Source().bucket() + "/" + job.s3Source().prefix();
            case ALIOSS_TO_S3 -> "oss://" + job.ossSource().bucket() + "/" + job.ossSource().prefix();
            default -> job.srcDir().toString();
        };
    }

    /** host:pid, for the log lines of a cluster of workers. */
    static String workerId() {
        String host;
        try {
            host = java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            host = "localhost";
        }
        return host + ":" + ProcessHandle.current().pid();
    }
}
