package dev.uploader.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.FileAppender;
import ch.qos.logback.core.LayoutBase;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import dev.uploader.format.LocalTimeFormat;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.TimeZone;
import org.slf4j.LoggerFactory;

/** The log file of one run: {@code uploader-<date>-<time>-<pid>.log} in the log folder. */
public final class RunLog {
    private RunLog() {
    }

    /**
     * Sends this process's logging to a new file and returns its path.
     *
     * @throws IOException when the folder or the file cannot be made or written (a read-only or full disk)
     */
    public static Path start(Path dir, String level) throws IOException {
        Files.createDirectories(dir);
        String stamp = new LocalTimeFormat("yyyyMMdd-HHmmss").format(System.currentTimeMillis());
        Path file = dir.resolve("uploader-" + stamp + "-" + ProcessHandle.current().pid() + ".log");
        // the appender would fail in silence: make the file here, so that a folder that cannot take it says so
        if (!Files.exists(file)) {
            Files.createFile(file);
        }
        if (!Files.isWritable(file)) {
            throw new IOException(file + " cannot be written");
        }

        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        context.reset();
        RunLogLayout layout = new RunLogLayout(TimeZone.getDefault());
        layout.setContext(context);
        layout.start();
        FileAppender<ILoggingEvent> appender = fileAppender(context, "run", file, layout);

        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.addAppender(appender);
        root.setLevel(Level.WARN);
        context.getLogger("dev.uploader").setLevel(toLevel(level));
        // request headers carry signatures: never log the wire, whatever the level
        context.getLogger("org.apache.http.wire").setLevel(Level.OFF);
        context.getLogger("org.apache.http.headers").setLevel(Level.OFF);
        if (level.equals("DEBUG")) {
            context.getLogger("software.amazon.awssdk.request").setLevel(Level.DEBUG);
        }
        return file;
    }

    /** The logger of a worker's one JSON line per finished object. */
    public static final String JOB_LINES_LOGGER = "dev.uploader.jobs";

    /**
     * The file of a worker's job lines beside its run log: {@code uploader-<date>-<time>-<pid>.jobs.jsonl} next to
     * {@code uploader-<date>-<time>-<pid>.log}.
     */
    public static Path jobLinesFile(Path runLog) {
        String name = runLog.getFileName().toString();
        String stem = name.endsWith(".log") ? name.substring(0, name.length() - ".log".length()) : name;
        return runLog.resolveSibling(stem + ".jobs.jsonl");
    }

    /**
     * Sends the lines of {@link #JOB_LINES_LOGGER} also to {@link #jobLinesFile(Path)}, each its bare message on a line
     * of its own (UTF-8, '\n'), so that the file is JSON Lines that jq and log collectors read as it is; the run log
     * keeps them with its prefix as before. Call after {@link #start(Path, String)}; its next start ends this too.
     * The lines are written whatever LoggingLevel says: the file is the workers' record of what they did, not chatter.
     *
     * @return the file
     * @throws IOException when the file cannot be made or written
     */
    public static Path startJobLines(Path runLog) throws IOException {
        Path file = jobLinesFile(runLog);
        if (!Files.exists(file)) {
            Files.createFile(file);
        }
        if (!Files.isWritable(file)) {
            throw new IOException(file + " cannot be written");
        }
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        LayoutBase<ILoggingEvent> bare = new LayoutBase<>() {
            @Override
            public String doLayout(ILoggingEvent event) {
                return event.getFormattedMessage() + "\n";
            }
        };
        bare.setContext(context);
        bare.start();
        FileAppender<ILoggingEvent> appender = fileAppender(context, "job-lines", file, bare);
        Logger jobs = context.getLogger(JOB_LINES_LOGGER);
        Level runLevel = context.getLogger("dev.uploader").getEffectiveLevel();
        // INFO here, whatever the run's level: the run log still gets them only when its level lets INFO through
        jobs.setLevel(Level.INFO);
        jobs.setAdditive(false);
        jobs.addAppender(appender);
        Appender<ILoggingEvent> run = context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("run");
        if (run != null && runLevel.toInt() <= Level.INFO_INT) {
            jobs.addAppender(run);
        }
        return file;
    }

    /**
     * What went wrong writing the log since it started (a disk that filled up), in words, or null when nothing did.
     * Logback only notes such failures in its status list: the run tells them on its way out.
     */
    public static String writeFailure(long sinceMillis) {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        for (ch.qos.logback.core.status.Status status : context.getStatusManager().getCopyOfStatusList()) {
            if (status.getLevel() == ch.qos.logback.core.status.Status.ERROR && status.getTimestamp() >= sinceMillis) {
                Throwable cause = status.getThrowable();
                return status.getMessage() + (cause == null || cause.getMessage() == null ? "" : ": " + cause.getMessage());
            }
        }
        return null;
    }

    private static Level toLevel(String level) {
        return switch (level) {
            case "DEBUG" -> Level.DEBUG;
            case "WARNING" -> Level.WARN;
            case "ERROR" -> Level.ERROR;
            default -> Level.INFO;
        };
    }

    /** A started UTF-8 file appender of every line as soon as it is written. */
    private static FileAppender<ILoggingEvent> fileAppender(LoggerContext context, String name, Path file,
                                                           ch.qos.logback.core.Layout<ILoggingEvent> layout) throws IOException {
        LayoutWrappingEncoder<ILoggingEvent> encoder = new LayoutWrappingEncoder<>();
        encoder.setContext(context);
        encoder.setLayout(layout);
        encoder.setCharset(StandardCharsets.UTF_8);
        encoder.start();
        FileAppender<ILoggingEvent> appender = new FileAppender<>();
        appender.setContext(context);
        appender.setName(name);
        appender.setFile(file.toString());
        appender.setEncoder(encoder);
        appender.setImmediateFlush(true);
        appender.start();
        if (!appender.isStarted()) {
            throw new IOException("cannot open " + file + " for writing");
        }
        return appender;
    }
}
