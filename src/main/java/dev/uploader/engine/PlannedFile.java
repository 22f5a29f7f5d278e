package dev.uploader.engine;

/**
 * One source entry and what the job will do with it.
 *
 * @param layout null when the file is skipped or refused
 * @param reason why it is skipped or refused; null for an upload
 */
public record PlannedFile(SourceEntry entry, String key, Action action, PartLayout layout, String reason) {

    public enum Action { UPLOAD, SKIP, REFUSE }
}
