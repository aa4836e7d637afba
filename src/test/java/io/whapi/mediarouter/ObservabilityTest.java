package io.whapi.mediarouter;

import static io.whapi.mediarouter.support.Webhooks.firstMedia;
import static io.whapi.mediarouter.support.Webhooks.firstMessage;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.whapi.mediarouter.support.FakeWhapi.Behaviour;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** What an operator sees: /actuator/prometheus, /actuator/health and its probes, log lines. */
@ExtendWith(OutputCaptureExtension.class)
class ObservabilityTest extends ConnectorTestSupport {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aStoredMediaIsCountedFromWebhookToSink() {
        ObjectNode body = webhooks.load("01-image-private-with-link.json");
        firstMessage(body).put("id", "metrics-stored");
        String before = prometheus();

        postAndAwait(body, 1);

        String after = prometheus();
        assertThat(delta(before, after, "whapi_webhooks_received_total")).isEqualTo(1);
        assertThat(delta(before, after, "whapi_webhooks_accepted_total")).isEqualTo(1);
        assertThat(delta(before, after, "whapi_messages_accepted_total", "type=\"image\""))
                .isEqualTo(1);
        assertThat(delta(before, after, "whapi_media_queued_total", "type=\"image\""))
                .isEqualTo(1);
        assertThat(delta(before, after, "whapi_downloads_total", "source=\"link\"", "outcome=\"success\""))
                .isEqualTo(1);
        assertThat(delta(before, after, "whapi_download_bytes_total", "source=\"link\""))
                .isEqualTo(46793);
        assertThat(delta(before, after, "whapi_download_seconds_count", "source=\"link\""))
                .isEqualTo(1);
        assertThat(delta(before, after, "whapi_sink_stored_total", "sink=\"file\""))
                .isEqualTo(1);
        // per-sink upload time: Camel's timer of the sink's own route
        assertThat(delta(before, after, "camel_route_policy_seconds_count", "routeId=\"sink-file\""))
                .isEqualTo(1);
        // the journal settles an entry just after its exchange completes, which is what the test
        // waited for: the message leaves the queue's depth a moment later
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> value(prometheus(), "whapi_queue_depth") == 0);
        // Camel's own route metrics are there too
        assertThat(value(after, "camel_exchanges_total", "routeId=\"media-router\""))
                .isPositive();
        // the plumbing between stages is not timed (camel.metrics.route-policy-exclude-pattern)
        assertThat(after).doesNotContain("routeId=\"deliver-to-sink\"").doesNotContain("routeId=\"fetch-from-link\"");
    }

    @Test
    void refusedWebhooksAreCountedByReason() {
        String before = prometheus();

        post("{}", "text/plain");
        post("{not json", "application/json");
        post("{}", "application/json");

        // an answer is counted once it is complete, a moment after the client has it
        String after = Awaitility.await()
                .atMost(Duration.ofSeconds(5))
                .until(
                        this::prometheus,
                        now -> delta(before, now, "whapi_webhooks_accepted_total") >= 1
                                && delta(before, now, "whapi_webhooks_rejected_total") >= 2);
        assertThat(delta(before, after, "whapi_webhooks_received_total")).isEqualTo(3);
        assertThat(delta(before, after, "whapi_webhooks_rejected_total", "reason=\"unsupported_media_type\""))
                .isEqualTo(1);
        assertThat(delta(before, after, "whapi_webhooks_rejected_total", "reason=\"malformed\""))
                .isEqualTo(1);
        // answered 200, but nothing in it to store
        assertThat(delta(before, after, "whapi_webhooks_ignored_total")).isEqualTo(1);
        assertThat(delta(before, after, "whapi_webhooks_accepted_total")).isEqualTo(1);
    }

    @Test
    void failedDownloadsRetriesAndDeadLettersAreCounted(CapturedOutput output) {
        ObjectNode body =
                webhooks.viaGetMedia("02-image-private-no-link.json", "metrics-failing", "jpeg-metrics-failing", 1000);
        WHAPI.onGateway("jpeg-metrics-failing", Behaviour.SERVER_ERROR);
        String before = prometheus();

        postAndAwait(body, 1);

        String after = prometheus();
        // three attempts (two retries), each a failed Get Media, then the dead letter
        assertThat(delta(before, after, "whapi_downloads_total", "source=\"gateway\"", "outcome=\"failure\""))
                .isEqualTo(3);
        assertThat(delta(before, after, "whapi_retries_total", "stage=\"fetch\""))
                .isEqualTo(2);
        assertThat(delta(before, after, "whapi_dead_letters_total", "type=\"image\""))
                .isEqualTo(1);
        // Camel's own retry warnings name the message too
        assertThat(output.getOut().lines().filter(l -> l.contains("Failed delivery for")))
                .isNotEmpty()
                .allMatch(l -> l.contains("[ORCHID-Q7K2P/metrics-failing]"));
    }

    @Test
    void logLinesAboutAMessageNameItsChannelAndId(CapturedOutput output) {
        ObjectNode body = webhooks.load("05-voice-private-with-link.json");
        firstMessage(body).put("id", "mdc-check");
        WHAPI.onLink(firstMedia(body).get("id").asText(), Behaviour.FORBIDDEN);

        postAndAwait(body, 1);

        assertThat(output.getOut()
                        .lines()
                        .filter(l -> l.contains("falling back to Get Media") && l.contains("mdc-check")))
                .singleElement()
                .asString()
                .contains("WARN [ORCHID-Q7K2P/mdc-check]");
        assertThat(output.getOut().lines().filter(l -> l.contains("Stored voice of message mdc-check")))
                .singleElement()
                .asString()
                .contains("INFO [ORCHID-Q7K2P/mdc-check]");
    }

    @Test
    void healthShowsQueueAndEachSinkAndProbesAreUp() throws Exception {
        JsonNode health = JSON.readTree(actuator("/actuator/health").body());

        assertThat(health.at("/components/queue/status").asText()).isEqualTo("UP");
        assertThat(health.at("/components/sinks/components/file/status").asText())
                .isEqualTo("UP");
        assertThat(actuator("/actuator/health/readiness").statusCode()).isEqualTo(200);
        assertThat(actuator("/actuator/health/liveness").statusCode()).isEqualTo(200);
        // the probes look at the intake's own state only, never at sinks
        assertThat(actuator("/actuator/health/liveness").body()).doesNotContain("sinks");
        assertThat(actuator("/actuator/health/readiness").body()).doesNotContain("sinks");
    }

    @Test
    void theGrafanaDashboardReadsMetricsTheAppExposes() throws Exception {
        // the events behind the metrics: a stored media, a refused and an ignored webhook, a dead letter
        ObjectNode stored = webhooks.load("08-sticker-private-with-link.json");
        firstMessage(stored).put("id", "dashboard-stored");
        postAndAwait(stored, 1);
        post("{}", "text/plain");
        post("{}", "application/json");
        ObjectNode failing =
                webhooks.viaGetMedia("02-image-private-no-link.json", "dashboard-dead", "jpeg-dashboard-dead", 1000);
        WHAPI.onGateway("jpeg-dashboard-dead", Behaviour.NOT_FOUND);
        postAndAwait(failing, 1);
        String exposition = prometheus();

        String dashboard = Files.readString(Path.of("docker/grafana-dashboard.json"));
        Set<String> names = new TreeSet<>();
        Matcher metric =
                Pattern.compile("\\b((?:whapi|camel|jvm|process)_\\w+)").matcher(dashboard);
        while (metric.find()) {
            names.add(metric.group(1));
        }
        // counted only when it happens, which this app's settings never make happen; the outbox's
        // gauges exist with event sinks only (EventsTest reads them)
        names.removeAll(Set.of(
                "whapi_sink_failures_total",
                "whapi_media_skipped_total",
                "whapi_events_pending",
                "whapi_events_oldest_pending_age_seconds"));
        assertThat(names)
                .hasSizeGreaterThan(10)
                .allSatisfy(name -> assertThat(exposition).as(name).containsPattern("(?m)^" + name + "[{ ]"));
    }

    private String prometheus() {
        HttpResponse<String> response = actuator("/actuator/prometheus");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return response.body();
    }

    private HttpResponse<String> actuator(String path) {
        return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort + path))
                .GET()
                .build());
    }

    private static double delta(String before, String after, String name, String... labels) {
        return value(after, name, labels) - value(before, name, labels);
    }

    /** The sum of the samples of this metric whose labels include all of these. */
    static double value(String exposition, String name, String... labels) {
        return exposition
                .lines()
                .filter(l -> !l.startsWith("#"))
                .filter(l -> l.startsWith(name + "{") || l.startsWith(name + " "))
                .filter(l -> Arrays.stream(labels).allMatch(l::contains))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                .sum();
    }
}
