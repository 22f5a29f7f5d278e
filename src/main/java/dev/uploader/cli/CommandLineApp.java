package dev.uploader.cli;

import dev.uploader.config.AppDirectories;
import dev.uploader.i18n.LanguageChoice;
import dev.uploader.i18n.Texts;
import dev.uploader.storage.S3ClientFactory;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import picocli.CommandLine;

/** Entry of {@code --nogui}: chooses the language, parses options, runs the command, returns the exit code. */
public final class CommandLineApp {
    private CommandLineApp() {
    }

    public static int run(String[] args) {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(System.err, true, StandardCharsets.UTF_8);
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        Texts texts;
        try {
            texts = texts(args, System.getenv(LanguageChoice.ENV), Locale.getDefault());
        } catch (LanguageChoice.UnknownLanguage e) {
            err.println("error: " + e.getMessage());
            return UploadCommand.BAD_CONFIG;
        }
        UploadCommand command = new UploadCommand(out, err, in, Terminal.isInteractive(), new S3ClientFactory(),
                AppDirectories.forThisUser(), texts);
        return execute(command, out, err, args);
    }

    /**
     * The messages of a run, by {@link LanguageChoice}: {@code --language} among {@code args}, else {@code env} (the
     * value of {@value LanguageChoice#ENV}), else {@code system}. Read before the options are parsed, so that even a
     * wrong option is said in the chosen language.
     *
     * @throws LanguageChoice.UnknownLanguage for a value that is no language of the app
     */
    public static Texts texts(String[] args, String env, Locale system) {
        return Texts.messages(LanguageChoice.decide(languageOption(args), env, system));
    }

    /** The value of the last {@code --language LANG} or {@code --language=LANG} among {@code args}, or null. */
    static String languageOption(String[] args) {
        String value = null;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--language") && i + 1 < args.length) {
                value = args[++i];
            } else if (args[i].startsWith("--language=")) {
                value = args[i].substring("--language=".length());
            }
        }
        return value;
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
        Texts texts = command.texts();
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
            err.println(texts.text("cli.error.seeHelp", e.getMessage()));
            return UploadCommand.BAD_CONFIG;
        } catch (dev.uploader.engine.TransferException e) {
            // a store's answer or the network that nothing caught earlier: its message is for people, its class is not
            err.println(texts.text("cli.error", e.getMessage()));
            org.slf4j.LoggerFactory.getLogger(CommandLineApp.class).error("the job could not run", e);
            return UploadCommand.CANNOT_RUN;
        } catch (RuntimeException e) {
            err.println(texts.text("cli.error.unexpected", e.getMessage() == null ? texts.text("cli.error.noMessage") : e.getMessage()));
            org.slf4j.LoggerFactory.getLogger(CommandLineApp.class).error("unexpected failure", e);
            return UploadCommand.CANNOT_RUN;
        }
    }
}
