package dev.uploader.engine.watch;

import java.time.Duration;

/**
 * The one rule for when a file of a watched folder is sent: once it has <em>settled</em>, its size and modification
 * time the same at two looks at least the settle time apart. The looks are timed by this machine's monotonic clock,
 * never by the file's own time, so a file server whose clock is off cannot make a file being written look settled.
 * A writer that pauses for longer than the settle time cannot be told from one that has finished: such writers should
 * write under another name and rename, or the settle time should be longer than their pauses.
 *
 * <table>
 *   <caption>Decision table of {@link #decide}</caption>
 *   <tr><th>Looked at before (pending)</th><th>The file now</th><th>Last sent as</th><th>Verdict</th><th>Then</th></tr>
 *   <tr><td>no</td><td>gone, or not a regular file</td><td>any</td><td>{@link Verdict#VANISHED}</td><td>nothing</td></tr>
 *   <tr><td>no</td><td>there</td><td>never sent</td><td>{@link Verdict#NEW}</td><td>pending from now</td></tr>
 *   <tr><td>no</td><td>there</td><td>another size or time</td><td>{@link Verdict#CHANGED_SINCE_SENT}</td><td>pending from now</td></tr>
 *   <tr><td>no</td><td>there</td><td>the same size and time</td><td>{@link Verdict#UNCHANGED_SINCE_SENT}</td><td>nothing</td></tr>
 *   <tr><td>yes</td><td>gone, or not a regular file</td><td>any</td><td>{@link Verdict#VANISHED}</td><td>dropped</td></tr>
 *   <tr><td>yes</td><td>another size or time than at the look before</td><td>any</td><td>{@link Verdict#CHANGING}</td><td>pending from now again</td></tr>
 *   <tr><td>yes</td><td>the same, for less than the settle time</td><td>any</td><td>{@link Verdict#WAITING}</td><td>looked at again later</td></tr>
 *   <tr><td>yes</td><td>the same, for the settle time or longer</td><td>any</td><td>{@link Verdict#SETTLED}</td><td>sent</td></tr>
 * </table>
 *
 * <p>"Sent" means a job found the object at the destination after the file settled (uploaded then, or already
 * there); a file that failed is not remembered as sent, so the next look sends it again. Immutable; thread-safe.
 */
public final class SettleRule {

    /** What the rule says about one look at a file. */
    public enum Verdict {
        /** Not pending and never sent: its settle time starts now. */
        NEW,
        /** Not pending, and changed since it was sent: its settle time starts now. */
        CHANGED_SINCE_SENT,
        /** Not pending and as it was when sent: nothing to do (an event that changed nothing, a rescan). */
        UNCHANGED_SINCE_SENT,
        /** Pending, and changed since the look before: its settle time starts again. */
        CHANGING,
        /** Pending and unchanged, but not yet for the settle time. */
        WAITING,
        /** Pending and unchanged for the settle time: send it. */
        SETTLED,
        /** Gone (deleted, renamed away) or not a regular file: forgotten. */
        VANISHED
    }

    /** A file's size and modification time at one look. */
    public record State(long size, long modifiedMillis) {
    }

    /**
     * A pending file: the state it was in at a look, and since when (monotonic nanoseconds) it has been seen in that state.
     */
    public record Sighting(State state, long sinceNanos) {
    }

    private final Duration settle;

    /** @param settle how long a file must stay unchanged; at least one millisecond */
    public SettleRule(Duration settle) {
        if (settle.toMillis() < 1) {
            throw new IllegalArgumentException("the settle time must be positive, not " + settle);
        }
        this.settle = settle;
    }

    public Duration settle() {
        return settle;
    }

    /**
     * @param pending  the pending file's sighting, or null when it is not pending
     * @param now      the file as it is now, or null when it is gone or not a regular file
     * @param sent     the file as it was when last sent, or null when it was not (or is no longer remembered)
     * @param atNanos  the time of this look, on the clock of {@link Sighting#sinceNanos()} ({@link System#nanoTime()})
     */
    public Verdict decide(Sighting pending, State now, State sent, long atNanos) {
        if (now == null) {
            return Verdict.VANISHED;
        }
        if (pending == null) {
            if (sent == null) {
                return Verdict.NEW;
            }
            return sent.equals(now) ? Verdict.UNCHANGED_SINCE_SENT : Verdict.CHANGED_SINCE_SENT;
        }
        if (!pending.state().equals(now)) {
            return Verdict.CHANGING;
        }
        return atNanos - pending.sinceNanos() >= settle.toNanos() ? Verdict.SETTLED : Verdict.WAITING;
    }
}
