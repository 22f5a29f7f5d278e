package dev.uploader.engine;

import java.util.List;

/** Every source entry with its key and action, and what could not be listed. */
public record JobPlan(List<PlannedFile> files, List<SourceProblem> problems) {

    public JobPlan {
        files = List.copyOf(files);
        problems = List.copyOf(problems);
    }

    public List<PlannedFile> with(PlannedFile.Action action) {
        return files.stream().filter(f -> f.action() == action).toList();
    }

    public long bytesToUpload() {
        return with(PlannedFile.Action.UPLOAD).stream().mapToLong(f -> f.entry().size()).sum();
    }
}
