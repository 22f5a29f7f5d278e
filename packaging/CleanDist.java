import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Empties target/dist before jpackage runs (it refuses to overwrite an app-image); a single-file Java program. */
public class CleanDist {
    public static void main(String[] args) throws IOException {
        Path dist = Path.of(args[0]);
        if (Files.exists(dist)) {
            try (Stream<Path> walk = Files.walk(dist)) {
                for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
        Files.createDirectories(dist);
    }
}
