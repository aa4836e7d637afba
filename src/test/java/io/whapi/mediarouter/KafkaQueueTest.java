package io.whapi.mediarouter;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.whapi.mediarouter.support.FakeWhapi.Behaviour;
import io.whapi.mediarouter.support.KafkaBroker;
import io.whapi.mediarouter.support.PostgreSqlServer;
import io.whapi.mediarouter.support.SampleMedia;
import io.whapi.mediarouter.support.TestServer;
import io.whapi.mediarouter.support.Webhooks;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * media.queue.type=kafka: the intake produces each media message to the jobs topic of a real
 * broker, the app consumes it in its consumer group and commits only what is stored or
 * dead-lettered; the ledger is shared, in a real PostgreSQL.
 */
// the app stops (its consumers leave the group) while the broker still runs
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class KafkaQueueTest extends ConnectorTestSupport {

    static final String TOPIC = "whapi.media.jobs";
    static final String DEAD_LETTER_TOPIC = "whapi.media.dead-letter";
    static final KafkaBroker BROKER = KafkaBroker.shared();
    static final PostgreSqlServer POSTGRES = PostgreSqlServer.start();
    static final ObjectMapper JSON = new ObjectMapper();

    /** Stopped when the whole run ends, after this class's app has closed (DirtiesContext). */
    @RegisterExtension
    static final BeforeAllCallback STOP_BROKER_AFTER_THE_RUN = TestServer.stopAfterTheRun(KafkaBroker.SHARED, BROKER);

    @RegisterExtension
    static final BeforeAllCallback STOP_POSTGRES_AFTER_THE_RUN = TestServer.stopAfterTheRun("postgresql", POSTGRES);

    @DynamicPropertySource
    static void kafkaQueue(DynamicPropertyRegistry registry) {
        String ledger = POSTGRES.newDatabase();
        registry.add("media.queue.type", () -> "kafka");
        registry.add("camel.component.kafka.brokers", BROKER::bootstrapServers);
        registry.add("media.queue.kafka.partitions", () -> "4");
        registry.add("media.queue.kafka.replication-factor", () -> "1");
        registry.add("media.queue.kafka.consumers", () -> "2");
        registry.add("media.ledger.store", () -> "jdbc");
        registry.add("media.ledger.jdbc.url", () -> ledger);
        registry.add("media.ledger.jdbc.username", () -> "postgres");
        registry.add("media.ledger.jdbc.password", () -> "postgres");
        registry.add("spring.security.user.name", () -> "operator");
        registry.add("spring.security.user.password", () -> "ops-secret");
    }

    @Test
    void theQueueIsTheTopicNotTheFolder() throws Exception {
        assertThat(camel.getRoute("media-router-kafka")).isNotNull();
        assertThat(camel.getRoute("media-router")).isNull();
        try (Admin admin = BROKER.admin()) {
            Map<String, TopicDescription> topics = admin.describeTopics(List.of(TOPIC, DEAD_LETTER_TOPIC))
                    .allTopicNames()
                    .get();
            // created by the connector, not auto-created with one partition
            assertThat(topics.get(TOPIC).partitions()).hasSize(4);
            assertThat(topics.get(DEAD_LETTER_TOPIC).partitions()).hasSize(4);
        }
    }

    @Test
    void aWebhookIsStoredThroughTheTopicAndItsOffsetCommitted() throws Exception {
        postAndAwait(webhooks.image("via-kafka"), 1);

        assertThat(SampleMedia.sha256(Files.newInputStream(stored(Webhooks.imageKey("via-kafka")))))
                .isEqualTo(SampleMedia.sha256("jpeg-via-kafka", 25950));
        assertThat(workDir.resolve("queue")).doesNotExist();
        // the commit manager in use commits: every record the app took is committed
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> committedOffsets() >= 1);
        assertThat(committedOffsets()).isEqualTo(endOffsets(TOPIC));
    }

    @Test
    void aRedeliveredWebhookProducesNoSecondRecord() throws Exception {
        ObjectNode body = webhooks.image("redelivered-kafka");
        postAndAwait(body, 1);
        long records = endOffsets(TOPIC);

        HttpResponse<String> again = post(body.toString(), "application/json");

        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(endOffsets(TOPIC)).isEqualTo(records);
        assertThat(WHAPI.requestsFor("gateway", "jpeg-redelivered-kafka")).hasSize(1);
    }

    @Test
    void aMediaThatCannotBeStoredEndsOnTheDeadLetterTopic() throws Exception {
        ObjectNode body = webhooks.image("not-found-kafka");
        WHAPI.onGateway("jpeg-not-found-kafka", Behaviour.NOT_FOUND);

        postAndAwait(body, 1);

        JsonNode entry = JSON.readTree(
                deadLetter("ORCHID-Q7K2P/not-found-kafka/jpeg-not-found-kafka").value());
        assertThat(entry.path("media")
                        .path("message_id")
                        .asText(entry.path("media").path("messageId").asText()))
                .isEqualTo("not-found-kafka");
        assertThat(entry.path("error").asText()).contains("404");
        assertThat(workDir.resolve("dead-letter")).doesNotExist();
    }

    @Test
    void aDeadLetterIsReplayedThroughTheApiOntoTheTopicAndItsProvenanceComesFromTheSharedLedger() throws Exception {
        WHAPI.onGateway("jpeg-replay-kafka", Behaviour.NOT_FOUND);
        postAndAwait(webhooks.image("replay-kafka"), 1);
        JsonNode listed =
                JSON.readTree(operations("GET", "/actuator/deadletters").body());
        assertThat(listed.path("deadLetters").findValuesAsText("id")).contains("ORCHID-Q7K2P_replay-kafka");
        long records = endOffsets(TOPIC);

        WHAPI.reset();
        completionsReset();
        assertThat(operations("POST", "/actuator/deadletters/ORCHID-Q7K2P_replay-kafka")
                        .statusCode())
                .isEqualTo(200);
        awaitProcessed(1);

        assertThat(stored(Webhooks.imageKey("replay-kafka"))).exists();
        assertThat(endOffsets(TOPIC)).as("queued again on the jobs topic").isEqualTo(records + 1);
        JsonNode provenance = JSON.readTree(
                operations("GET", "/actuator/media/ORCHID-Q7K2P/replay-kafka").body());
        assertThat(provenance.path("state").asText()).isEqualTo("stored");
        assertThat(provenance.path("steps").findValuesAsText("step"))
                .containsSubsequence("taken_in", "dead_lettered", "replayed", "fetched", "stored");
    }

    private HttpResponse<String> operations(String method, String path) {
        return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort + path))
                .header(
                        "Authorization",
                        "Basic " + Base64.getEncoder().encodeToString("operator:ops-secret".getBytes()))
                .method(method, HttpRequest.BodyPublishers.noBody())
                .build());
    }

    @Test
    void aRecordThatIsNoQueueEntryGoesToTheDeadLetterTopicAndTheRestFlows() throws Exception {
        BROKER.send(TOPIC, "poison", "this is not a queue entry");

        assertThat(deadLetter("poison").value()).isEqualTo("this is not a queue entry");
        postAndAwait(webhooks.image("after-poison"), 1);

        assertThat(stored(Webhooks.imageKey("after-poison"))).exists();
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> committedOffsets() == endOffsets(TOPIC));
    }

    @Test
    void aDeadLetterTopicDeletedAndCreatedAgainTakesTheRecordThatWaitedForIt() throws Exception {
        // the producer knows the topic first, as it does in a connector that has been running
        BROKER.send(TOPIC, "poison-before", "this is not a queue entry either");
        assertThat(deadLetter("poison-before").value()).isEqualTo("this is not a queue entry either");
        try (Admin admin = BROKER.admin()) {
            admin.deleteTopics(List.of(DEAD_LETTER_TOPIC)).all().get();
            Awaitility.await()
                    .atMost(Duration.ofSeconds(30))
                    .until(() -> !admin.listTopics().names().get().contains(DEAD_LETTER_TOPIC));
            // a record that fails while the topic is gone waits in the producer (delivery.timeout.ms,
            // 120 s; it was tried with the topic gone for 65 s too), neither skipped nor stalled after
            BROKER.send(TOPIC, "poison-while-gone", "nor is this");
            Thread.sleep(5000);
            admin.createTopics(List.of(new NewTopic(DEAD_LETTER_TOPIC, 4, (short) 1)))
                    .all()
                    .get();
        }
        long created = System.nanoTime();

        assertThat(deadLetter("poison-while-gone").value()).isEqualTo("nor is this");
        assertThat(Duration.ofNanos(System.nanoTime() - created))
                .as("dead-lettered once the topic is back")
                .isLessThan(Duration.ofSeconds(10));
        postAndAwait(webhooks.image("after-recreated-topic"), 1);
        assertThat(stored(Webhooks.imageKey("after-recreated-topic"))).exists();
    }

    @Test
    void aBrokerThatIsDownGets503WithinTheGatewaysPatienceThen200OnceBack() throws Exception {
        ObjectNode body = webhooks.image("broker-down");
        BROKER.stopProcess();
        try {
            long started = System.nanoTime();
            HttpResponse<String> refused = post(body.toString(), "application/json");
            long millis = (System.nanoTime() - started) / 1_000_000;

            assertThat(refused.statusCode()).as(refused.body()).isEqualTo(503);
            assertThat(refused.headers().firstValue("Retry-After")).isPresent();
            assertThat(millis).as("answered within the gateway's 5 s").isLessThan(5000);
        } finally {
            BROKER.startProcess();
        }

        // the gateway retries until it gets its 200; nothing was recorded for the refused attempt
        completionsReset();
        Awaitility.await()
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> post(body.toString(), "application/json").statusCode() == 200);
        awaitProcessed(1);
        assertThat(stored(Webhooks.imageKey("broker-down"))).exists();
    }

    private ConsumerRecord<String, String> deadLetter(String key) {
        return BROKER.awaitRecord(DEAD_LETTER_TOPIC, key);
    }

    private long committedOffsets() {
        return BROKER.committedOffsets("whapi-media-router", TOPIC);
    }

    private long endOffsets(String topic) {
        return BROKER.endOffsets(topic);
    }
}
