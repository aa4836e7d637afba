package io.whapi.mediarouter;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.whapi.mediarouter.support.ArtemisBroker;
import io.whapi.mediarouter.support.KafkaBroker;
import io.whapi.mediarouter.support.SampleMedia;
import io.whapi.mediarouter.support.TestServer;
import io.whapi.mediarouter.support.Webhooks;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * whapi.intake: Whapi webhooks handed over on a real Kafka topic and a real JMS queue (Artemis,
 * persistent) end in the sinks exactly as over HTTP: deduplicated, and a body that is no
 * webhook set aside in the dead letter while the rest flows.
 */
// the app's consumers leave while the brokers still run
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class BrokerIntakeTest extends ConnectorTestSupport {

    static final String TOPIC = "whapi.webhooks";
    static final String QUEUE = "whapi.webhooks";
    static final KafkaBroker KAFKA = KafkaBroker.shared();
    static final ArtemisBroker ARTEMIS = ArtemisBroker.shared();
    static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final BeforeAllCallback STOP_KAFKA = TestServer.stopAfterTheRun(KafkaBroker.SHARED, KAFKA);

    @RegisterExtension
    static final BeforeAllCallback STOP_ARTEMIS = TestServer.stopAfterTheRun(ArtemisBroker.SHARED, ARTEMIS);

    @DynamicPropertySource
    static void brokerIntakes(DynamicPropertyRegistry registry) {
        KAFKA.createTopic(TOPIC);
        registry.add("camel.component.kafka.brokers", KAFKA::bootstrapServers);
        registry.add("spring.artemis.broker-url", ARTEMIS::brokerUrl);
        registry.add("whapi.intake.esb.uri", () -> "kafka:" + TOPIC);
        registry.add("whapi.intake.mq.uri", () -> "jms:queue:" + QUEUE);
    }

    @Test
    void aWebhookFromKafkaIsStoredAndItsOffsetCommittedOnceQueued() throws Exception {
        completionsReset();
        KAFKA.send(TOPIC, "webhook-1", webhooks.image("from-kafka").toString());
        awaitProcessed(1);

        assertThat(Files.readAllBytes(stored(Webhooks.imageKey("from-kafka"))))
                .isEqualTo(SampleMedia.bytes("jpeg-from-kafka", 25950));
        Awaitility.await()
                .atMost(Duration.ofSeconds(20))
                .until(() -> KAFKA.committedOffsets("whapi-media-router-intake", TOPIC) == KAFKA.endOffsets(TOPIC));
    }

    @Test
    void aWebhookRedeliveredOnKafkaDownloadsNothingTwice() throws Exception {
        String body = webhooks.image("twice-on-kafka").toString();
        completionsReset();
        KAFKA.send(TOPIC, "webhook-2", body);
        awaitProcessed(1);

        KAFKA.send(TOPIC, "webhook-2", body);
        Awaitility.await()
                .atMost(Duration.ofSeconds(20))
                .until(() -> KAFKA.committedOffsets("whapi-media-router-intake", TOPIC) == KAFKA.endOffsets(TOPIC));

        assertThat(WHAPI.requestsFor("gateway", "jpeg-twice-on-kafka")).hasSize(1);
        assertThat(stored(Webhooks.imageKey("twice-on-kafka"))).exists();
    }

    @Test
    void aRecordThatIsNoWebhookGoesToTheDeadLetterAndTheNextIsStored() throws Exception {
        KAFKA.send(TOPIC, "broken", "{\"messages\": [ this is not JSON");
        completionsReset();
        KAFKA.send(TOPIC, "webhook-3", webhooks.image("after-broken-record").toString());
        awaitProcessed(1);

        assertThat(stored(Webhooks.imageKey("after-broken-record"))).exists();
        JsonNode entry = deadLetteredWebhook("esb");
        assertThat(entry.path("webhook").asText()).isEqualTo("{\"messages\": [ this is not JSON");
        assertThat(entry.path("error").asText()).isNotBlank();
        Awaitility.await()
                .atMost(Duration.ofSeconds(20))
                .until(() -> KAFKA.committedOffsets("whapi-media-router-intake", TOPIC) == KAFKA.endOffsets(TOPIC));
    }

    @Test
    void aWebhookFromJmsIsStoredAndAMalformedOneIsSetAsideWithoutARedeliveryLoop() throws Exception {
        ARTEMIS.send(QUEUE, "not a webhook at all");
        completionsReset();
        ARTEMIS.send(QUEUE, webhooks.image("from-jms").toString());
        awaitProcessed(1);

        assertThat(Files.readAllBytes(stored(Webhooks.imageKey("from-jms"))))
                .isEqualTo(SampleMedia.bytes("jpeg-from-jms", 25950));
        assertThat(deadLetteredWebhook("mq").path("webhook").asText()).isEqualTo("not a webhook at all");
        // both acknowledged: nothing left on the queue to be delivered again
        assertThat(ARTEMIS.drain(QUEUE)).isEmpty();
    }

    @Test
    void aWebhookRedeliveredOnJmsDownloadsNothingTwice() throws Exception {
        String body = webhooks.image("twice-on-jms").toString();
        completionsReset();
        ARTEMIS.send(QUEUE, body);
        awaitProcessed(1);

        // the ESB hands the identical webhook over again, then another one: the queue's one
        // consumer takes them in order, so once the next is stored the duplicate was dealt with
        completionsReset();
        ARTEMIS.send(QUEUE, body);
        ARTEMIS.send(QUEUE, webhooks.image("after-jms-duplicate").toString());
        awaitProcessed(1);

        assertThat(stored(Webhooks.imageKey("after-jms-duplicate"))).exists();
        assertThat(WHAPI.requestsFor("gateway", "jpeg-twice-on-jms")).hasSize(1);
        assertThat(Files.readAllBytes(stored(Webhooks.imageKey("twice-on-jms"))))
                .isEqualTo(SampleMedia.bytes("jpeg-twice-on-jms", 25950));
        assertThat(ARTEMIS.drain(QUEUE)).isEmpty();
    }

    private JsonNode deadLetteredWebhook(String intake) throws IOException {
        Path folder = workDir.resolve("dead-letter/webhooks");
        Awaitility.await()
                .atMost(Duration.ofSeconds(20))
                .until(() -> !entries(folder, intake).isEmpty());
        List<Path> entries = entries(folder, intake);
        assertThat(entries).hasSize(1);
        return JSON.readTree(entries.get(0).toFile());
    }

    private static List<Path> entries(Path folder, String intake) throws IOException {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(f -> f.getFileName().toString().startsWith(intake + "-"))
                    .toList();
        }
    }
}
