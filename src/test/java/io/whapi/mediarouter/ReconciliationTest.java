package io.whapi.mediarouter;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.whapi.mediarouter.reconcile.HistoryIntake;
import io.whapi.mediarouter.reconcile.Reconciliation;
import io.whapi.mediarouter.support.SampleMedia;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Reconciliation with Whapi's message history, against a fake gateway that pages through 1,000
 * messages over 30 days (300 of them media), some of which already came as webhooks.
 */
@OperationsAppSettings
class ReconciliationTest extends ConnectorTestSupport {

    static final String CHANNEL = "ORCHID-Q7K2P";
    static final int SIZE = 2_000;
    static final ObjectMapper JSON = new ObjectMapper();
    static final DateTimeFormatter DAY =
            DateTimeFormatter.ofPattern("yyyy/MM/dd").withZone(ZoneOffset.UTC);

    @Autowired
    private Reconciliation reconciliation;

    @Autowired
    private MeterRegistry registry;

    /** whapi.media.queued, counted by the intake before it answers. */
    private double queued() {
        return registry.find("whapi.media.queued").counters().stream()
                .mapToDouble(Counter::count)
                .sum();
    }

    private final Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);

    @Test
    void mediaWhoseWebhooksNeverCameAreStoredOnceAndTheOthersAreNotDownloadedAgain() throws Exception {
        List<ObjectNode> history = history("lost");
        List<ObjectNode> media = firstHundredMediaCameAsWebhooks(history);

        HistoryIntake.Outcome outcome = reconciliation.reconcile(CHANNEL, now.minus(31, ChronoUnit.DAYS), now);
        awaitProcessed(200);

        assertThat(outcome.listed()).isEqualTo(1000);
        assertThat(outcome.queued()).isEqualTo(200);
        for (ObjectNode message : media) {
            String mediaId = message.path("image").path("id").asText();
            assertThat(Files.readAllBytes(stored(key(message)))).isEqualTo(SampleMedia.bytes(mediaId, SIZE));
        }
        // only the 200 missing were downloaded, each once; 10 pages of 100 were listed
        assertThat(WHAPI.requests().stream().filter(r -> r.path().startsWith("/media/")))
                .hasSize(200);
        assertThat(WHAPI.requests().stream().filter(r -> r.path().startsWith("/messages/list")))
                .hasSize(10);

        // a second run, and a webhook that comes late: nothing is queued or downloaded again
        WHAPI.reset();
        WHAPI.history(history);
        assertThat(reconciliation
                        .reconcile(CHANNEL, now.minus(31, ChronoUnit.DAYS), now)
                        .queued())
                .isZero();
        double queuedBefore = queued();
        assertThat(post(webhook(media.get(250)).toString(), "application/json").statusCode())
                .isEqualTo(200);
        // the intake decides before it answers: a message already taken in is not queued, so
        // nothing can download it later
        assertThat(queued()).as("media queued by the late webhook").isEqualTo(queuedBefore);
        assertThat(WHAPI.requests().stream().filter(r -> r.path().startsWith("/media/")))
                .isEmpty();
    }

    @Test
    void aBackfillStoresExactlyTheMissingMediaAndShowsItsProgress() throws Exception {
        List<ObjectNode> history = history("backfilled");
        List<ObjectNode> media = firstHundredMediaCameAsWebhooks(history);

        HttpResponse<String> started = operations(
                "POST",
                "/actuator/backfill",
                "{\"channelId\":\"" + CHANNEL + "\",\"from\":\"" + now.minus(31, ChronoUnit.DAYS) + "\"}");
        assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
        String id = JSON.readTree(started.body()).path("id").asText();
        Awaitility.await()
                .atMost(Duration.ofSeconds(60))
                .until(() -> "done".equals(backfill(id).path("state").asText()));
        awaitProcessed(200);

        JsonNode progress = backfill(id);
        assertThat(progress.path("pagesRead").asInt()).isEqualTo(10);
        assertThat(progress.path("mediaFound").asInt()).isEqualTo(300);
        assertThat(progress.path("queued").asInt()).isEqualTo(200);
        assertThat(progress.path("alreadyKnown").asInt()).isEqualTo(100);
        assertThat(progress.path("failed").asInt()).isZero();
        assertThat(progress.path("startedBy").asText()).isEqualTo("operator");
        for (ObjectNode message : media) {
            assertThat(stored(key(message))).exists();
        }
        assertThat(WHAPI.requests().stream().filter(r -> r.path().startsWith("/media/")))
                .hasSize(200);
        assertThat(operations(
                                "POST",
                                "/actuator/backfill",
                                "{\"channelId\":\"" + CHANNEL + "\",\"from\":\"yesterday\"}")
                        .statusCode())
                .isEqualTo(400);
    }

    private JsonNode backfill(String id) throws Exception {
        for (JsonNode backfill : JSON.readTree(
                        operations("GET", "/actuator/backfill", null).body())
                .path("backfills")) {
            if (backfill.path("id").asText().equals(id)) {
                return backfill;
            }
        }
        throw new AssertionError("no backfill " + id);
    }

    @Test
    void aListingAnswered429WaitsForItsRetryAfter() throws Exception {
        List<ObjectNode> history = history("throttled").subList(0, 50);
        WHAPI.history(history);
        WHAPI.failNextListing(429, 2);
        completionsReset();

        long started = System.nanoTime();
        HistoryIntake.Outcome outcome = reconciliation.reconcile(CHANNEL, now.minus(31, ChronoUnit.DAYS), now);
        long waitedMillis = (System.nanoTime() - started) / 1_000_000;

        assertThat(waitedMillis).as("Retry-After: 2").isGreaterThanOrEqualTo(2000);
        assertThat(outcome.listed()).isEqualTo(50);
        awaitProcessed(outcome.queued());
    }

    /** 1,000 messages over the last 30 days, three in every ten an image: 300 media, served by Get Media. */
    private List<ObjectNode> history(String prefix) {
        return webhooks.history(prefix, 1000, now.minus(30, ChronoUnit.DAYS), Duration.ofSeconds(2590), SIZE);
    }

    /**
     * Serves the history, sends a third of its media (the first 100) as webhooks and waits until
     * they are stored, then forgets those requests; returns the history's media messages.
     */
    private List<ObjectNode> firstHundredMediaCameAsWebhooks(List<ObjectNode> history) {
        WHAPI.history(history);
        List<ObjectNode> media = history.stream().filter(m -> m.has("image")).toList();
        for (int i = 0; i < 100; i++) {
            postAndAwait(webhook(media.get(i)), 1);
        }
        WHAPI.reset();
        WHAPI.history(history);
        completionsReset();
        return media;
    }

    private ObjectNode webhook(ObjectNode message) {
        ObjectNode body = webhooks.load("02-image-private-no-link.json");
        body.putArray("messages").add(message.deepCopy());
        return body;
    }

    private static String key(ObjectNode message) {
        return CHANNEL + "/image/"
                + DAY.format(Instant.ofEpochSecond(message.path("timestamp").asLong())) + "/"
                + message.path("id").asText() + ".jpg";
    }
}
