package io.whapi.mediarouter;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.whapi.mediarouter.support.ArtemisBroker;
import io.whapi.mediarouter.support.EventReceiver;
import io.whapi.mediarouter.support.FakeWhapi;
import io.whapi.mediarouter.support.FakeWhapi.Behaviour;
import io.whapi.mediarouter.support.KafkaBroker;
import io.whapi.mediarouter.support.SampleMedia;
import io.whapi.mediarouter.support.TestServer;
import io.whapi.mediarouter.support.Webhooks;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * media.events: a CloudEvent for every stored or dead-lettered media, on a real Kafka broker, a
 * real JMS broker (Artemis, persistent) and an HTTP receiver that checks the Standard Webhooks
 * signature itself; the same id each time an event is published again.
 */
// the app's producers close while the brokers still run
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class EventsTest extends ConnectorTestSupport {

    static final String TOPIC = "media.events";
    static final String QUEUE = "media.events";
    static final KafkaBroker KAFKA = KafkaBroker.start();
    static final ArtemisBroker ARTEMIS = ArtemisBroker.start();
    static final EventReceiver RECEIVER = EventReceiver.start();
    static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final BeforeAllCallback STOP_KAFKA = TestServer.stopAfterTheRun("events-kafka", KAFKA);

    @RegisterExtension
    static final BeforeAllCallback STOP_ARTEMIS = TestServer.stopAfterTheRun("events-artemis", ARTEMIS);

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
        // retries that fit in a test: 4 attempts, 100 to 400 ms apart
        registry.add("media.event-retry.max-redeliveries", () -> "3");
        registry.add("media.event-retry.initial-delay", () -> "100");
        registry.add("media.event-retry.max-delay", () -> "400");
    }

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
        data.fieldNames()
                .forEachRemaining(field -> assertThat(schema.path("properties")
                                .path("data")
                                .path("properties")
                                .has(field))
                        .as("data.%s is in the schema", field)
                        .isTrue());

        List<String> jms = ARTEMIS.drain(QUEUE);
        assertThat(jms).hasSize(1);
        assertThat(JSON.readTree(jms.get(0)).path("id").asText())
                .isEqualTo(event.path("id").asText());

        assertThat(RECEIVER.requests()).singleElement().satisfies(request -> {
            assertThat(request.contentType()).startsWith("application/cloudevents+json");
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
        List<EventReceiver.Request> requests = RECEIVER.requests();
        assertThat(requests).hasSize(3);
        assertThat(requests)
                .extracting(EventReceiver.Request::webhookId)
                .containsOnly(requests.get(0).webhookId());
        // the other event sinks were not held up nor sent it again
        assertThat(eventsFor(Webhooks.imageKey("receiver-down"))).hasSize(1);
        assertThat(ARTEMIS.drain(QUEUE)).hasSize(1);
        assertThat(workDir.resolve("dead-letter/ORCHID-Q7K2P_receiver-down.json"))
                .doesNotExist();
    }

    @Test
    void anEventSinkThatStaysDownDeadLettersTheMessageAndAReplayPublishesOnlyTheMissingEvent() throws Exception {
        RECEIVER.fail(1000, 500);
        postAndAwait(webhooks.image("receiver-gone"), 1);
        String key = Webhooks.imageKey("receiver-gone");
        Path deadLetter = workDir.resolve("dead-letter/ORCHID-Q7K2P_receiver-gone.json");
        JsonNode entry = JSON.readTree(deadLetter.toFile());
        assertThat(entry.path("error").asText()).contains("whapi.media.stored", "hooks");
        assertThat(entry.path("failed_event_sinks").get(0).asText()).startsWith("hooks: ");
        assertThat(stored(key)).exists();
        String storedId =
                JSON.readTree(KAFKA.awaitRecord(TOPIC, key).value()).path("id").asText();

        RECEIVER.reset();
        WHAPI.reset();
        completionsReset();
        Files.move(deadLetter, workDir.resolve("queue/receiver-gone.json"));
        awaitProcessed(1);

        // the receiver has its event now, with the id the others got; nothing was downloaded or
        // stored again, and the sinks that had the event were not sent it twice
        assertThat(RECEIVER.requests()).singleElement().satisfies(request -> {
            assertThat(request.webhookId()).isEqualTo(storedId);
            assertThat(request.signatureValid()).isTrue();
        });
        assertThat(WHAPI.requests()).isEmpty();
        assertThat(eventsFor(key))
                .extracting(e -> e.path("type").asText())
                .containsExactly("whapi.media.stored", "whapi.media.dead_lettered");
        assertThat(ARTEMIS.drain(QUEUE)).hasSize(2);
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
        assertThat(RECEIVER.requests()).singleElement().satisfies(request -> {
            assertThat(request.signatureValid()).isTrue();
            assertThat(JSON.readTree(request.body()).path("type").asText()).isEqualTo("whapi.media.dead_lettered");
        });
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
        return header == null ? null : new String(header.value(), java.nio.charset.StandardCharsets.UTF_8);
    }
}
