package dev.uploader.cluster;

import dev.uploader.engine.PlannedFile;
import dev.uploader.engine.SourceProblem;
import dev.uploader.engine.TransferException;
import dev.uploader.engine.UploadJob;
import dev.uploader.metrics.ClusterMetrics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cluster's sender: runs the streaming plan of a job (its source against its destination, S3 Inventory where
 * given) and puts one order on the queue per object that needs to move; objects sent in one request share an order
 * (up to {@code perMessage}). Each order carries the part size of the plan, so that every worker cuts the object
 * alike. Orders and batches are cut by the bytes of their JSON, within the queue's MaximumMessageSize. Batches go as
 * they fill, several at once; every entry the queue refused is sent again, and the sender ends when the plan has
 * ended and every order is on the queue, without waiting for the workers.
 */
public final class Sender {
    private static final Logger LOG = LoggerFactory.getLogger(Sender.class);
    /**
     * The most bytes of a message and of a batch request, whatever the queue allows: SQS takes up to 1 MiB of both
     * (256 KiB before 2025, and still on queues created then); a queue's smaller MaximumMessageSize is kept too.
     */
    static final int MAX_BODY = 200 * 1024;
    static final int BATCH = 10;
    private static final int SEND_ATTEMPTS = 8;

    /** What the sender did. */
    public record Summary(long objectsQueued, long bytesQueued, long messages, long skipped, long problems, long unsent,
                          long sendRetries, Duration elapsed, List<String> firstProblems) {
    }

    /** The order every message of this plan is cut from: the job's source and destination. */
    public record Route(dev.uploader.config.JobType type, String source, String sourcePrefix, String destination, String destinationPrefix) {

        /** The source and destination a job's config names: its bucket or (absolute) folder and prefixes. */
        public static Route of(dev.uploader.config.JobConfig job) {
            return switch (job.jobType()) {
                case S3_TO_S3 -> new Route(job.jobType(), job.s3Source().bucket(), job.s3Source().prefix(), job.desBucket(), job.s3Prefix());
                case ALIOSS_TO_S3 -> new Route(job.jobType(), job.ossSource().bucket(), job.ossSource().prefix(), job.desBucket(),
                        job.s3Prefix());
                default -> new Route(job.jobType(), job.srcDir().toAbsolutePath().normalize().toString(), "", job.desBucket(), job.s3Prefix());
            };
        }
    }

    private final WorkQueue queue;
    private final ClusterMetrics metrics;
    private final int perMessage;
    private final int sendersAtOnce;
    private final Consumer<String> say;
    private final AtomicLong queued = new AtomicLong();
    private final AtomicLong skipped = new AtomicLong();
    private final AtomicLong problems = new AtomicLong();

    public Sender(WorkQueue queue, ClusterMetrics metrics, int perMessage, int sendersAtOnce, Consumer<String> say) {
        if (perMessage < 1 || sendersAtOnce < 1) {
            throw new IllegalArgumentException("perMessage and sendersAtOnce at least 1");
        }
        this.queue = queue;
        this.metrics = metrics;
        this.perMessage = perMessage;
        this.sendersAtOnce = sendersAtOnce;
        this.say = say;
    }

    /** Objects queued, skipped and refused so far by the send under way (for a progress line). */
    public long[] progress() {
        return new long[] {queued.get(), skipped.get(), problems.get()};
    }

    /** @throws TransferException.Fatal when the queue, the source or the destination cannot be reached, in words */
    public Summary send(UploadJob plan, Route route) {
        long started = System.nanoTime();
        queue.checkAccess();
        int limit = Math.min(MAX_BODY, queue.maximumMessageSize());
        queued.set(0);
        skipped.set(0);
        problems.set(0);
        AtomicLong bytes = new AtomicLong();
        AtomicLong messages = new AtomicLong();
        AtomicLong unsent = new AtomicLong();
        AtomicLong retries = new AtomicLong();
        AtomicReference<TransferException.Fatal> fatal = new AtomicReference<>();
        List<String> firstProblems = java.util.Collections.synchronizedList(new ArrayList<>());
        ExecutorService senders = Executors.newFixedThreadPool(sendersAtOnce, new NamedThreads("send"));
        // batches waiting or in flight, at most: the plan waits for the queue rather than filling memory
        Semaphore waiting = new Semaphore(sendersAtOnce * 2);
        Batcher batcher = new Batcher(route, limit, (order, size) -> {
            unsent.addAndGet(order.items().size());
            String words = "not queued: " + order.describeSource() + " " + order.items().get(0).name() + " needs a message of " + size
                    + " bytes, more than the " + limit + " bytes of a message to " + queue.describe() + ": "
                    + (limit < MAX_BODY ? "raise the queue's MaximumMessageSize" : "its name is too long for a queue message");
            LOG.error("{}", words);
            say.accept(words);
        }, batch -> {
            if (fatal.get() != null) {
                throw fatal.get();
            }
            try {
                waiting.acquire();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new TransferException.Fatal("interrupted", e);
            }
            senders.execute(() -> {
                try {
                    long[] result = sendAll(batch, retries);
                    messages.addAndGet(result[0]);
                    queued.addAndGet(result[1]);
                    bytes.addAndGet(result[2]);
                    unsent.addAndGet(result[3]);
                    metrics.messagesSent(result[0]);
                    metrics.objectsQueued(result[1]);
                } catch (TransferException.Fatal e) {
                    fatal.compareAndSet(null, e);
                } catch (RuntimeException e) {
                    LOG.error("sending a batch failed", e);
                    fatal.compareAndSet(null, new TransferException.Fatal("sending to the queue failed: " + e.getMessage(), e));
                } finally {
                    waiting.release();
                }
            });
        });
        try {
            plan.plan(new UploadJob.PlanSink() {
                @Override
                public void planned(PlannedFile f) {
                    switch (f.action()) {
                        case UPLOAD -> {
                            if (TransferOrders.hasDotPart(f.entry().relativePath())) {
                                problem(f.entry().relativePath() + ": a key with a '.' or '..' part, which a store or proxy may resolve"
                                        + " outside the prefix: not queued; copy such keys with a job of their own");
                            } else {
                                batcher.add(f);
                            }
                        }
                        case SKIP -> skipped.incrementAndGet();
                        default -> problem(f.entry().relativePath() + ": " + f.reason());
                    }
                }

                @Override
                public void problem(SourceProblem problem) {
                    problem(problem.path() + ": " + problem.reason());
                }

                private void problem(String words) {
                    problems.incrementAndGet();
                    LOG.warn("not queued: {}", words);
                    if (firstProblems.size() < 20) {
                        firstProblems.add(words);
                    }
                }
            });
            batcher.flush();
        } finally {
            senders.shutdown();
            try {
                while (!senders.awaitTermination(1, TimeUnit.SECONDS)) {
                    // every call has a deadline: the senders end
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (fatal.get() != null) {
            throw fatal.get();
        }
        return new Summary(queued.get(), bytes.get(), messages.get(), skipped.get(), problems.get(), unsent.get(), retries.get(),
                Duration.ofNanos(System.nanoTime() - started), List.copyOf(firstProblems));
    }

    /**
     * Sends one batch until every entry is on the queue: the entries the queue refused for a passing reason go again
     * after a pause, up to {@value #SEND_ATTEMPTS} times; an entry it refuses as the sender's fault is said.
     *
     * @return messages sent, objects in them, their bytes, objects never sent
     */
    private long[] sendAll(List<TransferOrder> batch, AtomicLong retries) {
        List<TransferOrder> left = new ArrayList<>(batch);
        long[] done = new long[4];
        for (int attempt = 1; !left.isEmpty(); attempt++) {
            List<String> bodies = left.stream().map(TransferOrders::toJson).toList();
            List<WorkQueue.Refused> refused;
            try {
                refused = queue.sendBatch(bodies);
            } catch (TransferException.Retryable e) {
                if (attempt >= SEND_ATTEMPTS) {
                    throw new TransferException.Fatal("the queue took no message after " + SEND_ATTEMPTS + " tries: " + e.getMessage(), e);
                }
                retries.addAndGet(left.size());
                metrics.sendRetried(left.size());
                pause(attempt);
                continue;
            }
            List<TransferOrder> again = new ArrayList<>();
            boolean[] failed = new boolean[left.size()];
            for (WorkQueue.Refused r : refused) {
                failed[r.index()] = true;
                TransferOrder order = left.get(r.index());
                if (r.senderFault() || attempt >= SEND_ATTEMPTS) {
                    done[3] += order.items().size();
                    String words = "the queue refused an order of " + order.items().size() + " objects from " + order.describeSource()
                            + " (first " + order.items().get(0).name() + "): " + r.reason();
                    LOG.error("{}", words);
                    say.accept(words);
                } else {
                    again.add(order);
                }
            }
            for (int i = 0; i < left.size(); i++) {
                if (!failed[i]) {
                    TransferOrder order = left.get(i);
                    done[0]++;
                    done[1] += order.items().size();
                    done[2] += order.items().stream().mapToLong(it -> Math.max(0, it.size())).sum();
                }
            }
            if (!again.isEmpty()) {
                retries.addAndGet(again.size());
                metrics.sendRetried(again.size());
                LOG.warn("the queue refused {} of {} entries of a batch for now; sending them again", again.size(), left.size());
                pause(attempt);
            }
            left = again;
        }
        return done;
    }

    private static void pause(int attempt) {
        try {
            Thread.sleep(Math.min(10_000, 200L << Math.min(6, attempt)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TransferException.Fatal("interrupted", e);
        }
    }

    /** An order that cannot go in one message, even alone, and its bytes. */
    private interface TooBig {
        void order(TransferOrder order, int bytes);
    }

    /**
     * Cuts planned objects into orders and orders into batches of at most ten messages, by the bytes of their JSON:
     * no message and no batch request is more than {@code limit}. Objects that go in one request share an order of at
     * most a quarter of it, so that a batch carries several.
     */
    private final class Batcher {
        private final Route route;
        private final int limit;
        private final TooBig tooBig;
        private final Consumer<List<TransferOrder>> ready;
        private final List<TransferOrder.Item> small = new ArrayList<>();
        private long smallPartSize;
        private int smallBytes;
        private final List<TransferOrder> batch = new ArrayList<>();
        private int batchBytes;

        Batcher(Route route, int limit, TooBig tooBig, Consumer<List<TransferOrder>> ready) {
            this.route = route;
            this.limit = limit;
            this.tooBig = tooBig;
            this.ready = ready;
        }

        void add(PlannedFile f) {
            TransferOrder.Item item = new TransferOrder.Item(f.entry().relativePath(), f.entry().size(), f.entry().etag(), false);
            long partSize = f.layout().partSize();
            if (!f.layout().singleRequest()) {
                order(List.of(item), partSize);
                return;
            }
            int added = TransferOrders.addedBytes(item);
            if (!small.isEmpty() && (small.size() >= perMessage || smallBytes + added > limit / 4 || partSize != smallPartSize)) {
                flushSmall();
            }
            smallBytes = small.isEmpty() ? TransferOrders.jsonBytes(orderOf(List.of(item), partSize)) : smallBytes + added;
            small.add(item);
            smallPartSize = partSize;
        }

        private void flushSmall() {
            if (!small.isEmpty()) {
                order(List.copyOf(small), smallPartSize);
                small.clear();
                smallBytes = 0;
            }
        }

        private TransferOrder orderOf(List<TransferOrder.Item> items, long partSize) {
            return new TransferOrder(route.type(), route.source(), route.sourcePrefix(), route.destination(), route.destinationPrefix(),
                    partSize, items);
        }

        private void order(List<TransferOrder.Item> items, long partSize) {
            TransferOrder order = orderOf(items, partSize);
            int bytes = TransferOrders.jsonBytes(order);
            if (bytes > limit) {
                if (items.size() == 1) {
                    tooBig.order(order, bytes);
                    return;
                }
                order(items.subList(0, items.size() / 2), partSize);
                order(items.subList(items.size() / 2, items.size()), partSize);
                return;
            }
            if (!batch.isEmpty() && (batch.size() >= BATCH || batchBytes + bytes > limit)) {
                flushBatch();
            }
            batch.add(order);
            batchBytes += bytes;
        }

        private void flushBatch() {
            if (!batch.isEmpty()) {
                ready.accept(List.copyOf(batch));
                batch.clear();
                batchBytes = 0;
            }
        }

        void flush() {
            flushSmall();
            flushBatch();
        }
    }
}
