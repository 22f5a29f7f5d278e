package dev.uploader.engine;

import java.util.Optional;

/**
 * Resume records of remote sources, keyed by the destination's upload id (see {@link ResumeRecord}). A record
 * is started once, right after its upload is created and before any part is sent, and afterwards only added
 * to: it can never come to describe parts of another source version.
 */
public interface ResumeLedger {
    /** Keeps nothing: every unfinished upload of a remote source is aborted and started afresh. */
    ResumeLedger NONE = new ResumeLedger() {
        @Override
        public Optional<ResumeRecord> find(String uploadId) {
            return Optional.empty();
        }

        @Override
        public void start(String uploadId, ResumeRecord record) {
        }

        @Override
        public void partStored(String uploadId, int partNumber, ResumeRecord.StoredPart part) {
        }

        @Override
        public void delete(String uploadId) {
        }
    };

    Optional<ResumeRecord> find(String uploadId);

    /** The record of a new upload; its parts are ignored (there are none yet). */
    void start(String uploadId, ResumeRecord record);

    /** Adds a part the store accepted; what cannot be written costs a re-send on resume, never a wrong reuse. */
    void partStored(String uploadId, int partNumber, ResumeRecord.StoredPart part);

    void delete(String uploadId);
}
