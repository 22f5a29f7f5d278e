package dev.uploader.cli;

import dev.uploader.format.Sizes;
import dev.uploader.engine.JobPlan;
import dev.uploader.engine.PartLayout;
import dev.uploader.engine.PlannedFile;
import dev.uploader.engine.SourceProblem;
import java.io.PrintStream;

/** {@code --dry-run}: each file, its key, part size and count, and upload or skip. */
final class PlanPrinter {
    private final PrintStream out;

    PlanPrinter(PrintStream out) {
        this.out = out;
    }

    void print(JobPlan plan, String source, String destination, int unfinishedUploads) {
        out.println("Plan (dry run, nothing is written): " + source + " -> " + destination);
        for (PlannedFile f : plan.files()) {
            String what = switch (f.action()) {
                case UPLOAD -> "upload  ";
                case SKIP -> "skip    ";
                case REFUSE -> "REFUSED ";
            };
            out.println("  " + what + f.entry().relativePath() + " -> " + f.key() + "  " + Sizes.bytes(f.entry().size())
                    + "  " + detail(f));
        }
        for (SourceProblem p : plan.problems()) {
            out.println("  PROBLEM " + p.path() + ": " + p.reason());
        }
        out.println("Total: " + plan.with(PlannedFile.Action.UPLOAD).size() + " to upload (" + Sizes.bytes(plan.bytesToUpload()) + "), "
                + plan.with(PlannedFile.Action.SKIP).size() + " to skip, " + plan.with(PlannedFile.Action.REFUSE).size() + " refused, "
                + plan.problems().size() + " unreadable; " + unfinishedUploads + " unfinished upload(s) under the prefix");
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
