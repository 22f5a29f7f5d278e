package dev.uploader.testing;

import dev.uploader.cli.CommandLineApp;
import dev.uploader.cli.UploadCommand;
import dev.uploader.config.AppDirectories;
import dev.uploader.storage.S3ClientFactory;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/** Runs the real command line in this JVM with captured output, as a user would from a shell. */
public final class CliRun {
    public final int exitCode;
    public final String out;
    public final String err;
    public final Duration took;

    private CliRun(int exitCode, String out, String err, Duration took) {
        this.exitCode = exitCode;
        this.out = out;
        this.err = err;
        this.took = took;
    }

    public static CliRun run(Path home, String... args) {
        return run(home, new S3ClientFactory(), "", args);
    }

    public static CliRun run(Path home, S3ClientFactory factory, String stdin, String... args) {
        ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
        ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(outBytes, true, StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(errBytes, true, StandardCharsets.UTF_8);
        AppDirectories dirs = new AppDirectories(home, home, Map.of(), "Linux");
        // the language as a user's: --language or English, never this machine's locale nor UPLOADER_LANG
        UploadCommand command = new UploadCommand(out, err, new BufferedReader(new StringReader(stdin)), !stdin.isEmpty(), factory, dirs,
                CommandLineApp.texts(args, null, Locale.ENGLISH));
        long start = System.nanoTime();
        int code = CommandLineApp.execute(command, out, err, args);
        return new CliRun(code, outBytes.toString(StandardCharsets.UTF_8), errBytes.toString(StandardCharsets.UTF_8),
                Duration.ofNanos(System.nanoTime() - start));
    }

    @Override
    public String toString() {
        return "exit " + exitCode + "\n--- out\n" + out + "\n--- err\n" + err;
    }
}
