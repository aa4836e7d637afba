package io.whapi.mediarouter;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.whapi.mediarouter.deadletter.DeadLetterOperations;
import io.whapi.mediarouter.events.EventPublisher;
import io.whapi.mediarouter.support.ArtemisBroker;
import io.whapi.mediarouter.support.EventReceiver;
import io.whapi.mediarouter.support.FakeWhapi;
import io.whapi.mediarouter.support.FakeWhapi.Behaviour;
import io.whapi.mediarouter.support.KafkaBroker;
import io.whapi.mediarouter.support.Promtool;
import io.whapi.mediarouter.support.SampleMedia;
import io.whapi.mediarouter.support.TestServer;
import io.whapi.mediarouter.support.Webhooks;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * media.events: a CloudEvent for every stored or dead-lettered media, on a real Kafka broker, a
 * real JMS broker (Artemis, persistent) and an HTTP receiver that checks the Standard Webhooks
 * signature itself; the same id each time an event is published again. Events go out through the
 * outbox: an event sink that is down holds up neither storage nor the other event sinks.
 */
// the app's producers close while the brokers still run
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class EventsTest extends ConnectorTestSupport {

    static final String TOPIC = "media.events";
    static final String QUEUE = "media.events";
    static final KafkaBroker KAFKA = KafkaBroker.shared();
    static final ArtemisBroker ARTEMIS = ArtemisBroker.shared();
    static final EventReceiver RECEIVER = EventReceiver.start();
    static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final BeforeAllCallback STOP_KAFKA = TestServer.stopAfterTheRun(KafkaBroker.SHARED, KAFKA);

    @RegisterExtension
    static final BeforeAllCallback STOP_ARTEMIS = TestServer.stopAfterTheRun(ArtemisBroker.SHARED, ARTEMIS);

    @RegisterExtension
    static final BeforeAllCallback STOP_RECEIVER = TestServer.stopAfterTheRun("events-receiver", RECEIVER);

    @DynamicPropertySource
    static void eventSinks(DynamicPropertyRegistry registry) {
        KAFKA.createTopic(TOPIC);
        registry.add("camel.component.kafka.brokers", KAFKA::bootstrapServers);
        registry.add("spring.artemis.broker-url", ARTEMIS::brokerUrl);
        registry.add("media.events.backbone.uri", () -> "kafka:" + TOPIC);
        registry.add("media.events.esb.uri", () -> "jms:queue:" + QUEUE);
        registry.add("media.events.hooks.uri", RECEIVER::url);
        registry.add("media.events.hooks.secret", () -> EventReceiver.SECRET);
        // retries that fit in a test: 100 to 400 ms apart, and an event the receiver has not taken
        // after 4 s becomes a dead letter
        registry.add("media.event-retry.initial-delay", () -> "100");
        registry.add("media.event-retry.max-delay", () -> "400");
        registry.add("media.events.hooks.max-age", () -> "4s");
    }

    @Autowired
    EventPublisher publisher;

    @Autowired
    DeadLetterOperations deadLetters;

    @BeforeEach
    void freshReceiver() {
        RECEIVER.reset();
        ARTEMIS.drain(QUEUE);
    }

    @Test
    void aStoredMediaIsAnnouncedOnKafkaJmsAndSignedHttpWithOneId() throws Exception {
        postAndAwait(webhooks.image("announced"), 1);
        String key = Webhooks.imageKey("announced");

        ConsumerRecord<String, String> record = KAFKA.awaitRecord(TOPIC, key);
        JsonNode event = JSON.readTree(record.value());
        assertThat(event.path("specversion").asText()).isEqualTo("1.0");
        assertThat(event.path("type").asText()).isEqualTo("whapi.media.stored");
        assertThat(event.path("source").asText()).isEqualTo("/whapi-media-router/channels/ORCHID-Q7K2P");
        assertThat(event.path("subject").asText()).isEqualTo(key);
        assertThat(event.path("datacontenttype").asText()).isEqualTo("application/json");
        assertThat(event.path("time").asText()).isNotBlank();
        JsonNode data = event.path("data");
        assertThat(data.path("channel_id").asText()).isEqualTo("ORCHID-Q7K2P");
        assertThat(data.path("message_id").asText()).isEqualTo("announced");
        assertThat(data.path("media_id").asText()).isEqualTo("jpeg-announced");
        assertThat(data.path("type").asText()).isEqualTo("image");
        assertThat(data.path("file_size").asLong()).isEqualTo(25950);
        assertThat(data.path("sha256").asText()).isEqualTo(SampleMedia.sha256("jpeg-announced", 25950));
        assertThat(data.path("sinks").get(0).path("name").asText()).isEqualTo("file");
        assertThat(Path.of(data.path("sinks").get(0).path("path").asText()))
                .isEqualTo(stored(key).toAbsolutePath());
        assertThat(headerValue(record, "content-type")).isEqualTo("application/cloudevents+json");
        // what docs/events.schema.json promises consumers is there
        JsonNode schema = JSON.readTree(Path.of("docs/events.schema.json").toFile());
        schema.path("required")
                .forEach(field ->
                        assertThat(event.has(field.asText())).as(field.asText()).isTrue());
        schema.path("properties")
                .path("data")
                .path("required")
                .forEach(field -> assertThat(data.has(field.asText()))
                        .as("data." + field.asText())
                        .isTrue());
        // and what a stored event requires beyond what every event does
        schema.at("/allOf/0/then/properties/data/required")
                .forEach(field -> assertThat(data.has(field.asText()))
                        .as("data." + field.asText())
                        .isTrue());
        data.fieldNames()
                .forEachRemaining(field -> assertThat(schema.path("properties")
                                .path("data")
                                .path("properties")
                                .has(field))
                        .as("data.%s is in the schema", field)
                        .isTrue());

        List<String> jms = awaitJms(1);
        assertThat(JSON.readTree(jms.get(0)).path("id").asText())
                .isEqualTo(event.path("id").asText());

        awaitReceiverRequests(1);
        assertThat(RECEIVER.requests()).singleElement().satisfies(request -> {
            // exactly the documented type: CloudEvents SDKs (HTTP.toEvent) refuse a charset parameter
            assertThat(request.contentType()).isEqualTo("application/cloudevents+json");
            assertThat(request.signatureValid())
                    .as("Standard Webhooks signature")
                    .isTrue();
            assertThat(request.webhookId()).isEqualTo(event.path("id").asText());
            assertThat(JSON.readTree(request.body()).path("id").asText())
                    .isEqualTo(event.path("id").asText());
        });
        // the event holds what a consumer needs, never the channel's token
        assertThat(record.value()).doesNotContain(FakeWhapi.TOKEN);
        assertThat(record.headers().toArray()).extracting(Header::key).containsExactly("content-type");
    }

    @Test
    void anEventSinkThatIsDownForAWhileGetsTheEventWhenBackWithTheSameId() throws Exception {
        RECEIVER.fail(2, 503);

        postAndAwait(webhooks.image("receiver-down"), 1);

        assertThat(stored(Webhooks.imageKey("receiver-down"))).exists();
        awaitReceiverRequests(3);
        List<EventReceiver.Request> requests = RECEIVER.requests();
        assertThat(requests).hasSize(3);
        assertThat(requests)
                .extracting(EventReceiver.Request::webhookId)
                .containsOnly(requests.get(0).webhookId());
        // the other event sinks were not held up nor sent it again
        assertThat(eventsFor(Webhooks.imageKey("receiver-down"))).hasSize(1);
        assertThat(awaitJms(1)).hasSize(1);
        assertThat(workDir.resolve("dead-letter/ORCHID-Q7K2P_receiver-down.json"))
                .doesNotExist();
    }

    @Test
    void anEventSinkThatStaysDownFailsNoMediaAndItsEventBecomesADeadLetterThatAReplayDelivers() throws Exception {
        RECEIVER.fail(1000, 500);
        postAndAwait(webhooks.image("receiver-gone"), 1);
        String key = Webhooks.imageKey("receiver-gone");

        // the media is stored and done: no media dead letter because of an event sink
        assertThat(stored(key)).exists();
        assertThat(workDir.resolve("dead-letter/ORCHID-Q7K2P_receiver-gone.json"))
                .doesNotExist();
        String storedId =
                JSON.readTree(KAFKA.awaitRecord(TOPIC, key).value()).path("id").asText();
        // the event waits in the outbox, and the operations view says so
        Awaitility.await()
                .atMost(Duration.ofSeconds(10))
                .until(() -> publisher.status(10, 0).get("hooks").get("lastError") != null);
        Map<String, Object> hooks = publisher.status(10, 0).get("hooks");
        assertThat(hooks.get("pending")).isEqualTo(1L);
        assertThat(hooks.get("lastError").toString()).contains("500");

        // past media.events.hooks.max-age (4 s) it is a dead letter of its own, out of the outbox
        Path eventDeadLetter = workDir.resolve("dead-letter/event_hooks_" + storedId + ".json");
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(eventDeadLetter));
        JsonNode entry = JSON.readTree(eventDeadLetter.toFile());
        assertThat(entry.path("event_sink").asText()).isEqualTo("hooks");
        assertThat(entry.path("event").path("id").asText()).isEqualTo(storedId);
        assertThat(entry.path("error").asText()).contains("500");
        assertThat(entry.path("attempts").asInt()).isGreaterThan(1);
        assertThat(publisher.status(10, 0).get("hooks").get("pending")).isEqualTo(0L);
        assertThat(deadLetters.list(100, 0))
                .filteredOn(d -> d.get("id").equals("event_hooks_" + storedId))
                .singleElement()
                .satisfies(summary -> {
                    assertThat(summary.get("kind")).isEqualTo("event");
                    assertThat(summary.get("messageId")).isEqualTo("receiver-gone");
                    assertThat(summary.get("failedSinks")).isEqualTo(List.of("event hooks"));
                });

        // back up and replayed: the receiver has its event with the id the others got; nothing
        // was downloaded or stored again, and the sinks that had the event were not sent it twice
        RECEIVER.reset();
        WHAPI.reset();
        assertThat(deadLetters.replay("event_hooks_" + storedId, "operator")).isTrue();
        awaitReceiverRequests(1);
        assertThat(RECEIVER.requests()).singleElement().satisfies(request -> {
            assertThat(request.webhookId()).isEqualTo(storedId);
            assertThat(request.signatureValid()).isTrue();
        });
        assertThat(eventDeadLetter).doesNotExist();
        assertThat(WHAPI.requests()).isEmpty();
        assertThat(eventsFor(key)).extracting(e -> e.path("type").asText()).containsExactly("whapi.media.stored");
        assertThat(awaitJms(1)).hasSize(1);
    }

    @Test
    void aMediaThatCannotBeFetchedIsAnnouncedAsDeadLettered() throws Exception {
        WHAPI.onGateway("jpeg-gone-from-whapi", Behaviour.NOT_FOUND);

        postAndAwait(webhooks.image("gone-from-whapi"), 1);

        JsonNode event = JSON.readTree(
                KAFKA.awaitRecord(TOPIC, Webhooks.imageKey("gone-from-whapi")).value());
        assertThat(event.path("type").asText()).isEqualTo("whapi.media.dead_lettered");
        assertThat(event.path("data").path("reason").asText()).contains("404");
        assertThat(event.path("data").path("attempts").asInt()).isEqualTo(1);
        awaitReceiverRequests(1);
        assertThat(RECEIVER.requests()).singleElement().satisfies(request -> {
            assertThat(request.signatureValid()).isTrue();
            assertThat(JSON.readTree(request.body()).path("type").asText()).isEqualTo("whapi.media.dead_lettered");
        });
    }

    /**
     * Our metrics as Prometheus reads them: {@code promtool check metrics} (Prometheus' own parser
     * and linter) finds no problem in any whapi_* family, every one of which has a HELP text and
     * snake_case labels, the event sinks' included.
     */
    @Test
    void ourMetricsPassPromtoolWithHelpTextAndSnakeCaseLabels() throws Exception {
        RECEIVER.fail(1, 503);
        postAndAwait(webhooks.image("exposition"), 1);
        awaitReceiverRequests(2);
        HttpResponse<String> scrape =
                send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort + "/actuator/prometheus"))
                        .GET()
                        .build());
        assertThat(scrape.statusCode()).isEqualTo(200);
        // our families only: Camel's own metrics keep Camel's label names (routeId, ...)
        String ours = scrape.body()
                .lines()
                .filter(line -> line.startsWith("whapi_")
                        || line.startsWith("# HELP whapi_")
                        || line.startsWith("# TYPE whapi_"))
                .collect(Collectors.joining("\n", "", "\n"));
        assertThat(ours)
                .contains(
                        "whapi_events_published_total{",
                        "whapi_event_failures_total{",
                        "whapi_events_pending{",
                        "whapi_events_oldest_pending_age_seconds{",
                        "sink=\"hooks\"");

        Process promtool = new ProcessBuilder(Promtool.path(), "check", "metrics")
                .redirectErrorStream(true)
                .start();
        try (var stdin = promtool.getOutputStream()) {
            stdin.write(ours.getBytes(StandardCharsets.UTF_8));
        }
        String problems = new String(promtool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(promtool.waitFor()).as(problems).isZero();
        assertThat(problems).isEmpty();
        assertThat(ours.lines().filter(line -> line.startsWith("# HELP whapi_")))
                .isNotEmpty()
                .allSatisfy(help -> assertThat(help.split(" ", 4)).hasSize(4));
    }

    private static void awaitReceiverRequests(int count) {
        Awaitility.await()
                .atMost(Duration.ofSeconds(20))
                .until(() -> RECEIVER.requests().size() >= count);
    }

    /** What the JMS queue holds once it holds {@code count} events (a moment more for any extra). */
    private static List<String> awaitJms(int count) {
        List<String> drained = new ArrayList<>();
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> {
            drained.addAll(ARTEMIS.drain(QUEUE));
            return drained.size() >= count;
        });
        return drained;
    }

    private List<JsonNode> eventsFor(String key) {
        return KAFKA.records(TOPIC).stream()
                .filter(r -> key.equals(r.key()))
                .map(r -> {
                    try {
                        return JSON.readTree(r.value());
                    } catch (IOException e) {
                        throw new IllegalStateException(e);
                    }
                })
                .toList();
    }

    private static String headerValue(ConsumerRecord<String, String> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
