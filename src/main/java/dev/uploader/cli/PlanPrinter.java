package dev.uploader.cli;

import dev.uploader.engine.PartLayout;
import dev.uploader.engine.PlannedFile;
import dev.uploader.engine.SourceProblem;
import dev.uploader.engine.UploadJob;
import dev.uploader.format.Sizes;
import dev.uploader.i18n.Texts;
import java.io.PrintStream;

/**
 * {@code --dry-run}: each file, its key, part size and count, and upload or skip, printed as the streaming plan decides
 * it (a plan of a million files starts printing at once and holds only its counts).
 */
final class PlanPrinter implements UploadJob.PlanSink {
    private final PrintStream out;
    private final Texts texts;
    private long uploads;
    private long uploadBytes;
    private long skips;
    private long refused;
    private long problems;
    private long leftOut;
    private long foldersLeftOut;

    PlanPrinter(PrintStream out, Texts texts) {
        this.out = out;
        this.texts = texts;
    }

    void header(String source, String destination) {
        out.println(texts.text("plan.header", source, destination));
    }

    @Override
    public void planned(PlannedFile f) {
        String what = padded(texts.text(switch (f.action()) {
            case UPLOAD -> "plan.upload";
            case SKIP -> "plan.skip";
            case REFUSE -> "plan.refused";
        }), ACTION_COLUMNS);
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
        out.println("  " + texts.text("plan.problem", p.path(), p.reason()));
    }

    @Override
    public void leftOut(long entries, long folders) {
        leftOut = entries;
        foldersLeftOut = folders;
    }

    /** The last line; true when nothing was refused or unreadable. */
    boolean total(int unfinishedUploads) {
        out.println(texts.text("plan.total", uploads, Sizes.bytes(uploadBytes), skips, refused, problems, unfinishedUploads)
                + (leftOut + foldersLeftOut == 0 ? "" : foldersLeftOut == 0 ? texts.text("plan.total.leftOut", leftOut)
                        : texts.text("plan.total.leftOutAndFolders", leftOut, foldersLeftOut)));
        return refused == 0 && problems == 0;
    }

    /** The words of an action, padded with spaces to {@code columns} on a terminal (a Chinese character takes two). */
    static String padded(String word, int columns) {
        int width = 0;
        for (int i = 0; i < word.length(); i++) {
            width += word.charAt(i) >= '\u2E80' ? 2 : 1;
        }
        return word + " ".repeat(Math.max(1, columns - width));
    }

    private static final int ACTION_COLUMNS = 8;

    private String detail(PlannedFile f) {
        if (f.action() != PlannedFile.Action.UPLOAD) {
            return "(" + f.reason() + ")";
        }
        PartLayout layout = f.layout();
        if (layout.singleRequest()) {
            return texts.text("plan.singleRequest");
        }
        return texts.text("plan.parts", layout.partCount(), Sizes.bytes(layout.partSize()));
    }
}
