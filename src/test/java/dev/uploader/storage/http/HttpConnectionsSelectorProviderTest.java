package dev.uploader.storage.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The selector provider HttpConnections names must be the one the JDK would have chosen by itself. Each check runs a
 * JVM of its own: in this one, servers of other tests have long since fixed the provider.
 */
class HttpConnectionsSelectorProviderTest {
    private static List<String> probe(String... jvmOptions) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of(jvmOptions));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), SelectorProviderProbe.class.getName()));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
        return out.lines().toList();
    }

    @Test
    void jdkSelectorProvider_thisOs_theProviderTheJdkPicksWithoutIt() throws Exception {
        Optional<String> named = HttpConnections.jdkSelectorProvider(System.getProperty("os.name"));
        List<String> unset = probe();
        assertEquals(List.of(named.orElseThrow(), "registered"), unset);
        // and named by the property, the provider works with selectors as the default does
        assertEquals(List.of(named.get(), "registered"), probe("-Djava.nio.channels.spi.SelectorProvider=" + named.get()));
    }

    @Test
    void jdkSelectorProvider_unknownOsOrClassTheJdkLacks_empty() {
        assertEquals(Optional.empty(), HttpConnections.jdkSelectorProvider("AIX"));
        assertEquals(Optional.empty(), HttpConnections.jdkSelectorProvider("SunOS"));
    }
}
