package dev.uploader.metrics;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Labels;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.OperatingSystemMXBean;
import java.lang.management.RuntimeMXBean;
import java.net.BindException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The Prometheus metrics of a worker or of the sender of the cluster mode, and the HTTP endpoint that serves them
 * ({@code /metrics}, plus the library's {@code /-/healthy}). Every series carries the constant label
 * {@code role="worker"} or {@code role="sender"}, so that one Prometheus job can scrape both.
 *
 * <p>Each instance has a registry of its own (never the library's default registry), so that two instances in one
 * process, as in the tests, do not see each other's counts. Besides the uploader's own series it reports a few of the
 * JVM's process series under their usual names, read from the JVM's management beans at each scrape:
 * {@code process_start_time_seconds}, {@code process_cpu_seconds_total} and {@code jvm_memory_used_bytes{area}}.
 *
 * <p>All methods may be called from many threads. Counting never blocks on the endpoint.
 */
public final class ClusterMetrics implements AutoCloseable {
    /** The outcomes {@link #jobFinished(String)} takes: the label values of {@code uploader_jobs_finished_total}. */
    public static final List<String> OUTCOMES = List.of("done", "skipped", "source_gone", "failed", "lease_lost", "handed_back", "ignored");

    private final String role;
    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final PrometheusTextFormatWriter text = PrometheusTextFormatWriter.create();
    private final Counter jobsReceived;
    private final Counter jobsFinished;
    private final Gauge jobsInFlight;
    private final Counter bytesSent;
    private final Counter bytesReused;
    private final Counter partsSent;
    private final Counter partsReused;
    private final Counter heartbeats;
    private final Counter leasesLost;
    private final Counter messagesSent;
    private final Counter sendRetries;
    private final Counter objectsQueued;
    private final Gauge queueMessages;
    private final Gauge deadLetterMessages;
    private HTTPServer server;

    /** @param role {@code worker} or {@code sender}: the {@code role} label of every series */
    public ClusterMetrics(String role) {
        if (role == null || role.isBlank()) {
            throw new IllegalArgumentException("the metrics need a role, such as worker or sender");
        }
        this.role = role;
        Labels labels = Labels.of("role", role);
        jobsReceived = counter("uploader_jobs_received_total", "Job messages received from the queue", labels);
        jobsFinished = counter("uploader_jobs_finished_total", "Jobs finished, by outcome", labels, "outcome");
        for (String outcome : OUTCOMES) {
            jobsFinished.initLabelValues(outcome);
        }
        jobsInFlight = Gauge.builder().name("uploader_jobs_in_flight").help("Jobs running now")
                .constLabels(labels).withoutExemplars().register(registry);
        bytesSent = counter("uploader_bytes_sent_total", "Bytes sent to the destination", labels);
        bytesReused = counter("uploader_bytes_reused_total", "Bytes of parts already at the destination, proven and not sent again", labels);
        partsSent = counter("uploader_parts_sent_total", "Parts sent to the destination", labels);
        partsReused = counter("uploader_parts_reused_total", "Parts already at the destination, proven and not sent again", labels);
        heartbeats = counter("uploader_heartbeats_total", "Visibility extensions of running jobs' messages, by result", labels, "result");
        heartbeats.initLabelValues("ok");
        heartbeats.initLabelValues("failed");
        leasesLost = counter("uploader_leases_lost_total", "Jobs stopped because their message's lease was lost", labels);
        messagesSent = counter("uploader_messages_sent_total", "Job messages sent to the queue", labels);
        sendRetries = counter("uploader_message_send_retries_total", "Job messages sent again after a failed batch entry", labels);
        objectsQueued = counter("uploader_objects_queued_total", "Objects put on the queue (a message may carry several)", labels);
        queueMessages = Gauge.builder().name("uploader_queue_messages")
                .help("Messages of the job queue as SQS last reported them, by state")
                .labelNames("state").constLabels(labels).withoutExemplars().register(registry);
        for (String state : List.of("visible", "in_flight", "delayed")) {
            queueMessages.initLabelValues(state);
        }
        deadLetterMessages = Gauge.builder().name("uploader_dead_letter_messages")
                .help("Visible messages of the dead-letter queue as SQS last reported them")
                .constLabels(labels).withoutExemplars().register(registry);
        registerProcessMetrics(labels);
    }

    private Counter counter(String name, String help, Labels constLabels, String... labelNames) {
        return Counter.builder().name(name).help(help).labelNames(labelNames).constLabels(constLabels).withoutExemplars().register(registry);
    }

    /** The JVM's basic process series, without the jvm instrumentation library: read from the management beans. */
    private void registerProcessMetrics(Labels labels) {
        RuntimeMXBean runtime = ManagementFactory.getRuntimeMXBean();
        GaugeWithCallback.builder().name("process_start_time_seconds").help("Start time of the process since the Unix epoch in seconds")
                .constLabels(labels).callback(c -> c.call(runtime.getStartTime() / 1000.0)).register(registry);
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean cpu) {
            CounterWithCallback.builder().name("process_cpu_seconds_total").help("Total user and system CPU time spent in seconds")
                    .constLabels(labels).callback(c -> {
                        long nanos = cpu.getProcessCpuTime();
                        if (nanos >= 0) {
                            c.call(nanos / 1e9);
                        }
                    }).register(registry);
        }
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        GaugeWithCallback.builder().name("jvm_memory_used_bytes").help("Used bytes of a given JVM memory area")
                .labelNames("area").constLabels(labels).callback(c -> {
                    c.call(memory.getHeapMemoryUsage().getUsed(), "heap");
                    c.call(memory.getNonHeapMemoryUsage().getUsed(), "nonheap");
                }).register(registry);
    }

    /**
     * Starts the HTTP endpoint: {@code http://host:port/metrics}.
     *
     * @param host the address to listen on (a name or IP); null or blank listens on all addresses
     * @param port the port; 0 takes any free port
     * @return the port it listens on
     * @throws IllegalStateException when the port is taken or the address cannot be listened on (the message names the
     *                               address and what to do), or when this instance already serves
     */
    public synchronized int serve(String host, int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("the metrics port " + port + " is not between 0 and 65535");
        }
        boolean anyHost = host == null || host.isBlank();
        String where = (anyHost ? "all addresses" : host) + " port " + port;
        if (server != null) {
            throw new IllegalStateException("the " + role + " metrics already listen on port " + server.getPort());
        }
        HTTPServer.Builder builder = HTTPServer.builder().registry(registry).port(port);
        if (!anyHost) {
            builder.hostname(host.strip());
        }
        HTTPServer started;
        try {
            started = builder.buildAndStart();
        } catch (BindException e) {
            String message = reason(e);
            String why;
            if (message.contains("in use")) {
                why = "the port is in use (another worker or program on this machine listens there); choose another port, or 0 for any free one";
            } else if (message.contains("Permission denied")) {
                why = "permission denied (ports below 1024 need administrator rights); choose a port above 1024";
            } else {
                why = anyHost ? message : message + "; is " + host + " an address of this machine?";
            }
            throw new IllegalStateException("cannot serve the " + role + " metrics on " + where + ": " + why, e);
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("cannot serve the " + role + " metrics on " + where + ": " + reason(e), e);
        }
        if (port != 0 && started.getPort() != port) {
            // the library's io.prometheus.exporter.httpServer.port property overrides the port given here
            int taken = started.getPort();
            started.close();
            throw new IllegalStateException("cannot serve the " + role + " metrics on " + where + ": the Prometheus property"
                    + " io.prometheus.exporter.httpServer.port (" + taken + ") overrides it; remove that property");
        }
        server = started;
        return started.getPort();
    }

    private static String reason(Exception e) {
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }

    /** A job message was received from the queue. */
    public void jobReceived() {
        jobsReceived.inc();
    }

    /**
     * A job finished.
     *
     * @param outcome one of {@link #OUTCOMES}
     * @throws IllegalArgumentException for any other word (a mistake in the caller, not in the job)
     */
    public void jobFinished(String outcome) {
        if (!OUTCOMES.contains(outcome)) {
            throw new IllegalArgumentException("\"" + outcome + "\" is not a job outcome; one of " + String.join(", ", OUTCOMES));
        }
        jobsFinished.labelValues(outcome).inc();
    }

    /** A job starts running: {@code uploader_jobs_in_flight} goes up until {@link #jobEnded()}. */
    public void jobStarted() {
        jobsInFlight.inc();
    }

    public void jobEnded() {
        jobsInFlight.dec();
    }

    /** @param n bytes, at least 0 */
    public void bytesSent(long n) {
        bytesSent.inc(n);
    }

    /** @param n bytes, at least 0 */
    public void bytesReused(long n) {
        bytesReused.inc(n);
    }

    public void partsSent(long n) {
        partsSent.inc(n);
    }

    public void partsReused(long n) {
        partsReused.inc(n);
    }

    /** A heartbeat (ChangeMessageVisibility of a running job's message) succeeded or failed. */
    public void heartbeat(boolean ok) {
        heartbeats.labelValues(ok ? "ok" : "failed").inc();
    }

    public void leaseLost() {
        leasesLost.inc();
    }

    /** The sender sent {@code n} messages (the entries of a batch that succeeded). */
    public void messagesSent(long n) {
        messagesSent.inc(n);
    }

    /** The sender sends {@code n} failed batch entries again. */
    public void sendRetried(long n) {
        sendRetries.inc(n);
    }

    /** The sender queued {@code n} objects. */
    public void objectsQueued(long n) {
        objectsQueued.inc(n);
    }

    /** The job queue's approximate message counts, as SQS's queue attributes gave them. */
    public void queueDepth(long visible, long inFlight, long delayed) {
        queueMessages.labelValues("visible").set(visible);
        queueMessages.labelValues("in_flight").set(inFlight);
        queueMessages.labelValues("delayed").set(delayed);
    }

    /** The dead-letter queue's approximate count of visible messages. */
    public void deadLetterDepth(long visible) {
        deadLetterMessages.set(visible);
    }

    /** Every series now, in Prometheus's text format (what {@code /metrics} serves), whether serving or not. */
    public String scrape() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(8192);
        try {
            text.write(out, registry.scrape());
        } catch (IOException e) {
            // it writes to memory
            throw new UncheckedIOException(e);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /** Stops the HTTP endpoint and frees its port; counting goes on. Calling it again, or without serving, does nothing. */
    @Override
    public synchronized void close() {
        if (server != null) {
            server.close();
            server = null;
        }
    }
}
