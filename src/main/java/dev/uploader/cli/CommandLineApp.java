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

    /**
     * Runs a command with the project's error handling: one line on stderr, never a stack trace. Parses and calls
     * the command itself rather than handing picocli handler lambdas: picocli's handler interfaces are Java 5 class
     * files, and a lambda implementing one keeps them, and the code around them, out of the class-data sharing
     * archive (docs/decisions/0006).
     */
    public static int execute(UploadCommand command, PrintStream out, PrintStream err, String... args) {
        // otherwise picocli looks for Groovy's closure class, and a class that is not there is searched for in every
        // jar of the class path: 25 ms of each run
        System.setProperty("picocli.disable.closures", "true");
        CommandLine cli = new CommandLine(command);
        cli.setOut(new java.io.PrintWriter(out, true));
        cli.setErr(new java.io.PrintWriter(err, true));
        try {
            Integer help = CommandLine.executeHelpRequest(cli.parseArgs(args));
            if (help != null) {
                return help;
            }
            return command.call();
        } catch (CommandLine.ParameterException e) {
            err.println("error: " + e.getMessage() + " (see --help)");
            return UploadCommand.BAD_CONFIG;
        } catch (dev.uploader.engine.TransferException e) {
            // a store's answer or the network that nothing caught earlier: its message is for people, its class is not
            err.println("error: " + e.getMessage());
            org.slf4j.LoggerFactory.getLogger(CommandLineApp.class).error("the job could not run", e);
            return UploadCommand.CANNOT_RUN;
        } catch (RuntimeException e) {
            err.println("error: unexpected failure (" + (e.getMessage() == null ? "no message" : e.getMessage())
                    + "); the log file has the details");
            org.slf4j.LoggerFactory.getLogger(CommandLineApp.class).error("unexpected failure", e);
            return UploadCommand.CANNOT_RUN;
        }
    }
}
