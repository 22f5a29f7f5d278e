package dev.uploader.engine.watch;

import dev.uploader.engine.watch.SettleRule.Sighting;
import dev.uploader.engine.watch.SettleRule.State;
import dev.uploader.engine.watch.SettleRule.Verdict;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The files of a watched folder that changed and have not settled yet, and what was last sent of the files sent
 * lately: the {@link SettleRule} applied look by look. Names are paths relative to the folder, {@code /} between
 * folders. Thread-safe (the watch loop and a rescan's listing both look).
 */
final class PendingFiles {
    /** Files remembered as sent at most: an event on one forgotten costs a lookup at the destination, nothing more. */
    static final int SENT_REMEMBERED = 10_000;

    private final SettleRule rule;
    private final Function<String, State> stat;
    private final Map<String, Sighting> pending = new HashMap<>();
    private final Map<String, State> sent = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, State> eldest) {
            return size() > SENT_REMEMBERED;
        }
    };

    /** @param stat a file's state now, or null when it is gone or not a regular file */
    PendingFiles(SettleRule rule, Function<String, State> stat) {
        this.rule = rule;
        this.stat = stat;
    }

    /** Something says the file may have changed (an event, a rescan): it is looked at now. */
    synchronized Verdict look(String name, long atNanos) {
        State now = stat.apply(name);
        Sighting before = pending.get(name);
        Verdict verdict = rule.decide(before, now, sent.get(name), atNanos);
        switch (verdict) {
            case NEW, CHANGED_SINCE_SENT, CHANGING -> pending.put(name, new Sighting(now, atNanos));
            case VANISHED -> pending.remove(name);
            default -> {
                // WAITING, SETTLED: the next round of settled() sends it; UNCHANGED_SINCE_SENT: nothing to do
            }
        }
        return verdict;
    }

    /**
     * Looks at every pending file again and takes out those that settled (and those that vanished).
     *
     * @return the settled files in name order, with the state they settled in
     */
    synchronized Map<String, State> settled(long atNanos) {
        Map<String, State> out = new TreeMap<>();
        for (Iterator<Map.Entry<String, Sighting>> it = pending.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, Sighting> e = it.next();
            State now = stat.apply(e.getKey());
            switch (rule.decide(e.getValue(), now, null, atNanos)) {
                case SETTLED -> {
                    out.put(e.getKey(), now);
                    it.remove();
                }
                case VANISHED -> it.remove();
                case CHANGING -> e.setValue(new Sighting(now, atNanos));
                default -> {
                    // WAITING
                }
            }
        }
        return out;
    }

    /** The file, in this state, is at the destination (sent now, or found there). */
    synchronized void sent(String name, State state) {
        sent.put(name, state);
    }

    synchronized boolean isPending(String name) {
        return pending.containsKey(name);
    }

    synchronized int size() {
        return pending.size();
    }

    /** The pending names, for messages and tests. */
    synchronized List<String> names() {
        return new ArrayList<>(new TreeMap<>(pending).keySet());
    }
}
