package dev.uploader.engine;

import java.util.Map;

/** What {@link ResumeRule} decided for the unfinished upload of one key. */
sealed interface ResumeDecision {

    /** Nothing to continue: create a new upload. */
    record StartNew() implements ResumeDecision {
    }

    /** The upload cannot be shown to hold this source's bytes: abort it, then create a new one. */
    record AbortAndStartNew(String uploadId, String reason) implements ResumeDecision {
    }

    /**
     * Continue the upload with this layout. Only the parts in {@code reusable} may be kept, each under its proof;
     * every other part is sent again.
     *
     * @param notice what to tell the user (another part size than ChunkSize gives), or null
     */
    record Continue(String uploadId, PartLayout layout, Map<Integer, ReusablePart> reusable, String notice) implements ResumeDecision {
        public Continue {
            reusable = Map.copyOf(reusable);
        }
    }

    /**
     * A listed part that may be kept.
     *
     * @param md5 for {@link Check#RECORDED}: the MD5 of the source bytes it was sent with, or null when the store
     *            copied it from the pinned source itself; unused for {@link Check#READ_AGAIN}
     */
    record ReusablePart(RemotePart listed, Check check, byte[] md5) {
    }

    /** How a kept part is shown to hold the source's current bytes. */
    enum Check {
        /** The source's bytes at that place are read again now; kept only if their MD5 equals the part's ETag. */
        READ_AGAIN,
        /** The record of this upload, started for this very source version, lists the part with this ETag. */
        RECORDED
    }
}
