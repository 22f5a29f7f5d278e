package dev.uploader.cli;

import dev.uploader.engine.PartLayout;
import dev.uploader.engine.PlannedFile;
import dev.uploader.engine.SourceProblem;
import dev.uploader.engine.UploadJob;
import dev.uploader.format.Sizes;
import java.io.PrintStream;

/**
 * {@code --dry-run}: each file, its key, part size and count, and upload or skip, printed as the streaming plan decides
 * it (a plan of a million files starts printing at once and holds only its counts).
 */
final class PlanPrinter implements UploadJob.PlanSink {
    private final PrintStream out;
    private long uploads;
    private long uploadBytes;
    private long skips;
    private long refused;
    private long problems;
    private long leftOut;
    private long foldersLeftOut;

    PlanPrinter(PrintStream out) {
        this.out = out;
    }

    void header(String source, String destination) {
        out.println("Plan (dry run, nothing is written): " + source + " -> " + destination);
    }

    @Override
    public void planned(PlannedFile f) {
        String what = switch (f.action()) {
            case UPLOAD -> "upload  ";
            case SKIP -> "skip    ";
            case REFUSE -> "REFUSED ";
        };
        switch (f.action()) {
            case UPLOAD -> {
                uploads++;
                uploadBytes += f.entry().size();
            }
            case SKIP -> skips++;
            case REFUSE -> refused++;
        }
        out.println("  " + what + f.entry().relativePath() + " -> " + f.key() + "  " + Sizes.bytes(f.entry().size()) + "  " + detail(f));
    }

    @Override
    public void problem(SourceProblem p) {
        problems++;
        out.println("  PROBLEM " + p.path() + ": " + p.reason());
    }

    @Override
    public void leftOut(long entries, long folders) {
        leftOut = entries;
        foldersLeftOut = folders;
    }

    /** The last line; true when nothing was refused or unreadable. */
    boolean total(int unfinishedUploads) {
        out.println("Total: " + uploads + " to upload (" + Sizes.bytes(uploadBytes) + "), " + skips + " to skip, " + refused + " refused, "
                + problems + " unreadable; " + unfinishedUploads + " unfinished upload(s) under the prefix"
                + (leftOut + foldersLeftOut == 0 ? "" : "; left out by the filters: " + leftOut + " entries"
                        + (foldersLeftOut == 0 ? "" : " and " + foldersLeftOut + " folder(s) not walked")));
        return refused == 0 && problems == 0;
    }

    private static String detail(PlannedFile f) {
        if (f.action() != PlannedFile.Action.UPLOAD) {
            return "(" + f.reason() + ")";
        }
        PartLayout layout = f.layout();
        if (layout.singleRequest()) {
            return "1 PutObject";
        }
        return layout.partCount() + " part(s) of " + Sizes.bytes(layout.partSize());
    }
}
