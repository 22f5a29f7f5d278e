package dev.uploader.gui;

import dev.uploader.i18n.Texts;
import dev.uploader.config.ConfigException;
import dev.uploader.config.ConfigLoader;
import dev.uploader.config.IniFileEditor;
import dev.uploader.config.IniValues;
import dev.uploader.config.JobConfig;
import dev.uploader.config.JobType;
import dev.uploader.config.WatchSettle;
import dev.uploader.engine.FileOutcome;
import dev.uploader.engine.JobResult;
import dev.uploader.engine.PendingUpload;
import dev.uploader.engine.ProgressListener;
import dev.uploader.engine.ProgressSnapshot;
import dev.uploader.engine.ResumeLedger;
import dev.uploader.engine.TransferException;
import dev.uploader.engine.UploadJob;
import dev.uploader.engine.watch.FolderWatch;
import dev.uploader.engine.watch.WatchListener;
import dev.uploader.engine.watch.WatchRun;
import dev.uploader.format.Sizes;
import dev.uploader.gui.queue.TransferQueue;
import dev.uploader.gui.queue.TransferSpec;
import dev.uploader.report.JsonLinesReport;
import dev.uploader.run.JobRunner;
import dev.uploader.run.RunEvents;
import dev.uploader.run.RunHistoryWriter;
import dev.uploader.run.RunOutcome;
import dev.uploader.run.RunRequest;
import dev.uploader.run.UnfinishedChoice;
import dev.uploader.storage.JobStores;
import dev.uploader.storage.S3ClientFactory;
import dev.uploader.storage.s3.S3Location;
import dev.uploader.storage.StoreBrowser;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The main window without the window: the job's fields (loaded from and saved to the INI file), the job's
 * state, progress, files in flight, log and summary. It drives the engine through {@link JobStores}; it
 * holds no transfer logic. Work runs on {@code background}; every property changes on {@code ui}.
 *
 * <p>Every run writes its JSON Lines report as it goes into the report folder; after a run the report can be saved
 * elsewhere, and the names in its failures list can be run again on their own ({@link #retryFailures()}).
 */
public final class MainViewModel {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(MainViewModel.class);
    static final int LOG_LINES = 2_000;

    public final ObjectProperty<JobType> jobType = new SimpleObjectProperty<>(JobType.LOCAL_TO_S3);
    public final StringProperty srcDir = new SimpleStringProperty("");
    public final StringProperty srcFileIndex = new SimpleStringProperty("*");
    public final StringProperty sourcePrefix = new SimpleStringProperty("");
    public final StringProperty srcProfile = new SimpleStringProperty("default");
    public final StringProperty srcEndpoint = new SimpleStringProperty("AWS");
    public final StringProperty srcBucket = new SimpleStringProperty("");
    public final StringProperty aliBucket = new SimpleStringProperty("");
    public final StringProperty aliEndpoint = new SimpleStringProperty("");
    public final StringProperty aliKeyId = new SimpleStringProperty("");
    public final StringProperty aliKeySecret = new SimpleStringProperty("");
    public final StringProperty desProfile = new SimpleStringProperty("default");
    public final StringProperty desEndpoint = new SimpleStringProperty("AWS");
    public final StringProperty desBucket = new SimpleStringProperty("");
    public final StringProperty desPrefix = new SimpleStringProperty("");
    public final StringProperty maxParallelFile = new SimpleStringProperty("5");
    public final StringProperty maxThread = new SimpleStringProperty("5");
    public final StringProperty chunkSize = new SimpleStringProperty("5");
    public final StringProperty storageClass = new SimpleStringProperty("STANDARD");
    public final BooleanProperty verifyMd5 = new SimpleBooleanProperty(false);
    public final StringProperty maxRetry = new SimpleStringProperty("20");

    /** [Filter] keys, as text; ConfigLoader validates them as it does for the command line. */
    public final StringProperty include = new SimpleStringProperty("");
    public final StringProperty exclude = new SimpleStringProperty("");
    public final StringProperty minSize = new SimpleStringProperty("");
    public final StringProperty maxSize = new SimpleStringProperty("");
    public final StringProperty newerThan = new SimpleStringProperty("");
    public final StringProperty olderThan = new SimpleStringProperty("");
    public final BooleanProperty checksum = new SimpleBooleanProperty(false);

    /** LOCAL_TO_S3: after the first run, keep watching the folder and send files as they settle, until Stop. */
    public final BooleanProperty keepWatching = new SimpleBooleanProperty(false);

    public final ObservableList<String> profiles = FXCollections.observableArrayList();
    public final ObservableList<String> desBuckets = FXCollections.observableArrayList();
    public final ObservableList<String> srcBuckets = FXCollections.observableArrayList();
    public final ObservableList<String> desPrefixes = FXCollections.observableArrayList();
    public final ObservableList<String> srcPrefixes = FXCollections.observableArrayList();

    private final ReadOnlyObjectWrapper<JobState> state = new ReadOnlyObjectWrapper<>(JobState.IDLE);
    public final DoubleProperty progress = new SimpleDoubleProperty(0);
    public final StringProperty progressText = new SimpleStringProperty("");
    public final StringProperty status = new SimpleStringProperty("");
    public final StringProperty error = new SimpleStringProperty("");
    public final StringProperty summary = new SimpleStringProperty("");
    public final ObservableList<FileRow> filesInFlight = FXCollections.observableArrayList();
    public final ObservableList<String> log = FXCollections.observableArrayList();
    private final ReadOnlyObjectWrapper<Path> lastReport = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyBooleanWrapper canRetryFailures = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyBooleanWrapper watching = new ReadOnlyBooleanWrapper(false);

    private final Path configFile;
    private final Path reportDir;
    private final Map<String, String> env;
    private final S3ClientFactory clients;
    private final JobRunner runner;
    /** The window's language; English until the window sets its own. */
    private volatile Texts texts = Texts.window(java.util.Locale.ENGLISH);
    private final Executor background;
    private final Executor ui;
    private final Queue<String> pendingLines = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean flushQueued = new AtomicBoolean();
    private volatile UploadJob running;
    /** The watch of the running job, when it keeps watching its folder. */
    private volatile FolderWatch folderWatch;
    private volatile UnfinishedPrompt prompt = (d, s) -> UnfinishedChoice.RESUME;
    private volatile Function<String, String> ossSecretLookup = profile -> null;
    /** The last run that ran, with its report; changed on the UI thread only. */
    private FinishedRun lastRun;
    /** The names a paused retry moves: Resume goes on with them, not with the whole job. */
    private Retry pausedRetry;

    /**
     * @param configFile the INI file the fields load from and save to
     * @param reportDir  where each run writes its report ({@code run-YYYYMMDD-HHMMSS.jsonl})
     * @param ledgers    the resume records to use for a job
     */
    public MainViewModel(Path configFile, Path reportDir, Map<String, String> env, S3ClientFactory clients,
                         Function<JobConfig, ResumeLedger> ledgers, Executor background, Executor ui) {
        this(configFile, reportDir, env, clients, new JobRunner(clients, ledgers, RunHistoryWriter.NONE), background, ui);
    }

    /** @param runner runs the jobs (and records them in the history) */
    public MainViewModel(Path configFile, Path reportDir, Map<String, String> env, S3ClientFactory clients, JobRunner runner,
                         Executor background, Executor ui) {
        this.configFile = configFile;
        this.reportDir = reportDir;
        this.env = Map.copyOf(env);
        this.clients = clients;
        this.runner = runner;
        this.background = background;
        this.ui = ui;
    }

    /** The language the statuses and summaries are said in. */
    public void setTexts(Texts texts) {
        this.texts = texts;
    }

    public ReadOnlyObjectProperty<JobState> state() {
        return state.getReadOnlyProperty();
    }

    public Path configFile() {
        return configFile;
    }

    /** The report of the last run, or null before the first run (and while a run goes). */
    public ReadOnlyObjectProperty<Path> lastReport() {
        return lastReport.getReadOnlyProperty();
    }

    /** True while the job watches its folder, its first run included (Pause does not apply; Stop ends it). */
    public ReadOnlyBooleanProperty watching() {
        return watching.getReadOnlyProperty();
    }

    /** True when the last run had failures and its failures list is there to run again. */
    public ReadOnlyBooleanProperty canRetryFailures() {
        return canRetryFailures.getReadOnlyProperty();
    }

    public void setUnfinishedPrompt(UnfinishedPrompt prompt) {
        this.prompt = prompt;
    }

    /** Where OSS keys saved by the credential dialog come from when the INI file and the environment have none. */
    public void setOssKeyLookup(Function<String, String> secretByKeyName) {
        this.ossSecretLookup = secretByKeyName;
    }

    // ---- the INI file

    /** Fills the fields from the config file (missing keys keep their defaults). */
    public void load() {
        if (!Files.isRegularFile(configFile)) {
            return;
        }
        try {
            IniValues v = IniValues.read(configFile);
            String type = v.get("Basic", "JobType").orElse("LOCAL_TO_S3").toUpperCase(java.util.Locale.ROOT);
            try {
                jobType.set(JobType.valueOf(type));
            } catch (IllegalArgumentException e) {
                jobType.set(JobType.LOCAL_TO_S3);
            }
            srcFileIndex.set(v.get("Basic", "SrcFileIndex").orElse("*"));
            String prefix = v.get("Basic", "S3Prefix").orElse("");
            sourcePrefix.set(prefix);
            desPrefix.set(jobType.get() == JobType.LOCAL_TO_S3 ? prefix : v.get("Basic", "DesPrefix").orElse(prefix));
            desProfile.set(v.get("Basic", "DesProfileName").orElse("default"));
            desBucket.set(v.get("Basic", "DesBucket").orElse(""));
            desEndpoint.set(orAws(v.get("Basic", "DesEndPointURL").orElse("AWS")));
            srcDir.set(v.get("LOCAL_TO_S3", "SrcDir").orElse(""));
            srcBucket.set(v.get("S3_TO_S3", "SrcBucket").orElse(""));
            srcProfile.set(v.get("S3_TO_S3", "SrcProfileName").orElse("default"));
            srcEndpoint.set(orAws(v.get("S3_TO_S3", "SrcEndPointURL").orElse("AWS")));
            aliBucket.set(v.get("ALIOSS_TO_S3", "ali_SrcBucket").orElse(""));
            aliEndpoint.set(v.get("ALIOSS_TO_S3", "ali_endpoint").orElse(""));
            aliKeyId.set(v.get("ALIOSS_TO_S3", "ali_access_key_id").orElse(""));
            aliKeySecret.set(v.get("ALIOSS_TO_S3", "ali_access_key_secret").orElse(""));
            chunkSize.set(v.get("Advanced", "ChunkSize").orElse("5"));
            maxRetry.set(v.get("Advanced", "MaxRetry").orElse("20"));
            maxThread.set(v.get("Advanced", "MaxThread").orElse("5"));
            maxParallelFile.set(v.get("Advanced", "MaxParallelFile").orElse("5"));
            storageClass.set(v.get("Advanced", "StorageClass").orElse("STANDARD").toUpperCase(java.util.Locale.ROOT));
            verifyMd5.set(ConfigLoader.isTrue(v.get("Advanced", "ifVerifyMD5").orElse("false")));
            include.set(v.get(ConfigLoader.FILTER, "Include").orElse(""));
            exclude.set(v.get(ConfigLoader.FILTER, "Exclude").orElse(""));
            minSize.set(v.get(ConfigLoader.FILTER, "MinSize").orElse(""));
            maxSize.set(v.get(ConfigLoader.FILTER, "MaxSize").orElse(""));
            newerThan.set(v.get(ConfigLoader.FILTER, "NewerThan").orElse(""));
            olderThan.set(v.get(ConfigLoader.FILTER, "OlderThan").orElse(""));
            checksum.set(ConfigLoader.isTrue(v.get(ConfigLoader.FILTER, "Checksum").orElse("false")));
        } catch (ConfigException e) {
            error.set(e.getMessage());
        }
    }

    private static String orAws(String endpoint) {
        return endpoint.isBlank() ? "AWS" : endpoint;
    }

    /** Writes the fields back into the config file, keeping its comments and the keys this window does not show. */
    public void save() {
        try {
            IniFileEditor editor = IniFileEditor.open(configFile);
            IniValues before = Files.isRegularFile(configFile) ? IniValues.read(configFile) : IniValues.empty(configFile);
            values().forEach((sectionKey, value) -> {
                String[] parts = sectionKey.split("\\.", 2);
                // an unused filter is not written into a file that does not have its key: no empty [Filter] section
                boolean unusedFilter = parts[0].equals(ConfigLoader.FILTER) && (value.isEmpty() || value.equals("False"));
                // a secret typed into the window is not written into a file that did not hold one
                boolean secret = sectionKey.equals("ALIOSS_TO_S3.ali_access_key_secret");
                if (!unusedFilter && !secret || before.get(parts[0], parts[1]).isPresent()) {
                    editor.set(parts[0], parts[1], value);
                }
            });
            editor.save();
            status.set(texts.text("vm.saved", configFile));
            error.set("");
        } catch (IOException | IllegalArgumentException | ConfigException e) {
            error.set(texts.text("vm.cannotSave", configFile, e.getMessage()));
        }
    }

    /** "Section.Key" to value, as this window shows them. The OSS secret is written only if it was in the file. */
    Map<String, String> values() {
        Map<String, String> v = new LinkedHashMap<>();
        JobType type = jobType.get();
        v.put("Basic.JobType", type.name());
        v.put("Basic.SrcFileIndex", blankTo(srcFileIndex.get(), "*"));
        if (type == JobType.LOCAL_TO_S3) {
            v.put("Basic.S3Prefix", desPrefix.get().trim());
        } else {
            v.put("Basic.S3Prefix", sourcePrefix.get().trim());
            v.put("Basic.DesPrefix", desPrefix.get().trim());
        }
        v.put("Basic.DesProfileName", blankTo(desProfile.get(), "default"));
        v.put("Basic.DesBucket", desBucket.get().trim());
        v.put("Basic.DesEndPointURL", blankTo(desEndpoint.get(), "AWS"));
        v.put("LOCAL_TO_S3.SrcDir", srcDir.get().trim());
        v.put("S3_TO_S3.SrcBucket", srcBucket.get().trim());
        v.put("S3_TO_S3.SrcProfileName", blankTo(srcProfile.get(), "default"));
        v.put("S3_TO_S3.SrcEndPointURL", blankTo(srcEndpoint.get(), "AWS"));
        v.put("ALIOSS_TO_S3.ali_SrcBucket", aliBucket.get().trim());
        v.put("ALIOSS_TO_S3.ali_endpoint", aliEndpoint.get().trim());
        v.put("ALIOSS_TO_S3.ali_access_key_id", aliKeyId.get().trim());
        v.put("ALIOSS_TO_S3.ali_access_key_secret", aliKeySecret.get().trim());
        v.put("Advanced.ChunkSize", chunkSize.get().trim());
        v.put("Advanced.MaxRetry", maxRetry.get().trim());
        v.put("Advanced.MaxThread", maxThread.get().trim());
        v.put("Advanced.MaxParallelFile", maxParallelFile.get().trim());
        v.put("Advanced.StorageClass", blankTo(storageClass.get(), "STANDARD"));
        v.put("Advanced.ifVerifyMD5", verifyMd5.get() ? "True" : "False");
        v.put("Filter.Include", include.get().trim());
        v.put("Filter.Exclude", exclude.get().trim());
        v.put("Filter.MinSize", minSize.get().trim());
        v.put("Filter.MaxSize", maxSize.get().trim());
        v.put("Filter.NewerThan", newerThan.get().trim());
        v.put("Filter.OlderThan", olderThan.get().trim());
        v.put("Filter.Checksum", checksum.get() ? "True" : "False");
        return v;
    }

    private static String blankTo(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value.trim();
    }

    /** The job as the file plus these fields say, validated exactly as the command line does. */
    JobConfig config() {
        return TransferSpec.jobOf(configFile, values(), env, ossSecretLookup);
    }

    // ---- the transfer queue

    /**
     * This window's job as a transfer of the queue, checked first as Start checks it; a job that cannot run says why in
     * {@link #error} and gives nothing.
     */
    public java.util.Optional<TransferSpec> queueSpec() {
        JobConfig job;
        try {
            job = config();
        } catch (ConfigException e) {
            error.set(e.getMessage());
            return java.util.Optional.empty();
        }
        error.set("");
        boolean watch = keepWatching.get() && job.jobType() == JobType.LOCAL_TO_S3;
        return java.util.Optional.of(TransferQueue.spec(title(job.jobType(), values()), configFile, values(), null, watch));
    }

    /** The OSS secret typed into the window, for this session's runs of a queued transfer (never written down). */
    public String typedOssSecret() {
        String secret = aliKeySecret.get().trim();
        return secret.isEmpty() ? null : secret;
    }

    /**
     * Files and folders dropped onto the window, each a new LOCAL_TO_S3 transfer to this window's destination: a folder
     * goes under the destination prefix with its own name (as it looks on the desktop), a file under the prefix.
     * Nothing is checked here but the destination's bucket: the transfer says in words what stops it.
     */
    public List<TransferSpec> droppedSpecs(List<Path> dropped) {
        List<TransferSpec> specs = new ArrayList<>();
        for (Path path : dropped) {
            Path p = path.toAbsolutePath().normalize();
            Map<String, String> v = values();
            v.put("Basic.JobType", JobType.LOCAL_TO_S3.name());
            String prefix = desPrefix.get().trim();
            if (Files.isDirectory(p) || p.getParent() == null) {
                v.put("LOCAL_TO_S3.SrcDir", p.toString());
                v.put("Basic.SrcFileIndex", "*");
                String name = p.getFileName() == null ? "" : p.getFileName().toString();
                v.put("Basic.S3Prefix", name.isEmpty() ? prefix : joined(prefix, name));
            } else {
                v.put("LOCAL_TO_S3.SrcDir", p.getParent().toString());
                v.put("Basic.SrcFileIndex", p.getFileName().toString());
                v.put("Basic.S3Prefix", prefix);
            }
            v.remove("Basic.DesPrefix");
            specs.add(TransferQueue.spec(title(JobType.LOCAL_TO_S3, v), configFile, v, null, false));
        }
        return specs;
    }

    /** Where dropped files go, in words: "s3://bucket/prefix". */
    public String destinationWords() {
        return "s3://" + desBucket.get().trim() + "/" + desPrefix.get().trim();
    }

    private static String joined(String prefix, String name) {
        if (prefix.isEmpty()) {
            return name + "/";
        }
        return (prefix.endsWith("/") ? prefix : prefix + "/") + name + "/";
    }

    /** "/data/photos -> s3://bucket/prefix", as the queue shows a transfer. */
    static String title(JobType type, Map<String, String> v) {
        String source = switch (type) {
            case S3_TO_S3 -> "s3://" + v.getOrDefault("S3_TO_S3.SrcBucket", "") + "/" + v.getOrDefault("Basic.S3Prefix", "");
            case ALIOSS_TO_S3 -> "oss://" + v.getOrDefault("ALIOSS_TO_S3.ali_SrcBucket", "") + "/" + v.getOrDefault("Basic.S3Prefix", "");
            default -> {
                String dir = v.getOrDefault("LOCAL_TO_S3.SrcDir", "");
                String file = v.getOrDefault("Basic.SrcFileIndex", "*");
                yield file.equals("*") || file.isBlank() ? dir : Path.of(dir).resolve(file).toString();
            }
        };
        String prefix = type == JobType.LOCAL_TO_S3 ? v.getOrDefault("Basic.S3Prefix", "") : v.getOrDefault("Basic.DesPrefix", "");
        return source + " -> s3://" + v.getOrDefault("Basic.DesBucket", "") + "/" + prefix;
    }

    // ---- browsing the stores

    public void listDestinationBuckets() {
        listBuckets(destinationLocation(), desBuckets, "destination");
    }

    public void listSourceBuckets() {
        listBuckets(new S3Location(endpoint(srcEndpoint.get()), srcProfile.get(), null, false), srcBuckets, "source");
    }

    private void listBuckets(S3Location location, ObservableList<String> target, String side) {
        status.set(texts.text("vm.listingBuckets." + side));
        background.execute(() -> {
            try {
                List<String> buckets = new StoreBrowser(clients).buckets(location);
                ui.execute(() -> {
                    target.setAll(buckets);
                    status.set(texts.text("vm.buckets." + side, buckets.size()));
                    error.set("");
                });
            } catch (RuntimeException e) {
                ui.execute(() -> error.set(words(e)));
            }
        });
    }

    public void browseDestinationPrefixes() {
        browse(destinationLocation(), desBucket.get(), desPrefix.get(), desPrefixes);
    }

    public void browseSourcePrefixes() {
        browse(new S3Location(endpoint(srcEndpoint.get()), srcProfile.get(), null, false), srcBucket.get(), sourcePrefix.get(), srcPrefixes);
    }

    private void browse(S3Location location, String bucket, String parent, ObservableList<String> target) {
        if (bucket.isBlank()) {
            error.set(texts.text("vm.chooseBucket"));
            return;
        }
        background.execute(() -> {
            try {
                List<String> found = new StoreBrowser(clients).prefixes(location, bucket.trim(), parent);
                ui.execute(() -> {
                    target.setAll(found);
                    status.set(texts.text("vm.prefixes", found.size(), "s3://" + bucket.trim() + "/" + parent));
                    error.set("");
                });
            } catch (RuntimeException e) {
                ui.execute(() -> error.set(words(e)));
            }
        });
    }

    S3Location destinationLocation() {
        return new S3Location(endpoint(desEndpoint.get()), desProfile.get(), null, false);
    }

    private static URI endpoint(String text) {
        return text == null || text.isBlank() || text.trim().equalsIgnoreCase("AWS") ? null : URI.create(text.trim());
    }

    // ---- running a job

    /** Validates, then plans, asks about unfinished uploads, and runs the job in the background. */
    public void start() {
        if (state.get().busy()) {
            return;
        }
        boolean afterPause = state.get() == JobState.PAUSED;
        Retry retry = afterPause ? pausedRetry : null;
        JobConfig job;
        if (retry != null) {
            job = retry.job(); // a paused retry goes on with the names it was given
        } else {
            try {
                job = config();
            } catch (ConfigException e) {
                error.set(e.getMessage());
                return;
            }
        }
        Duration settle = null;
        if (keepWatching.get() && job.jobType() == JobType.LOCAL_TO_S3 && retry == null) {
            try {
                settle = Duration.ofSeconds(WatchSettle.seconds(Files.isRegularFile(configFile) ? IniValues.read(configFile)
                        : IniValues.empty(configFile), null));
            } catch (ConfigException e) {
                error.set(e.getMessage());
                return;
            }
        }
        begin(job, afterPause, retry == null ? null : retry.names(), settle,
                afterPause ? texts.text("vm.resuming") : texts.text("vm.checking"));
    }

    /**
     * Runs the last run's job again with only the names in its failures list (as {@code --files-from} would), after
     * the person fixed what made them fail. The job is the last run's, whatever the fields say now: the names are
     * relative to its source.
     */
    public void retryFailures() {
        FinishedRun run = lastRun;
        if (state.get().busy() || run == null || !canRetryFailures.get()) {
            return;
        }
        List<String> names;
        try {
            names = Files.readAllLines(run.failuresFile(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            error.set(texts.text("vm.cannotReadFailures", run.failuresFile(), ioWords(e)));
            return;
        }
        begin(run.job(), false, new JobStores.NameList(run.failuresFile().toString(), names), null,
                texts.text("vm.retrying", run.failed()));
    }

    private void begin(JobConfig job, boolean afterPause, JobStores.NameList names, Duration settle, String what) {
        error.set("");
        summary.set("");
        progress.set(0);
        progressText.set("");
        filesInFlight.clear();
        lastReport.set(null);
        canRetryFailures.set(false);
        pausedRetry = null;
        state.set(JobState.PREPARING);
        status.set(what);
        background.execute(() -> run(job, afterPause, names, settle));
    }

    /**
     * @param afterPause the person paused this job: its unfinished uploads are resumed without asking
     * @param names      the only names to move, or null for the whole source
     * @param settle     keep watching the folder after the first run, sending files unchanged for this long; null not to
     */
    private void run(JobConfig job, boolean afterPause, JobStores.NameList names, Duration settle) {
        RunReport report = openReport();
        boolean[] ran = {false};
        try {
            FolderWatch.Settings watch = settle == null ? null : new FolderWatch.Settings(settle, FolderWatch.DEFAULT_RESCAN, report.files());
            RunOutcome outcome = runner.run(RunRequest.of(job, names, report.writer(), watch, dev.uploader.history.RunRecord.Origin.APP), new RunEvents() {
                private final ProgressListener shown = listener();

                @Override
                public ProgressListener progress() {
                    return shown;
                }

                @Override
                public Texts texts() {
                    return Texts.messages(texts.locale());
                }

                @Override
                public void said(String text) {
                    line(text);
                }

                @Override
                public void opened(UploadJob upload) {
                    running = upload;
                }

                @Override
                public UnfinishedChoice unfinished(String destination, UploadJob upload, List<PendingUpload> pending) {
                    return afterPause ? UnfinishedChoice.RESUME : prompt.ask(destination, upload.summarize(pending));
                }

                @Override
                public void uploading(UploadJob upload, String source, String destination) {
                    ran[0] = true;
                    ui.execute(() -> {
                        if (state.get() == JobState.PREPARING) {
                            state.set(JobState.RUNNING);
                            status.set(texts.text("vm.uploading"));
                        }
                    });
                    line(texts.text("log.listing", source, destination));
                }

                @Override
                public dev.uploader.engine.watch.WatchListener watchEvents() {
                    return watchSaid();
                }

                @Override
                public void watchOpened(FolderWatch folder) {
                    folderWatch = folder;
                    ui.execute(() -> watching.set(true));
                }

                @Override
                public void firstRunEnded(JobResult first, FolderWatch folder, String source, String destination) {
                    if (first.fatalError() == null && !folder.stopped()) {
                        watchGoesOn(job, first, folder, settle);
                    }
                }
            });
            if (outcome.cancelled()) {
                ui.execute(() -> {
                    state.set(JobState.IDLE);
                    status.set(texts.text("vm.cancelled"));
                });
                return;
            }
            JobResult result = outcome.result();
            FinishedRun finishedRun = report.finish(job, names, result);
            ui.execute(() -> {
                flush();
                finished(result, finishedRun);
            });
        } catch (TransferException | ConfigException e) {
            UploadJob stopped = running;
            if (stopped != null && stopped.stopRequested()) {
                // Stop or Pause before the upload began: the person asked for it, nothing went wrong
                ui.execute(() -> {
                    status.set(texts.text("vm.stoppedBefore"));
                    state.set(JobState.IDLE);
                });
                return;
            }
            String words = words(e);
            ui.execute(() -> {
                error.set(words);
                status.set(texts.text("vm.couldNotRun"));
                state.set(JobState.IDLE);
            });
        } catch (RuntimeException e) {
            LOG.error("unexpected failure", e);
            String words = texts.text("vm.unexpected", words(e));
            ui.execute(() -> {
                error.set(words);
                state.set(JobState.IDLE);
            });
        } finally {
            running = null;
            folderWatch = null;
            ui.execute(() -> watching.set(false));
            report.closeIfLeft(ran[0]);
        }
    }

    /** What the watch says about its batches, as lines in the log. */
    private dev.uploader.engine.watch.WatchListener watchSaid() {
        return new dev.uploader.engine.watch.WatchListener() {
            @Override
            public void ran(WatchRun run) {
                long sent = run.result() == null ? 0 : run.result().bytesSent();
                line(texts.text("log.watch", run.describe()) + (sent > 0 ? texts.text("log.watchSent", Sizes.bytes(sent)) : ""));
            }

            @Override
            public void notice(String message) {
                line(texts.text("log.watch", message));
            }
        };
    }

    /** The first run ended and the watch goes on: its summary and what the watch does, in the window. */
    private void watchGoesOn(JobConfig job, JobResult first, FolderWatch folder, Duration settle) {
        String words = texts.text("vm.watching", job.srcDir(), settle.toSeconds());
        line(texts.text("log.firstRun", first.totals().uploaded(), first.totals().skipped(), first.totals().failed(), words)
                + (folder.pendingFiles() > 0 ? texts.text("log.stillWritten", folder.pendingFiles()) : ""));
        ui.execute(() -> {
            flush();
            summary.set(texts.text("vm.firstRun") + "\n" + summaryText(first, texts));
            filesInFlight.clear();
            if (state.get() == JobState.RUNNING) {
                status.set(words);
            }
        });
    }

    /** Starts this run's report; a report that cannot be written is said in the log, and the run goes on without one. */
    private RunReport openReport() {
        try {
            return new RunReport(JsonLinesReport.open(JsonLinesReport.claimRunFile(reportDir)));
        } catch (ConfigException e) {
            LOG.warn("no report for this run: {}", e.getMessage());
            line(texts.text("log.noReport", e.getMessage()));
            return new RunReport(null);
        }
    }

    private void finished(JobResult result, FinishedRun run) {
        JobState before = state.get();
        String text = summaryText(result, texts);
        if (run.report() != null) {
            text += "\n" + (run.failed() > 0 ? texts.text("vm.reportWithFailures", run.report(), run.failuresFile()) : texts.text("vm.report", run.report()));
        } else if (run.reportProblem() != null) {
            text += "\n" + texts.text("vm.noReport", run.reportProblem());
        }
        summary.set(text);
        filesInFlight.clear();
        if (result.fatalError() != null) {
            error.set(result.fatalError());
        }
        lastRun = run.report() == null ? null : run;
        lastReport.set(run.report());
        canRetryFailures.set(run.report() != null && run.failed() > 0 && Files.isRegularFile(run.failuresFile()));
        if (before == JobState.PAUSING && !result.success()) {
            state.set(JobState.PAUSED);
            pausedRetry = run.names() == null ? null : new Retry(run.job(), run.names());
            status.set(texts.text("vm.paused"));
        } else {
            state.set(JobState.IDLE);
            status.set(texts.text(result.success() ? "vm.done"
                    : before == JobState.STOPPING ? "vm.stopped"
                    : result.fatalError() == null && result.count(FileOutcome.Status.FAILED) == 0 && !result.leftBehind().isEmpty()
                            ? "vm.doneLeftBehind" : "vm.finishedWithFailures"));
        }
    }

    /**
     * Copies the last run's report to {@code target}, and its failures list, when the run had failures, next to it
     * under the name {@link JsonLinesReport#failuresFile(Path)} gives (so that it still pairs with the report).
     */
    public void saveReport(Path target) {
        FinishedRun run = lastRun;
        if (run == null) {
            error.set(texts.text("vm.noReportYet"));
            return;
        }
        background.execute(() -> {
            try {
                Files.copy(run.report(), target, StandardCopyOption.REPLACE_EXISTING);
                Path failures = null;
                if (run.failed() > 0 && Files.isRegularFile(run.failuresFile())) {
                    failures = JsonLinesReport.failuresFile(target);
                    Files.copy(run.failuresFile(), failures, StandardCopyOption.REPLACE_EXISTING);
                }
                String words = failures == null ? texts.text("vm.reportSaved", target) : texts.text("vm.reportAndFailuresSaved", target, failures);
                ui.execute(() -> {
                    status.set(words);
                    error.set("");
                });
            } catch (IOException | ConfigException e) {
                String words = texts.text("vm.cannotSaveReport", target, e instanceof IOException io ? ioWords(io) : e.getMessage());
                ui.execute(() -> error.set(words));
            }
        });
    }

    /** The name the report is offered under when saving it. */
    public String reportFileName() {
        Path report = lastReport.get();
        return report == null ? "report.jsonl" : report.getFileName().toString();
    }

    /** What a file operation's failure means, without the exception's class (whose message alone is often just a path). */
    static String ioWords(IOException e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof NoSuchFileException n) {
            return "no such file or folder: " + n.getFile();
        }
        if (e instanceof FileSystemException f && f.getReason() != null) {
            return f.getReason() + (f.getFile() != null ? ": " + f.getFile() : "");
        }
        return words(e);
    }

    /** A retry's job and names, kept while it is paused. */
    private record Retry(JobConfig job, JobStores.NameList names) {
    }

    /**
     * A run that ran: its job and names, and its report (null when it could not be written, then {@code reportProblem}
     * says why).
     */
    private record FinishedRun(JobConfig job, JobStores.NameList names, Path report, Path failuresFile, long failed, String reportProblem) {
    }

    /** The report of one run while it goes: written by the job's listener, closed with its summary when the job ends. */
    private static final class RunReport {
        private final JsonLinesReport writer;
        private boolean closed;

        RunReport(JsonLinesReport writer) {
            this.writer = writer;
        }

        JsonLinesReport writer() {
            return writer;
        }

        /** The report and its failures list: a watch leaves them alone (they change with every batch). */
        java.util.Set<Path> files() {
            return writer == null ? java.util.Set.of() : java.util.Set.of(writer.file(), writer.failuresFile());
        }

        /** Closes the report (the job runner wrote its summary record) and says where it is. */
        FinishedRun finish(JobConfig job, JobStores.NameList names, JobResult result) {
            if (writer == null) {
                return new FinishedRun(job, names, null, null, result.totals().failed(), null);
            }
            writer.close(); // its summary record was written by the job runner
            closed = true;
            if (writer.writeFailure() != null) {
                return new FinishedRun(job, names, null, null, result.totals().failed(), writer.writeFailure());
            }
            return new FinishedRun(job, names, writer.file(), writer.failuresFile(), result.totals().failed(), null);
        }

        /** A run that never began leaves no report behind: nothing ran that it could tell about. */
        void closeIfLeft(boolean ran) {
            if (writer == null || closed) {
                return;
            }
            writer.close();
            closed = true;
            if (!ran) {
                try {
                    Files.deleteIfExists(writer.file());
                    Files.deleteIfExists(writer.failuresFile());
                } catch (IOException e) {
                    LOG.warn("cannot delete the unused report {}: {}", writer.file(), e.toString());
                }
            }
        }
    }

    /** The summary of a run in English (tests, logs). */
    public static String summaryText(JobResult result) {
        return summaryText(result, Texts.window(java.util.Locale.ENGLISH));
    }

    /** The summary of a run in the window's language; what failed is said in the engine's words (English). */
    public static String summaryText(JobResult result, Texts texts) {
        dev.uploader.engine.JobTotals totals = result.totals();
        List<FileOutcome> failed = result.with(FileOutcome.Status.FAILED);
        StringBuilder s = new StringBuilder();
        s.append(texts.text("runSummary.uploaded", totals.uploaded(), Sizes.bytes(totals.uploadedBytes()))).append('\n');
        result.proofs().forEach((proof, count) -> s.append("  ").append(texts.text("runSummary.verified", count, texts.text("proven." + proof.name())))
                .append('\n'));
        s.append(texts.text("runSummary.resumed", totals.resumedFiles(), result.partsReused(), Sizes.bytes(result.bytesReused()))).append('\n');
        s.append(texts.text("runSummary.skipped", totals.skipped())).append('\n');
        if (totals.comparedBySizeOnly() > 0) {
            s.append("  ").append(texts.text("runSummary.sizeOnly", totals.comparedBySizeOnly())).append('\n');
        }
        if (totals.excluded() > 0) {
            s.append(totals.excluded() == 1 ? texts.text("runSummary.excluded.one") : texts.text("runSummary.excluded.many", totals.excluded())).append('\n');
        }
        s.append(texts.text("runSummary.failed", totals.failed())).append('\n');
        for (FileOutcome f : failed) {
            s.append("  ").append(f.sourcePath() != null ? f.sourcePath() : f.key()).append(": ").append(f.detail()).append('\n');
        }
        if (totals.failed() > failed.size()) {
            s.append("  ").append(texts.text("runSummary.more", totals.failed() - failed.size())).append('\n');
        }
        if (!result.leftBehind().isEmpty()) {
            s.append(texts.text("runSummary.left", result.leftBehind().size())).append('\n');
            for (JobResult.LeftUpload u : result.leftBehind()) {
                s.append("  ").append(texts.text("runSummary.leftOne", u.key(), u.uploadId(), u.why())).append('\n');
            }
        }
        s.append(texts.text("runSummary.sent", Sizes.bytes(result.bytesSent()), Sizes.duration(result.elapsed())));
        return s.toString();
    }

    /** Parts in flight finish, nothing new starts; Start again resumes from the store. */
    public void pause() {
        UploadJob job = running;
        if (job != null && state.get() == JobState.RUNNING && folderWatch == null) {
            state.set(JobState.PAUSING);
            status.set(texts.text("vm.pausing"));
            job.stop();
        }
    }

    /** Stops the job (and its watch); unfinished uploads stay at the store and can be resumed or cleaned later. */
    public void stop() {
        UploadJob job = running;
        if (job != null && state.get().busy()) {
            state.set(JobState.STOPPING);
            status.set(texts.text("vm.stopping"));
            job.stop();
            FolderWatch folder = folderWatch;
            if (folder != null) {
                folder.stop();
            }
        }
    }

    private void line(String text) {
        pendingLines.add(text);
        scheduleFlush();
    }

    private void scheduleFlush() {
        if (flushQueued.compareAndSet(false, true)) {
            ui.execute(this::flush);
        }
    }

    /** Moves queued log lines into the log pane, keeping only the newest lines. Runs on the UI thread. */
    private void flush() {
        flushQueued.set(false);
        List<String> lines = new ArrayList<>();
        String l;
        while ((l = pendingLines.poll()) != null) {
            lines.add(l);
        }
        if (lines.isEmpty()) {
            return;
        }
        if (lines.size() > LOG_LINES) {
            lines = lines.subList(lines.size() - LOG_LINES, lines.size());
        }
        log.addAll(lines);
        if (log.size() > LOG_LINES) {
            log.remove(0, log.size() - LOG_LINES);
        }
    }

    /** What the engine reports to: events are queued, the window is refreshed with each progress tick. */
    ProgressListener listener() {
        return new Listener();
    }

    /** The failure in words; never a class name, which says nothing to a person. */
    public static String words(Exception e) {
        return e.getMessage() == null || e.getMessage().isBlank() ? "a failure without a description" : e.getMessage();
    }

    /** Engine events, coalesced: lines queue up, the view is refreshed at most a few times a second. */
    private final class Listener implements ProgressListener {
        private volatile ProgressSnapshot latest;
        private final AtomicBoolean snapshotQueued = new AtomicBoolean();

        @Override
        public void fileFinished(FileOutcome outcome) {
            String name = outcome.key() != null ? outcome.key() : outcome.sourcePath();
            switch (outcome.status()) {
                case UPLOADED -> pendingLines.add(outcome.resumed() ? texts.text("log.uploadedResumed", name, outcome.partsReused())
                        : texts.text("log.uploaded", name));
                case SKIPPED -> pendingLines.add(texts.text("log.skipped", name, outcome.detail()));
                case FAILED -> pendingLines.add(texts.text("log.failed", name, outcome.detail()));
            }
        }

        @Override
        public void notice(String message) {
            pendingLines.add(message);
        }

        @Override
        public void progress(ProgressSnapshot snapshot) {
            latest = snapshot;
            if (snapshotQueued.compareAndSet(false, true)) {
                ui.execute(() -> {
                    snapshotQueued.set(false);
                    show(latest);
                    flush();
                });
            }
        }

        private void show(ProgressSnapshot s) {
            progress.set(s.bytesTotal() == 0 ? 1 : (double) s.bytesDone() / s.bytesTotal());
            progressText.set(Sizes.bytes(s.bytesDone()) + " of " + Sizes.bytes(s.bytesTotal()) + ", " + Sizes.rate(s.bytesPerSecond())
                    + ", ETA " + s.eta().map(Sizes::duration).orElse("?") + ", " + s.filesDone() + " of " + s.filesTotal() + " files"
                    + s.retrying()); // what is being retried and why, as on the command line
            List<FileRow> rows = new ArrayList<>(s.inFlight().size());
            s.inFlight().forEach(f -> rows.add(new FileRow(f.key(), f.size(), f.bytesDone(), state.get() == JobState.PAUSING ? "finishing" : "uploading")));
            filesInFlight.setAll(rows);
        }
    }
}
