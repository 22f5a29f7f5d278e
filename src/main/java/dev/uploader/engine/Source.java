package dev.uploader.engine;

import java.util.function.Consumer;

/** Where the bytes come from. */
public interface Source {

    /** Human-readable place for messages, such as a folder path. */
    String describe();

    /** Every entry; what cannot be read is reported to {@code problems} and the listing goes on. */
    void list(Consumer<SourceEntry> entries, Consumer<SourceProblem> problems);

    /** The bytes {@code [offset, offset + length)} of an entry; each open reads them afresh. */
    PartBody range(SourceEntry entry, long offset, long length);

    /**
     * The entry as it is now.
     *
     * @throws TransferException.SourceUnreadable when it is gone or cannot be read
     */
    SourceEntry refresh(SourceEntry entry);
}
