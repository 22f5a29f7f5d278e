package dev.uploader.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.uploader.testing.CliRun;
import dev.uploader.testing.UploaderProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CommandLineHelpTest {
    @TempDir
    Path home;

    @Test
    void help_listsEveryOptionWithTheConfigKeyItOverridesAndTheExitCodes() {
        CliRun run = CliRun.run(home, "--nogui", "--help");

        assertEquals(0, run.exitCode, run.toString());
        for (String expected : new String[] {"--config", "--src-dir", "SrcDir", "--bucket", "DesBucket", "--chunk-size", "ChunkSize",
                "--bwlimit", "BandwidthLimit", "--clean", "--resume", "--dry-run", "--log-dir", "Exit codes"}) {
            assertTrue(run.out.contains(expected), expected + " in\n" + run.out);
        }
    }

    @Test
    void launcher_withoutNoguiAndWithoutDisplay_saysToUseNoguiAndExitsNonZeroAtOnce() throws Exception {
        Path output = home.resolve("out.txt");
        Process p = UploaderProcess.start(home, output, Map.of());

        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "never waits for input");
        assertEquals(2, p.exitValue());
        assertTrue(Files.readString(output).contains("--nogui"), Files.readString(output));
    }

    @Test
    void launcher_noguiHelpInARealProcess_exitsZero() throws Exception {
        Path output = home.resolve("help.txt");
        Process p = UploaderProcess.start(home, output, Map.of(), "--nogui", "--help");

        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), Files.readString(output));
        assertTrue(Files.readString(output).startsWith("Usage: uploader"), Files.readString(output));
    }
}
