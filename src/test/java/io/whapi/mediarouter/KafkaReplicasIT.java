package io.whapi.mediarouter;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.whapi.mediarouter.support.AppProcess;
import io.whapi.mediarouter.support.EventReceiver;
import io.whapi.mediarouter.support.FakeWhapi;
import io.whapi.mediarouter.support.FakeWhapi.Behaviour;
import io.whapi.mediarouter.support.KafkaBroker;
import io.whapi.mediarouter.support.PostgreSqlServer;
import io.whapi.mediarouter.support.SampleMedia;
import io.whapi.mediarouter.support.Webhooks;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two replicas of the packaged jar share the work through the jobs topic of a real Kafka broker
 * and the ledger in a real PostgreSQL; one is killed (kill -9) while downloads are in flight.
 * Each app start costs seconds of these 2 cores: a scenario that needs fresh replicas checks all
 * it can with them.
 */
class KafkaReplicasIT {

    static final int WEBHOOKS = 30;
    static final int MEDIA_PER_WEBHOOK = 10;
    static final int SIZE = 100_000;

    @RegisterExtension
    static final FakeWhapi WHAPI = FakeWhapi.start();

    @RegisterExtension
    static final KafkaBroker BROKER = KafkaBroker.start();

    @RegisterExtension
    static final PostgreSqlServer POSTGRES = PostgreSqlServer.start();

    @RegisterExtension
    static final AppProcess.Leftovers LEFTOVERS = new AppProcess.Leftovers();

    static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    @TempDir
    static Path singleDir;

    /**
     * One replica alone, for what a replica does with the broker itself (an outage, a poison
     * record): started once, on a topic of its own with a dead-letter topic.
     */
    static AppProcess single;

    @BeforeAll
    static void startOneReplica() {
        single = replicaIn(
                        singleDir,
                        "single",
                        POSTGRES.newDatabase(),
                        "--media.queue.kafka.topic=single.jobs",
                        "--media.queue.kafka.dead-letter-topic=single.dead-letter")
                .startForTheClass();
    }

    /** The gateway serves every test of the class: each counts its own requests. */
    @BeforeEach
    void forgetEarlierRequests() {
        WHAPI.reset();
    }

    private AppProcess replica(String name, String ledger, String... more) {
        return replicaIn(dir, name, ledger, more);
    }

    private static AppProcess replicaIn(Path dir, String name, String ledger, String... more) {
        List<String> arguments = new ArrayList<>(List.of(
                "--whapi.gateway-url=" + WHAPI.gatewayUrl(),
                "--whapi.token=" + FakeWhapi.TOKEN,
                "--media.queue.type=kafka",
                "--camel.component.kafka.brokers=" + BROKER.bootstrapServers(),
                // a killed replica's partitions move after this, not after the default 45 s
                "--camel.component.kafka.session-timeout-ms=10000",
                "--media.queue.kafka.partitions=8",
                "--media.queue.kafka.replication-factor=1",
                "--media.queue.kafka.consumers=2",
                "--media.ledger.store=jdbc",
                "--media.ledger.jdbc.url=" + ledger,
                "--media.ledger.jdbc.username=postgres",
                "--media.ledger.jdbc.password=postgres",
                // one sink both replicas write to
                "--media.sinks.file.uri=file:" + dir.resolve("sink")));
        arguments.addAll(List.of(more));
        return new AppProcess(dir.resolve(name), "256m", arguments.toArray(String[]::new)).asTheImageRunsIt();
    }

    /**
     * Two replicas share the work and, through the JDBC ledger, the event outbox. While the event
     * receiver refuses every event, one replica is killed (kill -9) in the middle of its downloads,
     * with events of its own waiting. Every acknowledged media is stored once, by whichever
     * replica; once the receiver is back, every media's event arrives, with one id per media.
     * (One scenario for both, so that it takes two starts, not four.)
     */
    @Test
    void everyAcknowledgedMediaIsStoredAndAnnouncedOnceWhenAReplicaIsKilledMidFlightDuringAnEventSinkOutage()
            throws Exception {
        try (EventReceiver receiver = EventReceiver.start()) {
            String ledger = POSTGRES.newDatabase();
            String[] events = {
                "--media.events.hooks.uri=" + receiver.url(),
                "--media.events.hooks.secret=" + EventReceiver.SECRET,
                "--media.event-retry.initial-delay=200",
                "--media.event-retry.max-delay=2000",
                // what the killed replica had taken is published by the other this soon
                "--media.event-retry.takeover-after=5s"
            };
            receiver.failFor(Duration.ofMinutes(5), 503);
            AppProcess first = replica("first", ledger, events);
            AppProcess second = replica("second", ledger, events);
            AppProcess.startTogether(first, second);

            Webhooks webhooks = new Webhooks(WHAPI);
            Set<String> messages = new HashSet<>();
            for (int w = 0; w < WEBHOOKS; w++) {
                HttpResponse<String> response = post(w % 2 == 0 ? first : second, batch(webhooks, w));
                assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
                for (int m = 0; m < MEDIA_PER_WEBHOOK; m++) {
                    messages.add(id(w, m));
                }
            }
            // some stored, most still to come: kill one replica in the middle of its work
            Awaitility.await()
                    .ignoreExceptionsInstanceOf(UncheckedIOException.class)
                    .atMost(Duration.ofSeconds(60))
                    .until(() -> storedMedia() >= 40);
            first.kill();

            Awaitility.await()
                    .ignoreExceptionsInstanceOf(UncheckedIOException.class)
                    .atMost(Duration.ofSeconds(120))
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> storedMedia() == messages.size() && sidecars() == messages.size());
            for (String id : messages) {
                assertThat(Files.readAllBytes(dir.resolve("sink").resolve(key(id))))
                        .as(id)
                        .isEqualTo(SampleMedia.bytes("jpeg-" + id, SIZE));
            }
            // one object per key and nothing half-written: exactly the media and their sidecars
            assertThat(files(dir.resolve("sink"))).hasSize(2 * messages.size());
            assertThat(files(dir.resolve("second/staging"))).isEmpty();
            // only what was in flight at the kill was downloaded again
            long downloads = WHAPI.requests().stream()
                    .filter(r -> r.path().startsWith("/media/"))
                    .count();
            assertThat(downloads).isBetween((long) messages.size(), messages.size() + 8L);
            assertThat(deliveredMessages(receiver))
                    .as("no event taken during the outage")
                    .isEmpty();

            receiver.endOutage();
            Awaitility.await()
                    .atMost(Duration.ofSeconds(150))
                    .pollInterval(Duration.ofSeconds(1))
                    .until(() -> deliveredMessages(receiver).size() == messages.size());
            assertThat(deliveredMessages(receiver)).containsExactlyInAnyOrderElementsOf(messages);
            Map<String, Set<String>> idsByMessage = new HashMap<>();
            for (EventReceiver.Request request : receiver.requests()) {
                idsByMessage
                        .computeIfAbsent(messageId(request), m -> new HashSet<>())
                        .add(request.webhookId());
            }
            assertThat(idsByMessage.values()).allSatisfy(ids -> assertThat(ids).hasSize(1));
            second.terminate();
        }
    }

    private static Set<String> deliveredMessages(EventReceiver receiver) {
        Set<String> delivered = new HashSet<>();
        receiver.requests().stream()
                .filter(EventReceiver.Request::accepted)
                .forEach(request -> delivered.add(messageId(request)));
        return delivered;
    }

    private static String messageId(EventReceiver.Request request) {
        try {
            return new ObjectMapper()
                    .readTree(request.body())
                    .path("data")
                    .path("message_id")
                    .asText();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void aReplicaAnswers503WhileTheBrokerIsDownThen200AndStoresWhatItAcknowledged() throws Exception {
        long recordsBefore = BROKER.endOffsets("single.jobs");
        Webhooks webhooks = new Webhooks(WHAPI);
        HttpResponse<String> before = post(single, webhooks.image("before-outage"));
        assertThat(before.statusCode()).isEqualTo(200);

        BROKER.stopProcess();
        ObjectNode during = webhooks.image("during-outage");
        try {
            for (int attempt = 0; attempt < 3; attempt++) {
                long started = System.nanoTime();
                HttpResponse<String> refused = post(single, during);
                long millis = (System.nanoTime() - started) / 1_000_000;
                assertThat(refused.statusCode()).as(refused.body()).isEqualTo(503);
                assertThat(refused.headers().firstValue("Retry-After")).isPresent();
                assertThat(millis).as("answered within the gateway's 5 s").isLessThan(5000);
            }
        } finally {
            BROKER.startProcess();
        }

        // the gateway retries until it gets its 200
        Awaitility.await()
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> post(single, during).statusCode() == 200);
        Path sink = singleDir.resolve("sink");
        Awaitility.await()
                .atMost(Duration.ofSeconds(60))
                .until(() -> Files.exists(sink.resolve(Webhooks.imageKey("during-outage")))
                        && Files.exists(sink.resolve(Webhooks.imageKey("before-outage"))));
        // the refused attempts recorded nothing: one record per media on the topic, all committed
        assertThat(BROKER.endOffsets("single.jobs")).isEqualTo(recordsBefore + 2);
        Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .until(() -> BROKER.committedOffsets("whapi-media-router", "single.jobs") == recordsBefore + 2);
    }

    @Test
    void aPoisonRecordEndsOnTheDeadLetterTopicWhileTheRestFlows() throws Exception {
        long recordsBefore = BROKER.endOffsets("single.jobs");

        BROKER.send("single.jobs", "poison", "{\"this is\": \"no queue entry\"");
        HttpResponse<String> after = post(single, new Webhooks(WHAPI).image("after-poison"));

        assertThat(after.statusCode()).isEqualTo(200);
        assertThat(BROKER.awaitRecord("single.dead-letter", "poison").value())
                .isEqualTo("{\"this is\": \"no queue entry\"");
        Awaitility.await()
                .atMost(Duration.ofSeconds(60))
                .until(() -> Files.exists(singleDir.resolve("sink").resolve(Webhooks.imageKey("after-poison"))));
        Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .until(() -> BROKER.committedOffsets("whapi-media-router", "single.jobs") == recordsBefore + 2);
    }

    @Test
    void twoReplicasReconcilingTheSameChannelQueueEachMissingMediaOnce() throws Exception {
        Instant now = Instant.now();
        // the newest first, an hour apart
        List<ObjectNode> history = new Webhooks(WHAPI).history("never-sent", 100, now, Duration.ofHours(-1), 2000);
        WHAPI.history(history);
        String ledger = POSTGRES.newDatabase();
        String[] reconcile = {
            "--media.queue.kafka.topic=reconcile.jobs",
            "--whapi.channels[0].id=ORCHID-Q7K2P",
            "--media.reconcile.interval=3s",
            "--media.reconcile.lookback=7d"
        };
        long startedAt = System.currentTimeMillis();
        AppProcess first = replica("reconcile-a", ledger, reconcile);
        AppProcess second = replica("reconcile-b", ledger, reconcile);
        AppProcess.startTogether(first, second);
        try {
            Awaitility.await()
                    .ignoreExceptionsInstanceOf(UncheckedIOException.class)
                    .atMost(Duration.ofSeconds(90))
                    .until(() -> sidecars() == 30);
            // two more runs that listed the window (of either replica) found nothing more to queue
            long listed = listRequests();
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> listRequests() >= listed + 2);
            assertThat(BROKER.endOffsets("reconcile.jobs"))
                    .as("each missing media queued once")
                    .isEqualTo(30);
            assertThat(storedMedia()).isEqualTo(30);
            assertThat(WHAPI.requests().stream().filter(r -> r.path().startsWith("/media/")))
                    .hasSize(30);
            // one run per 3 s window for both replicas together (a page each): the ledger let one
            // of them reconcile each window, where both timers fired in it
            long windows = (System.currentTimeMillis() - startedAt) / 3000 + 2;
            assertThat(WHAPI.requests().stream().filter(r -> r.path().startsWith("/messages/list")))
                    .hasSizeLessThanOrEqualTo((int) windows);
        } finally {
            first.terminate();
            second.terminate();
        }
    }

    private ObjectNode batch(Webhooks webhooks, int w) {
        ObjectNode body = webhooks.load("02-image-private-no-link.json");
        ArrayNode messages = (ArrayNode) body.get("messages");
        ObjectNode template = (ObjectNode) messages.remove(0);
        for (int m = 0; m < MEDIA_PER_WEBHOOK; m++) {
            String id = id(w, m);
            ObjectNode message = template.deepCopy();
            message.put("id", id);
            ObjectNode image = (ObjectNode) message.get("image");
            image.put("id", "jpeg-" + id);
            image.put("file_size", SIZE);
            image.put("sha256", SampleMedia.sha256("jpeg-" + id, SIZE));
            WHAPI.serve("jpeg-" + id, SIZE);
            WHAPI.onGateway("jpeg-" + id, Behaviour.SLOW);
            messages.add(message);
        }
        return body;
    }

    private static String id(int webhook, int media) {
        return "replicas-" + webhook + "-" + media;
    }

    private static String key(String messageId) {
        return "ORCHID-Q7K2P/image/2024/06/25/" + messageId + ".jpg";
    }

    private long storedMedia() throws IOException {
        return files(dir.resolve("sink")).stream()
                .filter(f -> f.getFileName().toString().endsWith(".jpg"))
                .count();
    }

    private long sidecars() throws IOException {
        return files(dir.resolve("sink")).stream()
                .filter(f -> f.getFileName().toString().endsWith(".jpg.json"))
                .count();
    }

    /** The files under the folder; while sinks write, a walk can meet a temporary file just renamed (retried). */
    private static List<Path> files(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(folder)) {
            return files.filter(Files::isRegularFile).toList();
        }
    }

    private static HttpResponse<String> post(AppProcess app, ObjectNode body) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create(app.url("/webhooks/whapi")))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static long listRequests() {
        return WHAPI.requests().stream()
                .filter(r -> r.path().startsWith("/messages/list"))
                .count();
    }
}
