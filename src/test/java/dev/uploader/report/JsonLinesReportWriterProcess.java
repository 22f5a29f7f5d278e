package dev.uploader.report;

import dev.uploader.engine.FileOutcome;
import dev.uploader.engine.Proof;
import java.nio.file.Path;

/** A separate JVM that writes records until it is killed: {@code JsonLinesReportWriterProcess REPORT}. */
public final class JsonLinesReportWriterProcess {
    private JsonLinesReportWriterProcess() {
    }

    public static void main(String[] args) throws InterruptedException {
        JsonLinesReport report = JsonLinesReport.open(Path.of(args[0]));
        String padding = "x".repeat(3000);
        for (long i = 0; ; i++) {
            // lines of different lengths, some larger than a page, so that a kill may come in the middle of any
            String key = "folder/" + i + "-" + padding.substring(0, (int) (i * 131 % padding.length())) + "\"quoted\"\n";
            if (i % 3 == 0) {
                report.object("pair", FileOutcome.failed(key, "src/" + i, i, "refused: \u00e9\u0001"), "upload");
            } else {
                report.object(null, FileOutcome.uploaded(key, "src/" + i, i, Proof.PART_MD5S, "ok", i, 0, 0, 1, "\"etag\""), "upload");
            }
            if (i % 500 == 0) {
                // a few MB before the kill, not a few hundred
                Thread.sleep(1);
            }
        }
    }
}
