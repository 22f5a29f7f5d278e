package dev.uploader.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.FileAppender;
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
        LayoutWrappingEncoder<ILoggingEvent> encoder = new LayoutWrappingEncoder<>();
        encoder.setContext(context);
        encoder.setLayout(layout);
        encoder.setCharset(StandardCharsets.UTF_8);
        encoder.start();
        FileAppender<ILoggingEvent> appender = new FileAppender<>();
        appender.setContext(context);
        appender.setName("run");
        appender.setFile(file.toString());
        appender.setEncoder(encoder);
        appender.setImmediateFlush(true);
        appender.start();
        if (!appender.isStarted()) {
            throw new IOException("cannot open " + file + " for writing");
        }

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
}
