package dev.uploader.engine;

import java.util.Optional;

/** Resume records keyed by destination upload id. */
public interface ResumeLedger {
    ResumeLedger NONE = new ResumeLedger() {
        @Override
        public Optional<ResumeRecord> find(String uploadId) {
            return Optional.empty();
        }

        @Override
        public void save(String uploadId, ResumeRecord record) {
        }

        @Override
        public void delete(String uploadId) {
        }
    };

    Optional<ResumeRecord> find(String uploadId);

    void save(String uploadId, ResumeRecord record);

    void delete(String uploadId);
}
