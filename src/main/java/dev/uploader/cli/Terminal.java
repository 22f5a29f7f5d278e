package dev.uploader.cli;

import java.io.Console;
import java.lang.reflect.Method;

/** Whether a person is watching: stdin and stdout are a terminal. */
final class Terminal {
    private Terminal() {
    }

    static boolean isInteractive() {
        Console console = System.console();
        if (console == null) {
            return false;
        }
        // from JDK 22 System.console() is non-null even when redirected; isTerminal() tells the truth there
        try {
            Method isTerminal = Console.class.getMethod("isTerminal");
            return (Boolean) isTerminal.invoke(console);
        } catch (ReflectiveOperationException e) {
            return true;
        }
    }
}
