package dev.uploader;

import dev.uploader.cli.CommandLineApp;
import dev.uploader.logging.QuietLogbackProvider;
import java.util.Arrays;

/**
 * The one main. {@code --nogui} (or --help/--version) goes to the command line without loading JavaFX;
 * anything else opens the desktop app.
 */
public final class Launcher {
    private Launcher() {
    }

    public static void main(String[] args) {
        QuietLogbackProvider.select();
        boolean commandLine = Arrays.stream(args).anyMatch(a -> a.equals("--nogui") || a.equals("--help") || a.equals("-h")
                || a.equals("--version") || a.equals("-V"));
        if (commandLine) {
            System.exit(CommandLineApp.run(args));
        }
        try {
            dev.uploader.gui.DesktopApp.run(args);
            // the window is closed: threads a library left (AWT's, once the system tray was used) must not keep the app alive
            System.exit(0);
        } catch (UnsupportedOperationException | LinkageError | IllegalStateException e) {
            // no display (a server, ssh without X): say what works instead of a stack trace
            System.err.println("error: the desktop app cannot start here (" + e.getMessage() + "); run the command line with --nogui,"
                    + " for example: uploader --nogui --config s3_upload_config.ini (see uploader --nogui --help)");
            System.exit(2);
        }
    }
}
