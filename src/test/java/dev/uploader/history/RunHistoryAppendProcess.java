package dev.uploader.history;

import java.nio.file.Path;

/** A separate JVM that appends runs to a history: {@code RunHistoryAppendProcess FOLDER COUNT TAG}. */
public final class RunHistoryAppendProcess {
    private RunHistoryAppendProcess() {
    }

    public static void main(String[] args) {
        RunHistory history = new RunHistory(Path.of(args[0]), Integer.parseInt(args[3]));
        int count = Integer.parseInt(args[1]);
        for (int i = 0; i < count; i++) {
            history.append(RunHistoryTest.run(args[2] + "-" + i));
        }
    }
}
