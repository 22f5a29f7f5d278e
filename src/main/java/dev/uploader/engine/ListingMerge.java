package dev.uploader.engine;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The streaming plan's first half: the source's listing and the destination's, both in {@link KeyOrder}, merged as
 * they arrive, so that each source entry goes on with the object of its key (or none) at once and memory does not
 * grow with the number of objects. The destination is listed on a thread of its own into a bounded queue.
 *
 * <p>Up to {@value #HEAD_INSTEAD_OF_LIST} entries are looked up by HEAD instead of listing the destination prefix.
 * A listing found out of order (a store that does not sort, a source that does not) is not trusted for matching:
 * the entries concerned are looked up by HEAD, so a disorder costs requests, never a wrong skip. A key with a
 * character whose place differs between UTF-8 and UTF-16 order, found absent by the order, is asked by HEAD too.
 */
final class ListingMerge {
    private static final Logger LOG = LoggerFactory.getLogger(ListingMerge.class);
    static final int HEAD_INSTEAD_OF_LIST = 8;
    /** Destination objects listed ahead of the merge, at most. */
    private static final int AHEAD = 4096;
    /** Folders of the destination prefix listed at once, and the objects each holds ahead of the merge, at most. */
    static final int FOLDERS_AT_ONCE = 4;
    private static final int FOLDER_AHEAD = 1024;

    /** A source entry, its key, the object there now (or null), or why the store refused the key. */
    record Pairing(SourceEntry entry, String key, RemoteObject there, String refused) {
    }

    private final Source source;
    private final ObjectStore store;
    private final String prefix;
    private final RetryPolicy retry;
    private final dev.uploader.engine.select.SourceFilter filter;
    private final BooleanSupplier stop;

    private Consumer<Pairing> pairs;
    private List<SourceEntry> firstFew = new ArrayList<>();
    private DestinationStream destination;
    private RemoteObject head;
    private String lastDestination;
    private String lastSourceKey;
    private boolean headEach;
    private long excluded;
    private long excludedFolders;

    /**
     * @param filter which entries move; the others are left out before anything is asked, and folders it excludes
     *               whole are not walked
     * @param stop     true when the job stops: the listings end at once
     */
    ListingMerge(Source source, ObjectStore store, String prefix, RetryPolicy retry, dev.uploader.engine.select.SourceFilter filter,
                 BooleanSupplier stop) {
        this.source = source;
        this.store = store;
        this.prefix = prefix;
        this.retry = retry;
        this.filter = filter;
        this.stop = stop;
        // a short list of names (--files-from, a retry of failures) is looked up one by one: listing a prefix of
        // millions of objects to find a few would cost far more
        if (source instanceof ListedSource listed && listed.size() <= LOOK_UP_LISTED) {
            firstFew = null;
            headEach = true;
        }
    }

    /** Up to this many names of a list are looked up by HEAD rather than merged with the destination's listing. */
    static final int LOOK_UP_LISTED = 2_000;

    /**
     * Lists and merges; returns when both listings are over.
     *
     * @throws Stopped when the job stops
     * @throws TransferException when a listing fails for good
     */
    void run(Consumer<Pairing> pairs, Consumer<SourceProblem> problems) {
        this.pairs = pairs;
        try {
            try {
                listSource(problems);
            } catch (Downstream d) {
                // a failure of the merge (a HEAD, the destination's listing) or of the consumer: the job's, as it is
                if (d.getCause() instanceof Error error) {
                    throw error;
                }
                throw (RuntimeException) d.getCause();
            }
            if (firstFew != null) {
                for (SourceEntry e : firstFew) {
                    pairs.accept(lookUp(e, ObjectKeys.join(prefix, e.relativePath())));
                }
            }
        } finally {
            if (destination != null) {
                destination.close();
            }
        }
    }

    /**
     * The passes of a listing that is started again after it failed half way: a later pass skips what an earlier one
     * passed on (up to the greatest key passed on, the listing being in key order).
     */
    private static final class Passes {
        private int pass;
        private String last;

        /** Starts a pass; returns its number, 1 for the first. */
        int next() {
            return ++pass;
        }

        /** Whether a pass after the first has this key already from an earlier one. */
        boolean given(int thisPass, String key) {
            return thisPass > 1 && last != null && KeyOrder.INSTANCE.compare(key, last) <= 0;
        }

        void passedOn(String key) {
            if (last == null || KeyOrder.INSTANCE.compare(key, last) > 0) {
                last = key;
            }
        }
    }

    /** A failure downstream of the source listing, carried through it unchanged (not retried as the listing's). */
    private static final class Downstream extends RuntimeException {
        Downstream(Throwable cause) {
            super(cause.getMessage(), cause, false, false);
        }
    }

    /** Entries the filters left out. */
    long excluded() {
        return excluded;
    }

    /** Folders the filters excluded whole: not walked. */
    long excludedFolders() {
        return excludedFolders;
    }

    private void listSource(Consumer<SourceProblem> problems) {
        // a listing that fails half way is started again; what was passed on already is not passed on again
        Passes passes = new Passes();
        Set<String> said = new HashSet<>();
        retry.call("list " + source.describe(), () -> {
            int thisPass = passes.next();
            source.list(e -> {
                if (stop.getAsBoolean()) {
                    throw new Stopped();
                }
                if (passes.given(thisPass, e.relativePath())) {
                    return;
                }
                try {
                    accept(e);
                } catch (Stopped stopped) {
                    throw stopped;
                } catch (RuntimeException | Error failure) {
                    // not the source listing's failure: never a reason to list the source again
                    throw new Downstream(failure);
                }
                // passed on: a listing started again after a failure of its own goes on after this entry
                passes.passedOn(e.relativePath());
            }, p -> {
                if ((p.path() == null || filter.mayConcern(p.path())) && said.add(p.path() + "\n" + p.reason())) {
                    problems.accept(p);
                }
            }, folder -> {
                boolean enter = filter.mayEnter(folder);
                if (!enter && thisPass == 1) {
                    excludedFolders++;
                }
                return enter;
            });
            return null;
        });
    }

    private void accept(SourceEntry e) {
        if (!filter.accepts(e)) {
            excluded++;
            return;
        }
        if (firstFew != null) {
            firstFew.add(e);
            if (firstFew.size() <= HEAD_INSTEAD_OF_LIST) {
                return;
            }
            List<SourceEntry> few = firstFew;
            firstFew = null;
            destination = new DestinationStream(ObjectKeys.listingPrefix(prefix));
            few.forEach(this::merge);
            return;
        }
        merge(e);
    }

    private void merge(SourceEntry e) {
        String key = ObjectKeys.join(prefix, e.relativePath());
        if (headEach) {
            pairs.accept(lookUp(e, key));
            return;
        }
        if (lastSourceKey != null && KeyOrder.INSTANCE.compare(key, lastSourceKey) < 0) {
            // the destination listing may have gone past this key already
            LOG.info("{}: the source listed it out of order; looked up by HEAD", key);
            pairs.accept(lookUp(e, key));
            return;
        }
        lastSourceKey = key;
        while (true) {
            if (head == null) {
                head = nextDestination();
                if (headEach) {
                    pairs.accept(lookUp(e, key));
                    return;
                }
                if (head == null) {
                    break;
                }
            }
            int c = KeyOrder.INSTANCE.compare(head.key(), key);
            if (c > 0) {
                break;
            }
            RemoteObject there = head;
            head = null;
            if (c == 0) {
                pairs.accept(new Pairing(e, key, there, null));
                return;
            }
        }
        // a store that sorts by UTF-16 units (S3Proxy's, Java's String order) lists a key of a character above U+FFFF
        // before one of U+E000..U+FFFF: such a key's absence is asked by HEAD rather than taken from the order
        pairs.accept(orderAmbiguous(key) ? lookUp(e, key) : new Pairing(e, key, null, null));
    }

    /** Whether the key has a character whose place differs between UTF-8 and UTF-16 order (U+E000 and above). */
    static boolean orderAmbiguous(String key) {
        for (int i = 0; i < key.length(); i++) {
            if (key.charAt(i) >= '\uD800') {
                return true;
            }
        }
        return false;
    }

    /** The next destination object, or null at the end; a key out of order switches to HEAD for the rest. */
    private RemoteObject nextDestination() {
        RemoteObject o = destination.next();
        if (o != null && lastDestination != null && KeyOrder.INSTANCE.compare(o.key(), lastDestination) < 0) {
            LOG.warn("{} listed {} after {}: its listing is not in key order, so each object is looked up by HEAD instead",
                    store.describe(), o.key(), lastDestination);
            headEach = true;
            destination.close();
            return null;
        }
        if (o != null) {
            lastDestination = o.key();
        }
        return o;
    }

    private Pairing lookUp(SourceEntry e, String key) {
        try {
            return new Pairing(e, key, retry.call("look up " + key, () -> store.head(key)).orElse(null), null);
        } catch (TransferException.Rejected | TransferException.Unsupported refused) {
            // the store refuses this key (a name it cannot take ...): this file fails, the others go on
            return new Pairing(e, key, null, "the store refused the key: " + refused.getMessage());
        } catch (TransferException.Retryable failed) {
            // whether the object is there cannot be told: this file fails in words, the others go on
            return new Pairing(e, key, null, failed.getMessage());
        }
    }

    /** The destination's listing, read ahead on its own thread into a bounded queue. */
    private final class DestinationStream implements AutoCloseable {
        private final Object end = new Object();
        private final BlockingQueue<Object> queue = new ArrayBlockingQueue<>(AHEAD);
        private final Thread thread;
        private volatile boolean closed;
        private boolean over;

        DestinationStream(String listing) {
            RetryPolicy listingRetry = retry.alsoStoppedBy(() -> closed);
            thread = new Thread(() -> {
                Object last;
                try {
                    java.util.Optional<StoreLevel> level = level(listing, listingRetry);
                    if (level.isPresent() && level.get().folders().size() >= 2) {
                        byFolders(level.get(), listingRetry);
                    } else {
                        listAll(listing, listingRetry, this::put);
                    }
                    last = end;
                } catch (RuntimeException e) {
                    last = e;
                } catch (Error e) {
                    last = new IllegalStateException("listing " + store.describe() + " failed: " + e, e);
                }
                try {
                    if (!closed) {
                        put(last);
                    }
                } catch (Stopped ending) {
                    // the merge is over: nobody reads the end
                }
            }, "list-destination");
            thread.setDaemon(true);
            thread.start();
        }

        /** The prefix's first level, or empty when it does not fit a page or the store cannot say (then one listing). */
        private java.util.Optional<StoreLevel> level(String listing, RetryPolicy listingRetry) {
            try {
                return listingRetry.call("list the folders of " + store.describe() + "/" + listing, () -> store.firstLevel(listing));
            } catch (TransferException.Fatal fatal) {
                throw fatal;
            } catch (TransferException notSo) {
                LOG.info("{}: no folder listing ({}); listed at once", store.describe(), notSo.getMessage());
                return java.util.Optional.empty();
            }
        }

        /** Every object below {@code listing}, in the store's order; a listing failed half way goes on after the last. */
        private void listAll(String listing, RetryPolicy listingRetry, Consumer<RemoteObject> sink) {
            Passes passes = new Passes();
            listingRetry.call("list " + store.describe() + "/" + listing, () -> {
                int thisPass = passes.next();
                store.listObjects(listing, o -> {
                    if (passes.given(thisPass, o.key())) {
                        return;
                    }
                    passes.passedOn(o.key());
                    sink.accept(o);
                });
                return null;
            });
        }

        /**
         * The level's objects and, folder by folder, each folder's objects, in key order (a folder's keys all sort
         * between the keys around its prefix), with {@value #FOLDERS_AT_ONCE} folders listed at once, each into a
         * bounded queue of its own. A store that walks a whole prefix for every page (S3Proxy's) does far less work,
         * and any store answers several listings at once.
         */
        private void byFolders(StoreLevel level, RetryPolicy listingRetry) {
            List<Object> items = new ArrayList<>(level.objects());
            items.addAll(level.folders());
            items.sort((a, b) -> KeyOrder.INSTANCE.compare(a instanceof RemoteObject o ? o.key() : (String) a,
                    b instanceof RemoteObject o ? o.key() : (String) b));
            List<String> folders = items.stream().filter(i -> i instanceof String).map(i -> (String) i).toList();
            java.util.concurrent.ExecutorService listers = java.util.concurrent.Executors.newFixedThreadPool(FOLDERS_AT_ONCE, r -> {
                Thread t = new Thread(r, "list-destination-folder");
                t.setDaemon(true);
                return t;
            });
            java.util.ArrayDeque<BlockingQueue<Object>> ahead = new java.util.ArrayDeque<>();
            int started = 0;
            int current = 0;
            try {
                for (Object item : items) {
                    if (item instanceof RemoteObject o) {
                        put(o);
                        continue;
                    }
                    while (started < folders.size() && started < current + FOLDERS_AT_ONCE) {
                        String folder = folders.get(started++);
                        BlockingQueue<Object> queue = new ArrayBlockingQueue<>(FOLDER_AHEAD);
                        ahead.addLast(queue);
                        listers.execute(() -> {
                            Object last = end;
                            try {
                                listAll(folder, listingRetry, o -> offer(queue, o));
                            } catch (RuntimeException e) {
                                last = e;
                            } catch (Error e) {
                                last = new IllegalStateException("listing " + store.describe() + "/" + folder + " failed: " + e, e);
                            }
                            try {
                                offer(queue, last);
                            } catch (Stopped ending) {
                                // nobody reads it any more
                            }
                        });
                    }
                    BlockingQueue<Object> queue = ahead.removeFirst();
                    current++;
                    for (Object o = take(queue); o != end; o = take(queue)) {
                        if (o instanceof RuntimeException failure) {
                            throw failure;
                        }
                        put(o);
                    }
                }
            } finally {
                foldersOver = true;
                listers.shutdownNow();
            }
        }

        private volatile boolean foldersOver;

        private void offer(BlockingQueue<Object> queue, Object o) {
            try {
                while (!queue.offer(o, 200, TimeUnit.MILLISECONDS)) {
                    if (closed || foldersOver || stop.getAsBoolean()) {
                        throw new Stopped();
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new Stopped();
            }
        }

        private Object take(BlockingQueue<Object> queue) {
            try {
                while (true) {
                    Object o = queue.poll(200, TimeUnit.MILLISECONDS);
                    if (o != null) {
                        return o;
                    }
                    if (closed || stop.getAsBoolean()) {
                        throw new Stopped();
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new Stopped();
            }
        }

        private void put(Object o) {
            try {
                while (!queue.offer(o, 200, TimeUnit.MILLISECONDS)) {
                    if (closed || stop.getAsBoolean()) {
                        throw new Stopped();
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new Stopped();
            }
        }

        /** The next object, or null at the end of the listing. */
        RemoteObject next() {
            if (over) {
                return null;
            }
            try {
                while (true) {
                    Object o = queue.poll(200, TimeUnit.MILLISECONDS);
                    if (o == null) {
                        if (stop.getAsBoolean()) {
                            throw new Stopped();
                        }
                        if (!thread.isAlive() && queue.isEmpty()) {
                            over = true;
                            throw new IllegalStateException("the listing of " + store.describe() + " ended without its last page");
                        }
                        continue;
                    }
                    if (o == end) {
                        over = true;
                        return null;
                    }
                    if (o instanceof RuntimeException failure) {
                        over = true;
                        throw failure;
                    }
                    return (RemoteObject) o;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new Stopped();
            }
        }

        @Override
        public void close() {
            closed = true;
            over = true;
            queue.clear();
        }
    }
}
