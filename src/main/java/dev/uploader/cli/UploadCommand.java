package dev.uploader.cli;

import dev.uploader.config.AppDirectories;
import dev.uploader.config.ConfigException;
import dev.uploader.config.ConfigLoader;
import dev.uploader.config.IniValues;
import dev.uploader.config.JobConfig;
import dev.uploader.config.BucketPair;
import dev.uploader.engine.JobResult;
import dev.uploader.engine.JobTotals;
import dev.uploader.format.Sizes;
import dev.uploader.i18n.LanguageChoice;
import dev.uploader.i18n.Texts;
import dev.uploader.report.JsonLinesReport;
import java.util.ArrayList;
import dev.uploader.engine.PendingUpload;
import dev.uploader.engine.ProgressListener;
import dev.uploader.engine.TransferException;
import dev.uploader.engine.UploadJob;
import dev.uploader.engine.watch.FolderWatch;
import dev.uploader.logging.RunLog;
import dev.uploader.run.JobRunner;
import dev.uploader.run.RunEvents;
import dev.uploader.history.RunHistory;
import dev.uploader.run.RunHistoryWriter;
import dev.uploader.run.RunRecorder;
import dev.uploader.run.RunOutcome;
import dev.uploader.run.RunRequest;
import dev.uploader.run.UnfinishedChoice;
import dev.uploader.storage.local.FileResumeLedger;
import dev.uploader.storage.JobStores;
import dev.uploader.storage.S3ClientFactory;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code uploader --nogui}: runs one job from the config file and the options that override it. */
// no subcommands in methods: picocli would look for them through every method of the class at each start
@Command(name = "uploader", mixinStandardHelpOptions = true, versionProvider = Version.class, sortOptions = false,
        usageHelpWidth = 110, addMethodSubcommands = false,
        description = {
            "Resumable, verified upload of a local folder into any S3-compatible store.",
            "Reads s3_upload_config.ini (the original tool's file, unchanged); options override its keys.",
            "Without --config: ./s3_upload_config.ini, then the user's config folder."},
        footer = {"", "Exit codes: 0 every file is at the destination (uploaded and verified, or already there); 1 some files failed;",
            "2 wrong option or config value; 3 the job could not run (credentials, bucket, endpoint); 130 interrupted (Ctrl-C), 143 terminated (SIGTERM)."})
public final class UploadCommand implements Callable<Integer> {
    public static final int OK = 0;
    public static final int FILES_FAILED = 1;
    public static final int BAD_CONFIG = 2;
    public static final int CANNOT_RUN = 3;

    private static final Logger LOG = LoggerFactory.getLogger(UploadCommand.class);

    @Option(names = "--nogui", description = "Run on the command line (without it the desktop app opens).")
    boolean nogui;

    @Option(names = {"-c", "--config"}, paramLabel = "FILE", description = "The config file (s3_upload_config.ini).")
    Path config;

    @Option(names = "--job-type", paramLabel = "TYPE", description = "LOCAL_TO_S3, S3_TO_S3 or ALIOSS_TO_S3 ([Basic] JobType).")
    String jobType;

    @Option(names = "--src-dir", paramLabel = "DIR", description = "Local folder to upload ([LOCAL_TO_S3] SrcDir).")
    String srcDir;

    @Option(names = "--src-bucket", paramLabel = "NAME", description = "Source bucket of S3_TO_S3 ([S3_TO_S3] SrcBucket).")
    String srcBucket;

    @Option(names = "--src-profile", paramLabel = "NAME", description = "AWS profile of the source ([S3_TO_S3] SrcProfileName).")
    String srcProfile;

    @Option(names = "--src-endpoint", paramLabel = "URL", description = "AWS, or the source's endpoint URL ([S3_TO_S3] SrcEndPointURL).")
    String srcEndpoint;

    @Option(names = "--des-prefix", paramLabel = "PREFIX", description = "Destination prefix when it differs from the source's ([Basic] DesPrefix).")
    String desPrefix;

    @Option(names = "--no-server-side-copy", description = "Always copy through this machine, even within one store.")
    boolean noServerSideCopy;

    @Option(names = "--file", paramLabel = "NAME", description = "Only this file inside the folder, or * for all ([Basic] SrcFileIndex).")
    String srcFileIndex;

    @Option(names = "--bucket", paramLabel = "NAME", description = "Destination bucket ([Basic] DesBucket).")
    String bucket;

    @Option(names = "--prefix", paramLabel = "PREFIX", description = "Destination prefix ([Basic] S3Prefix).")
    String prefix;

    @Option(names = "--profile", paramLabel = "NAME", description = "AWS profile of the destination ([Basic] DesProfileName).")
    String profile;

    @Option(names = "--endpoint", paramLabel = "URL", description = "AWS, or an S3-compatible endpoint URL ([Basic] DesEndPointURL).")
    String endpoint;

    @Option(names = "--region", paramLabel = "REGION", description = "Region of the destination ([Basic] DesRegion).")
    String region;

    @Option(names = "--path-style", description = "Path-style addressing for the endpoint ([Basic] DesPathStyle).")
    Boolean pathStyle;

    @Option(names = "--chunk-size", paramLabel = "MiB", description = "Part size in MiB, 5 to 5120 ([Advanced] ChunkSize).")
    String chunkSize;

    @Option(names = "--max-thread", paramLabel = "N", description = "Parts in flight per file ([Advanced] MaxThread).")
    String maxThread;

    @Option(names = "--max-parallel-file", paramLabel = "N", description = "Files in flight ([Advanced] MaxParallelFile).")
    String maxParallelFile;

    @Option(names = "--max-retry", paramLabel = "N", description = "Retries of one request ([Advanced] MaxRetry).")
    String maxRetry;

    @Option(names = "--storage-class", paramLabel = "CLASS", description = "Storage class of new objects ([Advanced] StorageClass).")
    String storageClass;

    @Option(names = "--verify-md5", description = "Re-read each file after its upload and compare ([Advanced] ifVerifyMD5).")
    Boolean verifyMd5;

    @Option(names = "--bwlimit", paramLabel = "RATE", description = "Bandwidth limit for the whole job, e.g. 500K, 20M; 0 for none ([Advanced] BandwidthLimit).")
    String bandwidthLimit;

    @Option(names = "--memory-budget", paramLabel = "SIZE",
            description = "Most bytes held in part buffers at once, e.g. 256M or 2G; default half the Java heap ([Advanced] MemoryBudget).")
    String memoryBudget;

    @Option(names = "--s3-client", paramLabel = "CLIENT",
            description = "auto: the uploader's own HTTP client for custom endpoints, the AWS SDK for AWS; sdk: the AWS SDK for every store ([Advanced] S3Client).")
    String s3Client;

    @Option(names = "--idle-timeout", paramLabel = "SECONDS",
            description = "A request on which no byte moves for this long fails and is tried again on a new connection; default 30 ([Advanced] IdleTimeout).")
    String idleTimeout;

    @Option(names = "--ca-bundle", paramLabel = "FILE",
            description = "A PEM file of certificate authorities to trust besides the system's, as AWS_CA_BUNDLE ([Advanced] CaBundle).")
    String caBundle;

    @Option(names = "--log-level", paramLabel = "LEVEL", description = "ERROR, WARNING, INFO or DEBUG ([Advanced] LoggingLevel).")
    String logLevel;

    @Option(names = "--clean", description = "Abort the unfinished uploads under the destination prefix, then upload afresh.")
    boolean clean;

    @Option(names = "--resume", description = "Resume unfinished uploads without asking (like DontAskMeToClean).")
    boolean resume;

    @Option(names = "--dry-run", description = "Show the plan (each file, its key, part size and count, upload or skip); write nothing.")
    boolean dryRun;

    @Option(names = "--include", paramLabel = "GLOB",
            description = "Move only what matches (repeatable; ** crosses folders, a pattern without / matches names at any depth) ([Filter] Include).")
    List<String> includes;

    @Option(names = "--exclude", paramLabel = "GLOB", description = "Leave out what matches (repeatable; wins over --include) ([Filter] Exclude).")
    List<String> excludes;

    @Option(names = {"--filter-from", "--exclude-from"}, paramLabel = "FILE",
            description = "A file of patterns, one per line: '- GLOB' or a bare GLOB leaves out, '+ GLOB' moves; # comments ([Filter] FilterFile).")
    String filterFile;

    @Option(names = "--min-size", paramLabel = "SIZE", description = "Only objects of at least this size, e.g. 1K, 10M ([Filter] MinSize).")
    String minSize;

    @Option(names = "--max-size", paramLabel = "SIZE", description = "Only objects of at most this size, e.g. 5G ([Filter] MaxSize).")
    String maxSize;

    @Option(names = {"--newer-than", "--max-age"}, paramLabel = "TIME",
            description = "Only what changed after TIME: an age such as 7d, 12h, 1d12h, or a date 2026-11-25 / 2026-11-25T10:00:00Z ([Filter] NewerThan).")
    String newerThan;

    @Option(names = {"--older-than", "--min-age"}, paramLabel = "TIME", description = "Only what changed before TIME (same forms) ([Filter] OlderThan).")
    String olderThan;

    @Option(names = "--checksum",
            description = "Skip or send by content (MD5 against the destination's ETag) instead of size and time; slower for local files, which are read ([Filter] Checksum).")
    Boolean checksum;

    @Option(names = "--files-from", paramLabel = "FILE",
            description = "Move only the names in FILE (one per line, relative to the source folder or prefix; - reads standard input), such as the failures list of --report.")
    String filesFrom;

    @Option(names = "--report", paramLabel = "FILE",
            description = "Write a JSON Lines report: one record per object as the job goes and a summary; failures also to FILE.failed.txt for --files-from.")
    Path reportFile;

    @Option(names = "--inventory", paramLabel = "S3URL",
            description = "S3_TO_S3: list the source from an S3 Inventory (CSV) given as s3://bucket/path/manifest.json ([S3_TO_S3] SrcInventory).")
    String inventory;

    @Option(names = "--pair", arity = "2", paramLabel = "SRC DEST", hideParamSyntax = true,
            description = "A source and destination of their own (repeatable): bucket[/prefix] bucket[/prefix] (a folder for LOCAL_TO_S3) ([BucketPairs]).")
    List<String> pairs;

    @Option(names = "--create-bucket", description = "Create a destination bucket that does not exist before sending to it ([Basic] CreateBucket).")
    Boolean createBucket;

    @Option(names = "--watch",
            description = "LOCAL_TO_S3: after the run, keep watching the folder and upload each file once it is written and has settled; Ctrl-C or SIGTERM ends it.")
    boolean watch;

    @Option(names = "--settle", paramLabel = "SECONDS",
            description = "With --watch: seconds a file's size and modification time must stay unchanged before it is sent; default 5 ([Advanced] WatchSettleSeconds).")
    String settle;

    @Option(names = "--rescan-interval", paramLabel = "SECONDS",
            description = "With --watch: seconds between looks at the whole folder, for what the file system did not report (network mounts); default 60.")
    Integer rescanInterval;

    @Option(names = "--log-dir", paramLabel = "DIR", description = "Folder for this run's log file (default: the user's log folder).")
    Path logDir;

    @Option(names = "--progress-interval", paramLabel = "SECONDS", defaultValue = "10",
            description = "Seconds between progress lines when not on a terminal (default 10).")
    int progressInterval;

    @Option(names = "--send-to", paramLabel = "QUEUE_URL",
            description = "Cluster sender: put one order per object to move on this SQS queue instead of moving it (workers move them).")
    String sendTo;

    @Option(names = "--worker", paramLabel = "QUEUE_URL",
            description = "Cluster worker: move the orders and S3 event notifications of this SQS queue until stopped (SIGTERM) or --idle-exit.")
    String workerQueue;

    @Option(names = "--queue-profile", paramLabel = "NAME", description = "AWS profile for the queue (default: the destination's, DesProfileName).")
    String queueProfile;

    @Option(names = "--queue-region", paramLabel = "REGION", description = "Region of the queue (default: from its URL).")
    String queueRegion;

    @Option(names = "--objects-per-message", paramLabel = "N",
            description = "Sender: small objects (one request each) per message, 1 to 100 (default 20); larger ones go one per message.")
    Integer objectsPerMessage;

    @Option(names = "--jobs", paramLabel = "N", description = "Worker: messages worked on at once (default MaxParallelFile).")
    Integer jobs;

    @Option(names = "--visibility", paramLabel = "SECONDS",
            description = "Worker: how long a taken message stays hidden from other workers, renewed every third of it (default 120).")
    Integer visibility;

    @Option(names = "--idle-exit", paramLabel = "SECONDS", description = "Worker: end after this long without a message or a job, once the queue holds none (batch runs).")
    Integer idleExit;

    @Option(names = "--retry-delay", paramLabel = "SECONDS",
            description = "Worker: a failed message comes back after this times its receive count, at most 900 s (default 10).")
    Integer retryDelay;

    @Option(names = "--resume-prefix", paramLabel = "PREFIX",
            description = "Worker: where resume records of S3/OSS sources are kept in the destination bucket, for every worker (default .uploader/resume/).")
    String resumePrefix;

    @Option(names = "--copy-deletes", description = "Worker: carry S3 deletion events to the destination (default: only creations are copied).")
    boolean copyDeletes;

    @Option(names = "--metrics-port", paramLabel = "PORT", description = "Sender and worker: serve Prometheus metrics on this port (/metrics).")
    Integer metricsPort;

    /** Read before parsing, by {@link CommandLineApp#texts}: declared here so that picocli accepts and documents it. */
    @Option(names = "--language", paramLabel = "LANG",
            description = "Language of the messages: en, zh-CN (Simplified Chinese) or auto (the system's); default: UPLOADER_LANG, else auto.")
    String language;

    private final PrintStream out;
    private final PrintStream err;
    private final BufferedReader in;
    private final boolean interactive;
    private final S3ClientFactory clientFactory;
    private final AppDirectories directories;
    /** Where each run is recorded for the desktop app's history. */
    private RunHistoryWriter history = RunHistoryWriter.NONE;
    private final Texts texts;

    /** @param texts the messages in the language chosen ({@link LanguageChoice}) */
    public UploadCommand(PrintStream out, PrintStream err, BufferedReader in, boolean interactive,
                         S3ClientFactory clientFactory, AppDirectories directories, Texts texts) {
        this.out = out;
        this.err = err;
        this.in = in;
        this.interactive = interactive;
        this.clientFactory = clientFactory;
        this.directories = directories;
        this.texts = texts;
    }

    /** The messages this command prints in. */
    public Texts texts() {
        return texts;
    }

    @Override
    public Integer call() {
        if (clean && resume) {
            return fail(BAD_CONFIG, texts.text("option.cleanAndResume"));
        }
        String watchConflict = watchConflict();
        if (watchConflict != null) {
            return fail(BAD_CONFIG, watchConflict);
        }
        JobConfig job;
        try {
            job = loadConfig();
            if (watch) {
                watchSettings = watchSettings(job);
            }
        } catch (ConfigException e) {
            return fail(BAD_CONFIG, e.getMessage());
        }
        long logSince = System.currentTimeMillis();
        Path wanted = logDir != null ? logDir : directories.logDir();
        Path log;
        try {
            log = RunLog.start(wanted, job.loggingLevel());
        } catch (IOException e) {
            // the job still runs: its evidence goes where it can, and the user is told where
            Path fallback = Path.of(System.getProperty("java.io.tmpdir"), "uploader-logs");
            try {
                log = RunLog.start(fallback, job.loggingLevel());
                err.println(texts.text("cli.warning.logElsewhere", wanted, e.getMessage(), log));
            } catch (IOException again) {
                log = null;
                err.println(texts.text("cli.warning.noLog", wanted, e.getMessage(), fallback));
            }
        }
        Path logFile = log;
        history = new RunRecorder(new RunHistory(directories.historyDir()), () -> logFile);
        LOG.info("config {}; destination s3://{}/{} at {}; {}", job.file() == null ? "(none: options only)" : job.file(), job.desBucket(),
                job.s3Prefix(), job.desEndpoint() == null ? "AWS" : job.desEndpoint(), switch (job.jobType()) {
                    case S3_TO_S3 -> "source s3://" + job.s3Source().bucket() + "/" + job.s3Source().prefix() + " at "
                            + (job.s3Source().endpoint() == null ? "AWS" : job.s3Source().endpoint());
                    case ALIOSS_TO_S3 -> "source oss://" + job.ossSource().bucket() + "/" + job.ossSource().prefix() + " at " + job.ossSource().endpoint();
                    default -> "source " + job.srcDir();
                });
        try {
            if (sendTo != null || workerQueue != null) {
                return cluster(job, log);
            }
            return run(job, log, logSince);
        } catch (ConfigException e) {
            return fail(BAD_CONFIG, e.getMessage());
        } catch (TransferException.Fatal e) {
            LOG.error("cannot run: {}", e.getMessage(), e);
            return fail(CANNOT_RUN, e.getMessage());
        }
    }

    /**
     * Runs the job; a SIGINT or SIGTERM before its end (Ctrl-C, kill, a service stopping) gets one line saying the run
     * stopped and what will resume, on the console and in the log, as the JVM goes down: from the opening of the stores
     * (nothing sent yet) to the summary.
     */
    private int run(JobConfig job, Path log, long logSince) {
        java.util.concurrent.atomic.AtomicBoolean finished = new java.util.concurrent.atomic.AtomicBoolean();
        java.util.concurrent.atomic.AtomicReference<UploadJob> uploading = new java.util.concurrent.atomic.AtomicReference<>();
        java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(1);
        Thread onSignal = new Thread(() -> {
            FolderWatch folder = watching.get();
            if (!finished.get() && folder != null) {
                // the usual end of a watch: the job under way stops, and the summary of the whole run is printed
                LOG.warn("{}", Texts.english().text("cli.interrupted.watch"));
                err.println(texts.text("cli.interrupted.watch"));
                folder.stop();
                try {
                    done.await(WATCH_STOP_WAIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            } else if (!finished.get()) {
                UploadJob upload = uploading.get();
                String key = upload == null ? "cli.interrupted.before" : upload.resumeUnsupported() ? "cli.interrupted.noResume"
                        : "cli.interrupted.resumable";
                LOG.warn("{}", Texts.english().text(key));
                err.println(texts.text(key));
                if (upload != null) {
                    upload.stop();
                }
            }
        }, "on-signal");
        Runtime.getRuntime().addShutdownHook(onSignal);
        try {
            return run(job, log, logSince, uploading);
        } finally {
            finished.set(true);
            done.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(onSignal);
            } catch (IllegalStateException shuttingDown) {
                // the hook runs or has run
            }
        }
    }

    private int run(JobConfig job, Path log, long logSince, java.util.concurrent.atomic.AtomicReference<UploadJob> uploading) {
        JobStores.NameList names = names();
        try (JsonLinesReport report = reportFile == null || dryRun ? null : JsonLinesReport.open(reportFile)) {
            if (job.pairs().isEmpty()) {
                PairRun one = runPair(job, null, names, log, uploading, report);
                return finish(one.exit(), one.result() == null ? null : one.result().totals(), report, log, logSince);
            }
            if (names != null && job.pairs().size() > 1) {
                throw new ConfigException("--files-from names paths below one source: with " + job.pairs().size() + " bucket pairs, give"
                        + " the one pair its names belong to with --pair SRC DEST (a report's failures list of a pair is FILE.pairN.failed.txt)");
            }
            // several pairs: each runs as a job of its own; one that cannot run is said and the others go on
            int worst = OK;
            JobTotals all = JobTotals.NONE;
            long sent = 0;
            double seconds = 0;
            boolean stopped = false;
            List<String> cannot = new ArrayList<>();
            List<String> ended = new ArrayList<>();
            for (BucketPair pair : job.pairs()) {
                out.println();
                out.println("== " + pair.describe());
                PairRun one;
                try {
                    one = runPair(job.forPair(pair), pair.describe(), names, log, uploading, report);
                } catch (TransferException.Fatal e) {
                    LOG.error("{}: cannot run: {}", pair.describe(), e.getMessage(), e);
                    err.println(texts.text("cli.error", pair.describe() + ": " + e.getMessage()));
                    cannot.add(pair.describe());
                    worst = Math.max(worst, CANNOT_RUN);
                    continue;
                }
                worst = Math.max(worst, one.exit());
                JobResult result = one.result();
                if (result != null) {
                    all = all.plus(result.totals());
                    sent += result.bytesSent();
                    seconds += result.elapsed().toNanos() / 1e9;
                    stopped |= result.stoppedByUser();
                    if (result.fatalError() != null) {
                        ended.add(pair.describe());
                    }
                    Path list = report == null ? null : report.failuresFile(pair.describe());
                    if (list != null) {
                        out.println(texts.text("cli.pair.retry") + " --pair " + pair.source() + (pair.sourcePrefix().isEmpty() ? "" : "/" + pair.sourcePrefix())
                                + " " + pair.destination() + (pair.destinationPrefix().isEmpty() ? "" : "/" + pair.destinationPrefix())
                                + " --files-from " + list);
                    }
                }
                if (uploading.get() != null && uploading.get().stopRequested()) {
                    break;
                }
            }
            if (dryRun) {
                return finish(worst, null, report, log, logSince);
            }
            out.println();
            out.println(texts.text("cli.pairs.all", job.pairs().size(), all.uploaded(), all.skipped(), all.failed())
                    + (all.excluded() > 0 ? texts.text("cli.pairs.excluded", all.excluded()) : "") + texts.text("cli.pairs.sent", Sizes.bytes(sent))
                    + (cannot.isEmpty() ? "" : texts.text("cli.pairs.cannot", String.join(", ", cannot)))
                    + (ended.isEmpty() ? "" : texts.text("cli.pairs.ended", String.join(", ", ended))));
            String why = cannot.isEmpty() && ended.isEmpty() ? null
                    : (cannot.isEmpty() ? "" : "could not run: " + String.join(", ", cannot))
                    + (cannot.isEmpty() || ended.isEmpty() ? "" : "; ") + (ended.isEmpty() ? "" : "ended early: " + String.join(", ", ended));
            if (report != null) {
                report.summary(null, new JsonLinesReport.Summary(all.uploaded(), all.skipped(), all.failed(), sent, all.bytesReused(),
                        all.partsReused(), seconds, all.comparedBySizeOnly(), stopped, why, all.proofs()));
            }
            return finish(worst, all, report, log, logSince);
        }
    }

    /** Closes the report, says where it is, checks the log, and returns the exit code. */
    private int finish(int exit, JobTotals totals, JsonLinesReport report, Path log, long logSince) {
        if (report != null) {
            report.close();
            boolean onePair = Files.exists(report.failuresFile()) && sizeOf(report.failuresFile()) > 0;
            if (report.writeFailure() != null) {
                err.println(texts.text("cli.warning", report.writeFailure()));
            } else {
                out.println(totals != null && totals.failed() > 0 && onePair
                        ? texts.text("cli.report.withFailures", report.file(), report.failuresFile()) : texts.text("cli.report", report.file()));
                if (report.failuresNotListed() > 0) {
                    out.println(texts.text("cli.report.notListed", report.failuresNotListed()));
                }
            }
        }
        String logFailure = log == null ? null : RunLog.writeFailure(logSince);
        if (logFailure != null) {
            err.println(texts.text("cli.warning.logCut", log, logFailure));
        }
        return exit;
    }

    private static long sizeOf(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return 0;
        }
    }

    /** The exit code of one job (one pair) and its result; no result for a dry run. */
    private record PairRun(int exit, JobResult result) {
    }

    private PairRun runPair(JobConfig job, String pairName, JobStores.NameList names, Path log,
                            java.util.concurrent.atomic.AtomicReference<UploadJob> uploading, JsonLinesReport report) {
        ProgressListener shown = interactive ? new TerminalProgress(out, texts) : new PlainProgress(out, texts, Duration.ofSeconds(Math.max(1, progressInterval)));
        FolderWatch.Settings watch = watchSettings == null ? null : withLog(watchSettings, log);
        RunRequest request = new RunRequest(job, names, pairName, report, watch, dryRun, !noServerSideCopy,
                dev.uploader.history.RunRecord.Origin.COMMAND_LINE);
        SummaryPrinter summary = new SummaryPrinter(out, texts, job.selection().checksum(), report == null ? null : report.file());
        RunOutcome outcome = runner().run(request, new RunEvents() {
            @Override
            public ProgressListener progress() {
                return shown;
            }

            @Override
            public Texts texts() {
                return texts;
            }

            @Override
            public void said(String line) {
                out.println(line);
            }

            @Override
            public boolean plan(UploadJob upload, String source, String destination, java.util.function.IntSupplier unfinished) {
                PlanPrinter printer = new PlanPrinter(out, texts);
                printer.header(source, destination);
                upload.plan(printer);
                return printer.total(unfinished.getAsInt());
            }

            @Override
            public UnfinishedChoice unfinished(String destination, UploadJob upload, List<PendingUpload> pending) {
                uploading.set(upload); // from here a signal leaves resumable uploads (CLEAN aborts only what it was asked to)
                return unfinishedChoice(pending, destination, job.dontAskMeToClean());
            }

            @Override
            public void uploading(UploadJob upload, String source, String destination) {
                uploading.set(upload);
            }

            @Override
            public ProgressListener batches() {
                return WatchPrinter.batches(out, texts, Duration.ofSeconds(Math.max(1, progressInterval)));
            }

            @Override
            public dev.uploader.engine.watch.WatchListener watchEvents() {
                return new WatchPrinter(out, texts);
            }

            @Override
            public void watchOpened(FolderWatch folder) {
                watching.set(folder);
            }

            @Override
            public void firstRunEnded(JobResult first, FolderWatch folder, String source, String destination) {
                if (shown instanceof TerminalProgress bar) {
                    bar.finish(first.elapsed());
                }
                summary.print(first, source, destination, log);
                if (first.fatalError() == null && !folder.stopped()) {
                    out.println();
                    out.println(texts.text("cli.watching", job.srcDir(), watch.settle().toSeconds(), watch.rescanEvery().toSeconds())
                            + (folder.pendingFiles() > 0 ? texts.text("cli.watching.pending", folder.pendingFiles()) : ""));
                }
            }
        });
        if (dryRun) {
            return new PairRun(outcome.planOk() ? OK : FILES_FAILED, null);
        }
        JobResult result = outcome.result();
        if (watch == null) {
            if (shown instanceof TerminalProgress bar) {
                bar.finish(result.elapsed());
            }
            summary.print(result, outcome.source(), outcome.destination(), log);
        } else if (outcome.watched()) {
            summary.print(result, texts.text("cli.firstRunAndWatch", outcome.source()), outcome.destination(), log);
        }
        if (result.fatalError() != null) {
            if (watch == null || !outcome.watched()) {
                err.println(texts.text("cli.error", result.fatalError()));
            }
            return new PairRun(CANNOT_RUN, result);
        }
        return new PairRun(result.success() ? OK : FILES_FAILED, result);
    }

    /** How long a signal waits for the summary of a watch that it ends. */
    private static final Duration WATCH_STOP_WAIT = Duration.ofSeconds(10);

    /** The watch of this run, once it watches: a signal ends it. */
    private final java.util.concurrent.atomic.AtomicReference<FolderWatch> watching = new java.util.concurrent.atomic.AtomicReference<>();

    /** {@code --watch}'s settle time and rescan interval; null without {@code --watch}. */
    private FolderWatch.Settings watchSettings;

    /** The config file's values with the options' overrides, and which option set which key, as the job was loaded. */
    private IniValues loadedValues;
    private Map<String, String> loadedBy;

    /** Options that cannot go with {@code --watch} (or need it), in words; null when there are none. */
    private String watchConflict() {
        if (!watch) {
            return settle != null || rescanInterval != null ? texts.text("option.watchOnly", settle != null ? "--settle" : "--rescan-interval") : null;
        }
        if (dryRun) {
            return texts.text("option.watchAndDryRun");
        }
        if (filesFrom != null) {
            return texts.text("option.watchAndFilesFrom");
        }
        if (pairs != null && !pairs.isEmpty()) {
            return texts.text("option.watchAndPair");
        }
        if (rescanInterval != null && (rescanInterval < 1 || rescanInterval > 86_400)) {
            return texts.text("option.rescanInterval", rescanInterval);
        }
        return null;
    }

    /** The settings of a watch of this job; a job that cannot be watched is a config error. */
    private FolderWatch.Settings watchSettings(JobConfig job) {
        if (job.jobType() != dev.uploader.config.JobType.LOCAL_TO_S3) {
            throw new ConfigException("--watch watches a local folder: it needs JobType LOCAL_TO_S3, not " + job.jobType()
                    + (loadedBy.containsKey("basic.jobtype") ? " (--job-type)" : job.file() == null ? "" : " (" + job.file() + ": [Basic] JobType)"));
        }
        if (!job.pairs().isEmpty()) {
            throw new ConfigException("--watch watches one folder: " + (job.file() == null ? "the config" : job.file())
                    + " has " + job.pairs().size() + " [BucketPairs]; watch one folder with --src-dir, --bucket and --prefix");
        }
        int seconds = dev.uploader.config.WatchSettle.seconds(loadedValues,
                loadedBy.containsKey("advanced." + dev.uploader.config.WatchSettle.KEY.toLowerCase(Locale.ROOT)) ? "--settle" : null);
        java.util.Set<Path> ignored = new java.util.HashSet<>();
        if (reportFile != null) {
            // the report changes with every batch: sent, it would make a batch of its own after each one
            ignored.add(reportFile);
            ignored.add(JsonLinesReport.failuresFile(reportFile));
        }
        return new FolderWatch.Settings(Duration.ofSeconds(seconds), rescanInterval == null ? FolderWatch.DEFAULT_RESCAN
                : Duration.ofSeconds(rescanInterval), ignored);
    }

    /** The watch's settings with the run's log file left alone too: it grows with every batch. */
    private static FolderWatch.Settings withLog(FolderWatch.Settings settings, Path log) {
        if (log == null) {
            return settings;
        }
        java.util.Set<Path> ignored = new java.util.HashSet<>(settings.ignored());
        ignored.add(log);
        return new FolderWatch.Settings(settings.settle(), settings.rescanEvery(), ignored);
    }

    /** The runner of this command's jobs: resume records in this user's folder. */
    private JobRunner runner() {
        return new JobRunner(clientFactory, j -> new FileResumeLedger(directories.resumeDir()), history);
    }

    /** {@code --files-from}: the list's lines, from its file or standard input. */
    private JobStores.NameList names() {
        if (filesFrom == null) {
            return null;
        }
        try {
            if (filesFrom.equals("-")) {
                return new JobStores.NameList("standard input", in.lines().toList());
            }
            Path file = Path.of(filesFrom);
            return new JobStores.NameList(file.toString(), java.nio.file.Files.readAllLines(file, java.nio.charset.StandardCharsets.UTF_8));
        } catch (java.nio.file.NoSuchFileException e) {
            throw new ConfigException("--files-from: file " + filesFrom + " does not exist");
        } catch (java.nio.charset.MalformedInputException e) {
            throw new ConfigException("--files-from: " + filesFrom + " is not UTF-8 text");
        } catch (java.io.UncheckedIOException e) {
            throw new ConfigException("--files-from: " + (filesFrom.equals("-") ? "standard input" : filesFrom)
                    + (e.getCause() instanceof java.nio.charset.CharacterCodingException ? " is not UTF-8 text" : " cannot be read"));
        } catch (IOException | java.nio.file.InvalidPathException e) {
            throw new ConfigException("--files-from: cannot read " + filesFrom + ": " + e.getMessage());
        }
    }

    /** RESUME or CLEAN, as --clean/--resume or DontAskMeToClean say, else as the person answers on the terminal. */
    private UnfinishedChoice unfinishedChoice(List<PendingUpload> pending, String destination, boolean dontAsk) {
        if (clean || resume || dontAsk || !interactive) {
            return clean ? UnfinishedChoice.CLEAN : UnfinishedChoice.RESUME;
        }
        out.println(texts.text("cli.unfinished.found", pending.size(), destination, pending.stream().map(PendingUpload::initiated)
                .filter(i -> i != null).min(java.util.Comparator.naturalOrder()).map(Object::toString)
                .orElse(texts.text("cli.unfinished.unknownTime"))));
        out.print(texts.text("cli.unfinished.ask"));
        out.flush();
        try {
            String answer = in.readLine();
            return answer != null && answer.trim().toLowerCase(Locale.ROOT).startsWith("c") ? UnfinishedChoice.CLEAN : UnfinishedChoice.RESUME;
        } catch (IOException e) {
            return UnfinishedChoice.RESUME;
        }
    }

    private JobConfig loadConfig() {
        Path file = config;
        if (file == null) {
            file = directories.findConfig().orElse(null);
        }
        IniValues values;
        if (file != null) {
            values = IniValues.read(file);
        } else if (bucket != null && (srcDir != null || srcBucket != null) || pairs != null && !pairs.isEmpty()) {
            values = IniValues.empty(null);
        } else {
            throw new ConfigException("no config file: looked for " + directories.configCandidates()
                    + "; pass --config FILE, or copy s3_upload_config.ini to one of those places, or give --src-dir and --bucket");
        }
        Map<String, String> by = new LinkedHashMap<>();
        values = override(values, by, ConfigLoader.BASIC, "JobType", jobType, "--job-type");
        values = override(values, by, ConfigLoader.LOCAL, "SrcDir", srcDir, "--src-dir");
        values = override(values, by, ConfigLoader.S3, "SrcBucket", srcBucket, "--src-bucket");
        values = override(values, by, ConfigLoader.S3, "SrcProfileName", srcProfile, "--src-profile");
        values = override(values, by, ConfigLoader.S3, "SrcEndPointURL", srcEndpoint, "--src-endpoint");
        values = override(values, by, ConfigLoader.BASIC, "DesPrefix", desPrefix, "--des-prefix");
        values = override(values, by, ConfigLoader.BASIC, "SrcFileIndex", srcFileIndex, "--file");
        values = override(values, by, ConfigLoader.BASIC, "DesBucket", bucket, "--bucket");
        values = override(values, by, ConfigLoader.BASIC, "S3Prefix", prefix, "--prefix");
        values = override(values, by, ConfigLoader.BASIC, "DesProfileName", profile, "--profile");
        values = override(values, by, ConfigLoader.BASIC, "DesEndPointURL", endpoint, "--endpoint");
        values = override(values, by, ConfigLoader.BASIC, "DesRegion", region, "--region");
        values = override(values, by, ConfigLoader.BASIC, "DesPathStyle", pathStyle == null ? null : pathStyle.toString(), "--path-style");
        values = override(values, by, ConfigLoader.ADVANCED, "ChunkSize", chunkSize, "--chunk-size");
        values = override(values, by, ConfigLoader.ADVANCED, "MaxThread", maxThread, "--max-thread");
        values = override(values, by, ConfigLoader.ADVANCED, "MaxParallelFile", maxParallelFile, "--max-parallel-file");
        values = override(values, by, ConfigLoader.ADVANCED, "MaxRetry", maxRetry, "--max-retry");
        values = override(values, by, ConfigLoader.ADVANCED, "StorageClass", storageClass, "--storage-class");
        values = override(values, by, ConfigLoader.ADVANCED, "ifVerifyMD5", verifyMd5 == null ? null : verifyMd5.toString(), "--verify-md5");
        values = override(values, by, ConfigLoader.ADVANCED, "BandwidthLimit", bandwidthLimit, "--bwlimit");
        values = override(values, by, ConfigLoader.ADVANCED, "LoggingLevel", logLevel, "--log-level");
        values = override(values, by, ConfigLoader.ADVANCED, "MemoryBudget", memoryBudget, "--memory-budget");
        values = override(values, by, ConfigLoader.ADVANCED, "S3Client", s3Client, "--s3-client");
        values = override(values, by, ConfigLoader.ADVANCED, "IdleTimeout", idleTimeout, "--idle-timeout");
        values = override(values, by, ConfigLoader.ADVANCED, "CaBundle", caBundle, "--ca-bundle");
        values = override(values, by, ConfigLoader.FILTER, "Include", patterns(includes), "--include");
        values = override(values, by, ConfigLoader.FILTER, "Exclude", patterns(excludes), "--exclude");
        values = override(values, by, ConfigLoader.FILTER, "FilterFile", filterFile, "--filter-from");
        values = override(values, by, ConfigLoader.FILTER, "MinSize", minSize, "--min-size");
        values = override(values, by, ConfigLoader.FILTER, "MaxSize", maxSize, "--max-size");
        values = override(values, by, ConfigLoader.FILTER, "NewerThan", newerThan, "--newer-than");
        values = override(values, by, ConfigLoader.FILTER, "OlderThan", olderThan, "--older-than");
        values = override(values, by, ConfigLoader.FILTER, "Checksum", checksum == null ? null : checksum.toString(), "--checksum");
        values = override(values, by, ConfigLoader.S3, "SrcInventory", inventory, "--inventory");
        values = override(values, by, ConfigLoader.BASIC, "CreateBucket", createBucket == null ? null : createBucket.toString(), "--create-bucket");
        values = override(values, by, ConfigLoader.ADVANCED, dev.uploader.config.WatchSettle.KEY, settle, "--settle");
        if (pairs != null && !pairs.isEmpty()) {
            // the options' pairs stand alone: the file's [BucketPairs] are not mixed in
            values = values.withoutSection(ConfigLoader.PAIRS);
            for (int i = 0; i + 1 < pairs.size(); i += 2) {
                values = override(values, by, ConfigLoader.PAIRS, String.format(Locale.ROOT, "option%04d", i / 2),
                        pairs.get(i) + " -> " + pairs.get(i + 1), "--pair");
            }
        }
        loadedValues = values;
        loadedBy = by;
        return new ConfigLoader(values, by).load();
    }

    /** Repeated pattern options as one config value: commas inside a pattern escaped. */
    private static String patterns(List<String> given) {
        return given == null ? null : String.join(",", given.stream().map(p -> p.replace(",", "\\,")).toList());
    }

    private static IniValues override(IniValues values, Map<String, String> by, String section, String key, String value, String option) {
        if (value == null) {
            return values;
        }
        by.put(section.toLowerCase(Locale.ROOT) + "." + key.toLowerCase(Locale.ROOT), option);
        return values.with(section, key, value);
    }

    /** Cluster mode: the sender or a worker over the job's config (ClusterCommands). */
    private int cluster(JobConfig job, Path log) {
        if (sendTo != null && workerQueue != null) {
            throw new ConfigException("--send-to and --worker cannot be used together: run the sender and the workers as processes of their own");
        }
        if (dryRun || clean || filesFrom != null || reportFile != null || watch) {
            throw new ConfigException("--dry-run, --clean, --files-from, --report and --watch are options of a job of its own, not of --send-to or --worker");
        }
        if (sendTo != null && (jobs != null || visibility != null || idleExit != null || retryDelay != null || resumePrefix != null || copyDeletes)) {
            throw new ConfigException("--jobs, --visibility, --idle-exit, --retry-delay, --resume-prefix and --copy-deletes are options of"
                    + " --worker, not of --send-to");
        }
        if (workerQueue != null && objectsPerMessage != null) {
            throw new ConfigException("--objects-per-message is an option of --send-to, not of --worker");
        }
        ClusterCommands.Options options = new ClusterCommands.Options(sendTo != null ? sendTo : workerQueue, queueProfile, queueRegion,
                objectsPerMessage != null ? objectsPerMessage : 20, jobs, visibility != null ? visibility : 120, idleExit,
                retryDelay != null ? retryDelay : 10, resumePrefix != null ? resumePrefix : dev.uploader.storage.StoreResumeLedger.DEFAULT_PREFIX,
                copyDeletes, metricsPort, !noServerSideCopy, Duration.ofSeconds(Math.max(1, progressInterval)), log);
        ClusterCommands commands = new ClusterCommands(out, err, clientFactory, texts);
        return sendTo != null ? commands.send(job, options) : commands.work(job, options);
    }

    private int fail(int code, String message) {
        err.println(texts.text("cli.error", message));
        return code;
    }

}
