package dev.uploader.cluster;

import dev.uploader.config.BucketPair;
import dev.uploader.config.JobConfig;
import dev.uploader.engine.BandwidthLimiter;
import dev.uploader.engine.FileOutcome;
import dev.uploader.engine.JobResult;
import dev.uploader.engine.Lease;
import dev.uploader.engine.MemoryBudget;
import dev.uploader.engine.ObjectKeys;
import dev.uploader.engine.ResumeLedger;
import dev.uploader.engine.TransferException;
import dev.uploader.engine.UploadJob;
import dev.uploader.storage.JobStores;
import dev.uploader.storage.S3ClientFactory;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Runs orders with the engine over the stores of the worker's own config: the order names the buckets (or folder) and
 * prefixes, the config the endpoints, profiles and settings. Stores are opened once per source and destination and
 * kept for the worker's life. Remote sources keep their resume records in the destination bucket, so that the worker
 * that takes over an interrupted upload proves its parts as the one that started it would have.
 */
public final class StoreOrderRunner implements OrderRunner {
    private final JobConfig config;
    private final S3ClientFactory clients;
    private final String resumePrefix;
    private final boolean serverSideCopy;
    private final BandwidthLimiter limiter;
    private final MemoryBudget memory;
    private final Map<Route, JobStores> open = new HashMap<>();

    /** A source and destination an order may name: the config's job, or one of its bucket pairs. */
    private record Route(String source, String sourcePrefix, String destination, String destinationPrefix) {
        static Route of(TransferOrder order) {
            return new Route(order.source(), ObjectKeys.normalizePrefix(order.sourcePrefix()), order.destination(),
                    ObjectKeys.normalizePrefix(order.destinationPrefix()));
        }

        String describe() {
            return source + (sourcePrefix.isEmpty() ? "" : "/" + sourcePrefix) + " -> " + destination
                    + (destinationPrefix.isEmpty() ? "" : "/" + destinationPrefix);
        }
    }

    /** What this worker's config lets an order move: no message widens what it reads or where it writes. */
    private final java.util.Set<Route> allowed = new java.util.HashSet<>();

    /**
     * @param resumePrefix where resume records of remote sources are kept in each destination bucket
     * @param limiter      the worker's bandwidth limit, shared by every order it runs
     * @param memory       the worker's memory budget, shared likewise
     */
    public StoreOrderRunner(JobConfig config, S3ClientFactory clients, String resumePrefix, boolean serverSideCopy, BandwidthLimiter limiter,
                            MemoryBudget memory) {
        this.config = config;
        this.clients = clients;
        this.resumePrefix = resumePrefix;
        this.serverSideCopy = serverSideCopy;
        this.limiter = limiter;
        this.memory = memory;
        if (config.pairs().isEmpty()) {
            allowed.add(routeOf(config));
        } else {
            config.pairs().forEach(p -> allowed.add(routeOf(config.forPair(p))));
        }
    }

    private static Route routeOf(JobConfig job) {
        Sender.Route named = Sender.Route.of(job);
        return new Route(named.source(), ObjectKeys.normalizePrefix(named.sourcePrefix()), named.destination(),
                ObjectKeys.normalizePrefix(named.destinationPrefix()));
    }

    /**
     * Before a worker takes any message: every source and destination an order may name can be reached with this worker's
     * keys (the check a job makes, and a bucket source listed up to its first entry), and a shared folder is mounted. A
     * worker that cannot would fail every order and hand each back until SQS moved the whole queue to the dead-letter queue.
     *
     * @throws TransferException in words
     */
    public void checkAccess() {
        for (Route route : allowed) {
            if (config.jobType() == dev.uploader.config.JobType.LOCAL_TO_S3) {
                checkShared(java.nio.file.Path.of(route.source()));
            }
            JobStores stores = stores(route);
            stores.newJob(dev.uploader.engine.ProgressListener.NONE, ResumeLedger.NONE, false).checkAccess();
            if (!stores.localSource()) {
                try {
                    stores.source().list(entry -> {
                        throw new FirstEntry();
                    }, problem -> {
                        throw new FirstEntry();
                    });
                } catch (FirstEntry seen) {
                    // the listing answered: keys, bucket, prefix and endpoint are right
                }
            }
        }
    }

    /** Ends a listing at its first entry: the listing itself, not its length, proves the source can be read. */
    private static final class FirstEntry extends RuntimeException {
        FirstEntry() {
            super(null, null, false, false);
        }
    }

    @Override
    public List<ObjectResult> run(TransferOrder order, Lease lease, Consumer<Runnable> stopper, java.util.function.LongConsumer onTheWire) {
        if (order.type() != config.jobType()) {
            throw new TransferException.Fatal("the order is " + order.type() + " but this worker's config is " + config.jobType()
                    + ": run it with a config of the sender's job type (its profiles and endpoints)", null);
        }
        Route route = Route.of(order);
        if (order.type() == dev.uploader.config.JobType.LOCAL_TO_S3) {
            route = new Route(java.nio.file.Path.of(order.source()).toAbsolutePath().normalize().toString(), "", route.destination(),
                    route.destinationPrefix());
        }
        if (!allowed.contains(route)) {
            throw new TransferException.Fatal("the order asks for " + route.describe() + ", which this worker's config does not name"
                    + " (its job or [BucketPairs]): run the workers with the sender's config and the same --bucket, --prefix, --des-prefix,"
                    + " --src-bucket or --pair options the sender was given", null);
        }
        if (order.type() == dev.uploader.config.JobType.LOCAL_TO_S3) {
            checkShared(java.nio.file.Path.of(route.source()));
        }
        JobStores stores = stores(route);
        Map<String, TransferOrder.Item> byName = new LinkedHashMap<>();
        order.items().forEach(i -> byName.merge(i.name(), i, (a, b) -> b.removed() ? a : b));
        List<ObjectResult> results = new ArrayList<>();
        List<String> copy = new ArrayList<>();
        for (TransferOrder.Item item : byName.values()) {
            if (stores.localSource() && !item.name().equals(dev.uploader.engine.ListedSource.normalize(item.name()))) {
                // a folder's names are paths below it: never "..", never another spelling of one
                results.add(new ObjectResult(item, source(order, item.name()), stores.destinationOf(item.name()), Outcome.FAILED,
                        "'" + item.name() + "' is not a file name below the folder", item.size(), 0, 0, 0, 0, null));
            } else if (!stores.localSource() && TransferOrders.hasDotPart(item.name())) {
                // a store or a proxy on the way may resolve "a/../b" to "b": outside the prefixes the config names
                results.add(new ObjectResult(item, source(order, item.name()), stores.destinationOf(item.name()), Outcome.FAILED,
                        "'" + item.name() + "' has a '.' or '..' part, which a store or proxy may resolve to a key outside the"
                                + " prefix: refused; copy such keys with a job of their own", item.size(), 0, 0, 0, 0, null));
            } else if (stores.leavesOutName(item.name())) {
                // the worker's own filters leave it out: neither copied nor, for a deletion event, deleted
                results.add(leftOut(stores, order, item));
            } else if (item.removed()) {
                removed(stores, order, item, lease).ifPresentOrElse(results::add, () -> copy.add(item.name()));
            } else {
                copy.add(item.name());
            }
        }
        if (copy.isEmpty()) {
            return results;
        }
        ResumeLedger ledger = stores.localSource() ? ResumeLedger.NONE : stores.ledgerInDestination(resumePrefix);
        UploadJob job = stores.newOrderJob(copy, "the message", ledger, serverSideCopy, order.partSize(),
                new UploadJob.Shared(lease, limiter, memory), new WireMeter(onTheWire));
        stopper.accept(job::stop);
        JobResult result = job.run();
        Map<String, FileOutcome> outcomes = new HashMap<>();
        for (FileOutcome o : result.files()) {
            outcomes.put(o.sourcePath(), o);
        }
        // the filters of the worker's config leave names out without an outcome of their own; when they are exactly the names
        // without one, those were left out on purpose (an S3 event of an excluded key, an age filter that a waiting message
        // crossed): settled, not failed, or the message would end in the dead-letter queue for nothing
        long missing = copy.stream().filter(n -> !outcomes.containsKey(n)).count();
        boolean leftOut = missing > 0 && result.fatalError() == null && !result.stoppedByUser() && missing == result.totals().excluded();
        for (String name : copy) {
            TransferOrder.Item item = byName.get(name);
            if (leftOut && !outcomes.containsKey(name)) {
                results.add(leftOut(stores, order, item));
            } else {
                results.add(result(stores, order, item, outcomes.get(name), result.fatalError()));
            }
        }
        return results;
    }

    private static ObjectResult leftOut(JobStores stores, TransferOrder order, TransferOrder.Item item) {
        return new ObjectResult(item, source(order, item.name()), stores.destinationOf(item.name()), Outcome.LEFT_OUT,
                "left out by the filters of this worker's config", item.size(), 0, 0, 0, 0, null);
    }

    /** Hands on the bytes a job sent since its last snapshot (snapshots come from one dispatcher thread). */
    private static final class WireMeter implements dev.uploader.engine.ProgressListener {
        private final java.util.function.LongConsumer sink;
        private long counted;

        WireMeter(java.util.function.LongConsumer sink) {
            this.sink = sink;
        }

        @Override
        public void progress(dev.uploader.engine.ProgressSnapshot snapshot) {
            long now = snapshot.bytesOnTheWire();
            if (now > counted) {
                sink.accept(now - counted);
                counted = now;
            }
        }
    }

    /** A deletion event: the destination's copy goes when the source has none now; otherwise the current object is copied. */
    private Optional<ObjectResult> removed(JobStores stores, TransferOrder order, TransferOrder.Item item, Lease lease) {
        String source = source(order, item.name());
        String destination = stores.destinationOf(item.name());
        try {
            if (stores.lookUp(item.name()).isPresent()) {
                return Optional.empty();
            }
            if (!lease.held()) {
                return Optional.of(new ObjectResult(item, source, destination, Outcome.LEASE_LOST, "the lease was lost before the delete",
                        0, 0, 0, 0, 0, null));
            }
            try {
                stores.deleteAtDestination(item.name());
            } finally {
                if (!lease.held()) {
                    // ended after the lease: it may have removed a copy another worker made meanwhile
                    lease.landedLate(stores.destinationKey(item.name()));
                }
            }
            if (stores.lookUp(item.name()).isPresent()) {
                // written again at the source while this deletion went on, and perhaps copied meanwhile by another worker whose
                // copy the delete just removed: the current object is copied
                return Optional.empty();
            }
            return Optional.of(new ObjectResult(item, source, destination, Outcome.DELETED, "deleted at the source: deleted here too",
                    0, 0, 0, 0, 0, null));
        } catch (TransferException e) {
            return Optional.of(new ObjectResult(item, source, destination, Outcome.FAILED, e.getMessage(), 0, 0, 0, 0, 0, null));
        }
    }

    private ObjectResult result(JobStores stores, TransferOrder order, TransferOrder.Item item, FileOutcome o, String fatal) {
        String source = source(order, item.name());
        String destination = stores.destinationOf(item.name());
        if (o == null) {
            return new ObjectResult(item, source, destination, Outcome.FAILED, fatal != null ? fatal : "not reached: the job ended before it",
                    item.size(), 0, 0, 0, 0, null);
        }
        return switch (o.status()) {
            case UPLOADED -> new ObjectResult(item, source, destination, Outcome.DONE, o.detail(), o.size(), o.bytesSent(), o.bytesReused(),
                    o.partsReused(), o.partCount(), o.proof() == null ? null : o.detail());
            case SKIPPED -> new ObjectResult(item, source, destination, Outcome.SKIPPED, o.detail(), o.size(), 0, 0, 0, 0, null);
            case FAILED -> {
                // the source gone is the one failure that ends the message: asked again, so a passing error is never taken for
                // it, and never when a mismatching object was left (that is said, and the message comes back)
                boolean gone;
                try {
                    gone = !o.mismatchLeft() && stores.lookUp(item.name()).isEmpty()
                            && (!stores.localSource() || provablyGoneFromShare(java.nio.file.Path.of(order.source()), item.name()));
                } catch (TransferException e) {
                    gone = false;
                }
                yield new ObjectResult(item, source, destination, gone ? Outcome.SOURCE_GONE : Outcome.FAILED,
                        gone ? "the source has no such object now: " + o.detail() : o.detail(), o.size(), o.bytesSent(), 0, 0, 0, null);
            }
        };
    }

    private static String source(TransferOrder order, String name) {
        String where = order.describeSource();
        return where.endsWith("/") ? where + name : where + "/" + name;
    }

    /**
     * A shared folder that is missing or empty here is a share not mounted on this worker, not a source whose files are
     * all gone: the order cannot run here, and its message comes back for a worker that has the share.
     */
    private static void checkShared(java.nio.file.Path folder) {
        if (!mounted(folder)) {
            throw new TransferException.Fatal("the shared folder " + folder + " is missing, empty or not answering on this worker: mount the share at the"
                    + " same path as on the sender", null);
        }
    }

    /**
     * Whether the folder holds anything, asked on a thread of its own: a dead hard NFS mount blocks the call in the kernel
     * for good, and a worker must still start or stop in words (not answered within 10 s counts as not mounted).
     */
    private static boolean mounted(java.nio.file.Path folder) {
        java.util.concurrent.CompletableFuture<Boolean> look = new java.util.concurrent.CompletableFuture<>();
        Thread t = new Thread(() -> {
            try (java.util.stream.Stream<java.nio.file.Path> entries = java.nio.file.Files.list(folder)) {
                look.complete(entries.findAny().isPresent());
            } catch (java.io.IOException | RuntimeException e) {
                look.complete(false);
            }
        }, "share-look");
        t.setDaemon(true);
        t.start();
        try {
            return look.get(10, java.util.concurrent.TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * A file missing from a shared folder is gone only while the share is still mounted (it may have been unmounted since
     * the order began) and when its name can be a file's at all: a name that is not valid UTF-8 on the sender's machine
     * reaches the worker with U+FFFD in it and is never found, though the file is there.
     */
    private static boolean provablyGoneFromShare(java.nio.file.Path folder, String name) {
        return name.indexOf('\uFFFD') < 0 && mounted(folder);
    }

    private synchronized JobStores stores(Route route) {
        JobStores stores = open.get(route);
        if (stores == null) {
            stores = JobStores.open(config.forPair(new BucketPair(route.source(), route.sourcePrefix(), route.destination(),
                    route.destinationPrefix())), clients);
            open.put(route, stores);
        }
        return stores;
    }

    @Override
    public synchronized void close() {
        open.values().forEach(JobStores::close);
        open.clear();
    }
}
