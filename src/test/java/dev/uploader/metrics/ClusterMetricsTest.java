package dev.uploader.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClusterMetricsTest {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void serve_anyPort_endpointShowsTheCounts() throws Exception {
        try (ClusterMetrics metrics = new ClusterMetrics("worker")) {
            int port = metrics.serve("127.0.0.1", 0);
            assertTrue(port > 0);

            metrics.jobReceived();
            metrics.jobReceived();
            metrics.jobReceived();
            metrics.jobStarted();
            metrics.jobStarted();
            metrics.jobEnded();
            metrics.jobFinished("done");
            metrics.jobFinished("done");
            metrics.jobFinished("lease_lost");
            metrics.bytesSent(5_368_709_120L);
            metrics.bytesReused(8_388_608);
            metrics.partsSent(640);
            metrics.partsReused(1);
            metrics.heartbeat(true);
            metrics.heartbeat(true);
            metrics.heartbeat(false);
            metrics.leaseLost();
            metrics.queueDepth(120, 7, 0);
            metrics.deadLetterDepth(2);

            HttpResponse<String> response = get(port, "/metrics");

            assertEquals(200, response.statusCode());
            String body = response.body();
            assertLine(body, "uploader_jobs_received_total{role=\"worker\"} 3.0");
            assertLine(body, "# TYPE uploader_jobs_received_total counter");
            assertLine(body, "uploader_jobs_finished_total{outcome=\"done\",role=\"worker\"} 2.0");
            assertLine(body, "uploader_jobs_finished_total{outcome=\"lease_lost\",role=\"worker\"} 1.0");
            // every outcome is there from the start, so that rate() sees its first one
            assertLine(body, "uploader_jobs_finished_total{outcome=\"source_gone\",role=\"worker\"} 0.0");
            assertLine(body, "uploader_jobs_in_flight{role=\"worker\"} 1.0");
            assertLine(body, "# TYPE uploader_jobs_in_flight gauge");
            assertLine(body, "uploader_bytes_sent_total{role=\"worker\"} 5.36870912E9");
            assertLine(body, "uploader_bytes_reused_total{role=\"worker\"} 8388608.0");
            assertLine(body, "uploader_parts_sent_total{role=\"worker\"} 640.0");
            assertLine(body, "uploader_parts_reused_total{role=\"worker\"} 1.0");
            assertLine(body, "uploader_heartbeats_total{result=\"ok\",role=\"worker\"} 2.0");
            assertLine(body, "uploader_heartbeats_total{result=\"failed\",role=\"worker\"} 1.0");
            assertLine(body, "uploader_leases_lost_total{role=\"worker\"} 1.0");
            assertLine(body, "uploader_queue_messages{role=\"worker\",state=\"visible\"} 120.0");
            assertLine(body, "uploader_queue_messages{role=\"worker\",state=\"in_flight\"} 7.0");
            assertLine(body, "uploader_queue_messages{role=\"worker\",state=\"delayed\"} 0.0");
            assertLine(body, "uploader_dead_letter_messages{role=\"worker\"} 2.0");
            assertTrue(body.contains("process_cpu_seconds_total{role=\"worker\"} "), body);
            assertTrue(body.contains("process_start_time_seconds{role=\"worker\"} "), body);
            assertTrue(body.contains("jvm_memory_used_bytes{area=\"heap\",role=\"worker\"} "), body);
            assertEquals(metrics.scrape().lines().filter(l -> l.startsWith("uploader_")).toList(),
                    body.lines().filter(l -> l.startsWith("uploader_")).toList());
        }
    }

    @Test
    void sender_itsCountsUnderItsRole() {
        try (ClusterMetrics metrics = new ClusterMetrics("sender")) {
            metrics.messagesSent(10);
            metrics.messagesSent(5);
            metrics.sendRetried(2);
            metrics.objectsQueued(40);

            String text = metrics.scrape();

            assertLine(text, "uploader_messages_sent_total{role=\"sender\"} 15.0");
            assertLine(text, "uploader_message_send_retries_total{role=\"sender\"} 2.0");
            assertLine(text, "uploader_objects_queued_total{role=\"sender\"} 40.0");
            assertFalse(text.contains("role=\"worker\""), text);
        }
    }

    @Test
    void twoInstances_ownRegistries_countsApart() {
        try (ClusterMetrics a = new ClusterMetrics("worker"); ClusterMetrics b = new ClusterMetrics("worker")) {
            a.jobReceived();

            assertLine(a.scrape(), "uploader_jobs_received_total{role=\"worker\"} 1.0");
            assertLine(b.scrape(), "uploader_jobs_received_total{role=\"worker\"} 0.0");
        }
    }

    @Test
    void serve_portTaken_illegalStateNamingThePortAndWhatToDo() {
        try (ClusterMetrics first = new ClusterMetrics("worker"); ClusterMetrics second = new ClusterMetrics("worker")) {
            int port = first.serve("127.0.0.1", 0);

            IllegalStateException e = assertThrows(IllegalStateException.class, () -> second.serve("127.0.0.1", port));

            assertEquals("cannot serve the worker metrics on 127.0.0.1 port " + port + ": the port is in use (another worker or"
                    + " program on this machine listens there); choose another port, or 0 for any free one", e.getMessage());
        }
    }

    @Test
    void close_freesThePort_anotherInstanceServesThere() throws Exception {
        int port;
        try (ClusterMetrics first = new ClusterMetrics("worker")) {
            port = first.serve("127.0.0.1", 0);
            assertEquals(200, get(port, "/metrics").statusCode());
        }
        assertThrows(IOException.class, () -> get(port, "/metrics"));

        try (ClusterMetrics second = new ClusterMetrics("sender")) {
            assertEquals(port, second.serve("127.0.0.1", port));
            second.objectsQueued(3);
            assertLine(get(port, "/metrics").body(), "uploader_objects_queued_total{role=\"sender\"} 3.0");
        }
    }

    @Test
    void serve_twice_illegalState() {
        try (ClusterMetrics metrics = new ClusterMetrics("worker")) {
            int port = metrics.serve("127.0.0.1", 0);

            IllegalStateException e = assertThrows(IllegalStateException.class, () -> metrics.serve("127.0.0.1", 0));

            assertEquals("the worker metrics already listen on port " + port, e.getMessage());
        }
    }

    @Test
    void close_withoutServingOrTwice_nothingHappens() {
        ClusterMetrics metrics = new ClusterMetrics("worker");
        metrics.close();
        metrics.serve("127.0.0.1", 0);
        metrics.close();
        metrics.close();
    }

    @Test
    void jobFinished_unknownOutcome_illegalArgumentListingTheWords() {
        try (ClusterMetrics metrics = new ClusterMetrics("worker")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> metrics.jobFinished("verified"));

            assertEquals("\"verified\" is not a job outcome; one of done, skipped, source_gone, failed, lease_lost, handed_back, ignored",
                    e.getMessage());
        }
    }

    @Test
    void serve_badPortOrRole_illegalArgument() {
        assertThrows(IllegalArgumentException.class, () -> new ClusterMetrics(" "));
        try (ClusterMetrics metrics = new ClusterMetrics("worker")) {
            assertThrows(IllegalArgumentException.class, () -> metrics.serve("127.0.0.1", 65536));
        }
    }

    @Test
    void outcomes_everyOneCounted() {
        try (ClusterMetrics metrics = new ClusterMetrics("worker")) {
            for (String outcome : ClusterMetrics.OUTCOMES) {
                metrics.jobFinished(outcome);
            }
            String text = metrics.scrape();
            for (String outcome : List.of("done", "skipped", "source_gone", "failed", "lease_lost", "handed_back", "ignored")) {
                assertLine(text, "uploader_jobs_finished_total{outcome=\"" + outcome + "\",role=\"worker\"} 1.0");
            }
        }
    }

    private static HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(10)).build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static void assertLine(String text, String line) {
        assertTrue(text.lines().anyMatch(line::equals), () -> "no line «" + line + "» in:\n" + text);
    }
}
