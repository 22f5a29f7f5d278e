package dev.uploader.testing;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A real uploader started as its own JVM, so that tests can kill it with SIGKILL. */
public final class UploaderProcess {
    private UploaderProcess() {
    }

    public static Process start(Path workDir, Path output, Map<String, String> env, String... args) throws IOException {
        return start(workDir, output, env, List.of(), args);
    }

    /** @param jvmOptions such as {@code -Xmx64m}, before the main class */
    public static Process start(Path workDir, Path output, Map<String, String> env, List<String> jvmOptions, String... args) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // user.home decides where logs and resume records go; keep them in the test's folder
        List<String> command = new ArrayList<>(List.of(java, "-Duser.home=" + workDir));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", classPath(), "dev.uploader.Launcher"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true)
                .redirectOutput(output.toFile());
        // no display: the processes under test are command-line runs, and "no GUI here" must be what a server sees
        builder.environment().remove("DISPLAY");
        builder.environment().remove("WAYLAND_DISPLAY");
        // logs and resume records under the test's home, whatever the machine running the tests sets
        builder.environment().remove("XDG_STATE_HOME");
        builder.environment().remove("XDG_CONFIG_HOME");
        builder.environment().putAll(env);
        builder.environment().put("HOME", workDir.toString());
        return builder.start();
    }

    /** The test JVM's class path: the app's classes and its dependencies. */
    static String classPath() {
        String surefire = System.getProperty("surefire.test.class.path");
        String cp = surefire != null && !surefire.isBlank() ? surefire : System.getProperty("java.class.path");
        return String.join(File.pathSeparator, cp.split(File.pathSeparator));
    }
}
