package dev.uploader.engine;

import java.io.IOException;

/** The engine's reads of the source: the MD5 of a range, the entry as it is now, each telling a change from a failure. */
final class SourceReads {
    private final Source source;
    private final RetryPolicy retry;

    SourceReads(Source source, RetryPolicy retry) {
        this.source = source;
        this.retry = retry;
    }

    Source source() {
        return source;
    }

    /** The entry as it is now; a transient failure to look is retried like any request. */
    SourceEntry refresh(SourceEntry entry) {
        return retry.call("look up " + source.describe() + "/" + entry.relativePath(), () -> source.refresh(entry));
    }

    /** @throws TransferException.SourceChanged when the size, time, ETag or version differ from the entry's */
    void checkUnchanged(SourceEntry entry) {
        if (!entry.sameAs(refresh(entry))) {
            throw new TransferException.SourceChanged("the source changed while it was uploaded (size, modification time or ETag)");
        }
    }

    /** MD5 of a range; a read error that comes from a changed file is reported as a change. */
    byte[] md5(SourceEntry entry, PartBody body) {
        try {
            return body.md5();
        } catch (IOException e) {
            if (!entry.sameAs(refresh(entry))) {
                throw new TransferException.SourceChanged("the source changed while it was read");
            }
            throw new TransferException.SourceUnreadable("cannot read " + source.describe() + "/" + entry.relativePath() + ": " + e.getMessage(), e);
        }
    }
}
