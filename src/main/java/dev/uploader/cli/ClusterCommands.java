package dev.uploader.cli;

import dev.uploader.cluster.EventRoute;
import dev.uploader.cluster.QueueDepths;
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
import dev.uploader.i18n.Texts;
import dev.uploader.logging.RunLog;
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

    /** Runs {@code task} now and every {@code every} on a daemon thread named {@code name} while the handle is open. */
    private static Ticker repeatWhile(Duration every, String name, Runnable task) {
        java.util.concurrent.ScheduledExecutorService timer = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(t -> {
            Thread thread = new Thread(t, name);
            thread.setDaemon(true);
            return thread;
        });
        timer.scheduleWithFixedDelay(task, 0, every.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        return timer::shutdownNow;
    }

    private final PrintStream out;
    private final PrintStream err;
    private final S3ClientFactory clients;
    private final Texts texts;

    ClusterCommands(PrintStream out, PrintStream err, S3ClientFactory clients, Texts texts) {
        this.out = out;
        this.err = err;
        this.clients = clients;
        this.texts = texts;
    }

    /** The sender: every object the plan would move goes on the queue as an order. */
    int send(JobConfig job, Options options) {
        check(options);
        List<JobConfig> jobs = jobsOf(job);
        try (WorkQueue queue = openQueue(job, options);
             ClusterMetrics metrics = new ClusterMetrics("sender")) {
            serveMetrics(metrics, options);
            // the sender's endpoint shows the queue's depths too, as a worker's does
            QueueDepths depths = new QueueDepths(queue, metrics);
            Ticker sampling = options.metricsPort() == null ? () -> { } : repeatWhile(Duration.ofSeconds(15), "queue-depth", depths);
            Sender sender = new Sender(queue, metrics, options.perMessage(), 4, line -> err.println(texts.text("cli.warning", line)));
            int exit;
            try {
                exit = sendEach(jobs, queue, sender, options);
            } finally {
                sampling.close();
            }
            if (options.metricsPort() != null) {
                // what the sender left on the queue, for a scrape before the endpoint stops
                depths.sample();
            }
            sayLog(options);
            return exit;
        }
    }

    /** The config's one job, or one per bucket pair ([BucketPairs], --pair). */
    private static List<JobConfig> jobsOf(JobConfig job) {
        if (job.pairs().isEmpty()) {
            return List.of(job);
        }
        List<JobConfig> jobs = new ArrayList<>();
        for (BucketPair pair : job.pairs()) {
            jobs.add(job.forPair(pair));
        }
        return jobs;
    }

    /** Queues the objects of each job (one per bucket pair) in turn; 1 when any could not be queued. */
    private int sendEach(List<JobConfig> jobs, WorkQueue queue, Sender sender, Options options) {
        int exit = UploadCommand.OK;
        for (JobConfig one : jobs) {
            try (JobStores stores = JobStores.open(one, clients)) {
                out.println(texts.text("cluster.queueing", describeSource(one), stores.destinationText(), queue.describe()));
                Sender.Summary s;
                Ticker progress = everyWhile(options.progressEvery(), () -> {
                    long[] p = sender.progress();
                    return "  " + texts.text("cluster.send.progress", p[0], p[1], p[2]);
                });
                try {
                    s = sender.send(stores.newJob(ProgressListener.NONE, ResumeLedger.NONE, false), Sender.Route.of(one));
                } finally {
                    progress.close();
                }
                out.println("  " + (s.sendRetries() > 0
                        ? texts.text("cluster.queued.retried", s.objectsQueued(), Sizes.bytes(s.bytesQueued()), s.messages(), s.sendRetries())
                        : texts.text("cluster.queued", s.objectsQueued(), Sizes.bytes(s.bytesQueued()), s.messages())));
                out.println("  " + texts.text("cluster.skipped", s.skipped()));
                if (s.problems() > 0 || s.unsent() > 0) {
                    out.println("  " + texts.text("cluster.notQueued", s.problems() + s.unsent(), s.problems(), s.unsent()));
                    s.firstProblems().forEach(p -> out.println("    " + p));
                    exit = UploadCommand.FILES_FAILED;
                }
                out.println("  " + texts.text("cluster.time", String.format("%.1f", s.elapsed().toMillis() / 1000.0), queue.describe()));
                LOG.info("sender: queued {} objects in {} messages, skipped {}, problems {}, refused {}", s.objectsQueued(), s.messages(),
                        s.skipped(), s.problems(), s.unsent());
            }
        }
        return exit;
    }

    /** A worker: runs orders and S3 events from the queue until stopped (SIGTERM) or idle for --idle-exit. */
    int work(JobConfig job, Options options) {
        check(options);
        if (options.visibilitySeconds() < Worker.MIN_VISIBILITY.toSeconds() || options.visibilitySeconds() > Worker.MAX_LEASE.toSeconds()) {
            throw new ConfigException(texts.text("cluster.option.visibility", Worker.MIN_VISIBILITY.toSeconds(), Worker.MAX_LEASE.toSeconds()));
        }
        int slots = options.jobs() != null ? options.jobs() : job.maxParallelFile();
        if (slots < 1 || slots > 1000) {
            throw new ConfigException(texts.text("cluster.option.jobs"));
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
            // before any receive: a worker that cannot reach a store would fail every order and hand each back until
            // SQS moved the whole queue to the dead-letter queue
            try {
                runner.checkAccess();
            } catch (TransferException e) {
                throw new TransferException.Fatal(texts.text("cluster.worker.cannotStart", e.getMessage()), e);
            }
            java.nio.file.Path jobLines = startJobLines(options);
            serveMetrics(metrics, options);
            Worker worker = new Worker(queue, runner, events, metrics, new Worker.Settings(slots, Duration.ofSeconds(options.visibilitySeconds()),
                    options.idleExitSeconds() == null ? null : Duration.ofSeconds(options.idleExitSeconds()),
                    Duration.ofSeconds(options.retryDelaySeconds()), id), line -> out.println(line));
            Thread onSignal = new Thread(() -> {
                if (worker.running()) {
                    String line = texts.text("cluster.stopping");
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
            out.println(texts.text("cluster.worker", id, queue.describe(), slots, options.visibilitySeconds())
                    + (job.bandwidthLimit() > 0 ? texts.text("cluster.worker.bandwidth", Sizes.bytes(job.bandwidthLimit())) : "")
                    + (options.idleExitSeconds() == null ? "" : texts.text("cluster.worker.idleExit", options.idleExitSeconds())));
            sayLog(options);
            sayJobLines(jobLines);
            long started = System.nanoTime();
            Worker.Summary s;
            Ticker progress = everyWhile(options.progressEvery(), () -> {
                Worker.Summary now = worker.summary(Duration.ofNanos(System.nanoTime() - started), false);
                return "  " + texts.text("cluster.work.progress", now.messages(), worker.inFlight(), now.objectsDone(), now.objectsSkipped(),
                        now.objectsFailed(), Sizes.bytes(now.bytesSent()));
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
            out.println(texts.text(s.idle() ? "cluster.ended.idle" : "cluster.ended", String.format("%.1f", s.elapsed().toMillis() / 1000.0),
                    s.messages(), s.objectsDone(), s.objectsSkipped(), s.sourceGone(), s.deleted(), s.objectsFailed(), s.leasesLost(),
                    s.handedBack(), s.poison(), s.refused(), s.eventsDropped(), Sizes.bytes(s.bytesSent()), Sizes.bytes(s.bytesReused())));
            sayLog(options);
            sayJobLines(jobLines);
            return deadLetters(queue);
        }
    }

    /** The worker's job lines, bare JSON, in a file of their own beside the run log; null without a run log or when it cannot be made. */
    private java.nio.file.Path startJobLines(Options options) {
        if (options.log() == null) {
            return null;
        }
        try {
            return RunLog.startJobLines(options.log());
        } catch (java.io.IOException e) {
            err.println(texts.text("cluster.jobLines.failed", RunLog.jobLinesFile(options.log()), e.getMessage()));
            return null;
        }
    }

    private void sayJobLines(java.nio.file.Path jobLines) {
        if (jobLines != null) {
            out.println("  " + texts.text("cluster.jobLines", jobLines));
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
                out.println("  " + texts.text("cluster.deadLetters", dead.get().visible()));
                return UploadCommand.FILES_FAILED;
            }
        } catch (TransferException e) {
            LOG.warn("the dead-letter queue's depth was not read: {}", e.getMessage());
        }
        return UploadCommand.OK;
    }

    private void check(Options options) {
        try {
            SqsWorkQueue.parse(options.queueUrl());
        } catch (TransferException.Fatal e) {
            throw new ConfigException(e.getMessage());
        }
        if (options.perMessage() < 1 || options.perMessage() > 100) {
            throw new ConfigException(texts.text("cluster.option.objectsPerMessage"));
        }
        if (options.retryDelaySeconds() < 0 || options.retryDelaySeconds() > 900) {
            throw new ConfigException(texts.text("cluster.option.retryDelay"));
        }
        if (options.idleExitSeconds() != null && options.idleExitSeconds() < 0) {
            throw new ConfigException(texts.text("cluster.option.idleExit"));
        }
        if (options.metricsPort() != null && (options.metricsPort() < 0 || options.metricsPort() > 65535)) {
            throw new ConfigException(texts.text("cluster.option.metricsPort"));
        }
        String prefix = options.resumePrefix();
        if (prefix == null || prefix.isBlank() || prefix.startsWith("/") || prefix.contains("..")) {
            throw new ConfigException(texts.text("cluster.option.resumePrefix", dev.uploader.storage.StoreResumeLedger.DEFAULT_PREFIX));
        }
    }

    private void serveMetrics(ClusterMetrics metrics, Options options) {
        if (options.metricsPort() != null) {
            try {
                int port = metrics.serve("0.0.0.0", options.metricsPort());
                out.println(texts.text("cluster.metrics", port));
            } catch (IllegalStateException e) {
                if (e.getCause() instanceof java.net.BindException taken) {
                    // the port is the user's choice: a wrong option (exit 2), not a queue or store out of reach (exit 3)
                    throw new ConfigException("cannot listen on --metrics-port " + options.metricsPort() + " (" + taken.getMessage()
                            + "): choose another --metrics-port, or 0 for any free one");
                }
                throw new TransferException.Fatal(e.getMessage() + " (--metrics-port)", e);
            }
        }
    }

    private static String queueProfile(JobConfig job, Options options) {
        return options.queueProfile() != null ? options.queueProfile() : job.desProfileName();
    }

    /** The queue, its profile's failures said with the option that names it. */
    private WorkQueue openQueue(JobConfig job, Options options) {
        try {
            return SqsWorkQueue.open(options.queueUrl(), queueProfile(job, options), options.queueRegion());
        } catch (TransferException.Fatal e) {
            throw new TransferException.Fatal(texts.text("cluster.queueKeys", e.getMessage()), e);
        }
    }

    private void sayLog(Options options) {
        if (options.log() != null) {
            out.println("  " + texts.text("summary.log", options.log()));
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
