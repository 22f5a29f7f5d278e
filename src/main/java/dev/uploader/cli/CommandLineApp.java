package dev.uploader.cli;

import dev.uploader.config.AppDirectories;
import dev.uploader.storage.S3ClientFactory;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;

/** Entry of {@code --nogui}: parses options, runs the command, returns the exit code. */
public final class CommandLineApp {
    private CommandLineApp() {
    }

    public static int run(String[] args) {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(System.err, true, StandardCharsets.UTF_8);
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        UploadCommand command = new UploadCommand(out, err, in, Terminal.isInteractive(), new S3ClientFactory(),
                AppDirectories.forThisUser());
        return execute(command, out, err, args);
    }

    /** Runs a command with the project's error handling: one line on stderr, never a stack trace. */
    public static int execute(UploadCommand command, PrintStream out, PrintStream err, String... args) {
        CommandLine cli = new CommandLine(command);
        cli.setOut(new java.io.PrintWriter(out, true));
        cli.setErr(new java.io.PrintWriter(err, true));
        cli.setParameterExceptionHandler((e, a) -> {
            err.println("error: " + e.getMessage() + " (see --help)");
            return UploadCommand.BAD_CONFIG;
        });
        cli.setExecutionExceptionHandler((e, c, p) -> {
            err.println("error: " + e);
            org.slf4j.LoggerFactory.getLogger(CommandLineApp.class).error("unexpected failure", e);
            return UploadCommand.CANNOT_RUN;
        });
        return cli.execute(args);
    }
}
