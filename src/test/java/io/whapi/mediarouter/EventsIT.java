package io.whapi.mediarouter;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.whapi.mediarouter.support.AppProcess;
import io.whapi.mediarouter.support.EventReceiver;
import io.whapi.mediarouter.support.FakeWhapi;
import io.whapi.mediarouter.support.SampleMedia;
import io.whapi.mediarouter.support.Webhooks;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged jar and its event outbox: killed (kill -9) after a media is stored and before its
 * event is published; an HTTP event sink down for two minutes while media flow.
 */
class EventsIT {

    @RegisterExtension
    static final FakeWhapi WHAPI = FakeWhapi.start();

    @RegisterExtension
    static final EventReceiver RECEIVER = EventReceiver.start();

    @RegisterExtension
    static final AppProcess.Leftovers LEFTOVERS = new AppProcess.Leftovers();

    @TempDir
    Path dir;

    @BeforeEach
    void freshReceiver() {
        RECEIVER.reset();
        WHAPI.reset();
    }

    private AppProcess app() {
        return new AppProcess(
                        dir.resolve("work"),
                        "256m",
                        "--whapi.gateway-url=" + WHAPI.gatewayUrl(),
                        "--whapi.token=" + FakeWhapi.TOKEN,
                        "--media.events.hooks.uri=" + RECEIVER.url(),
                        "--media.events.hooks.secret=" + EventReceiver.SECRET)
                .asTheImageRunsIt();
    }

    @Test
    void anEventInFlightAtAKillIsPublishedAgainWithTheSameIdAndNothingIsStoredTwice() throws Exception {
        AppProcess app = app().start();
        RECEIVER.holdRequests();
        HttpResponse<String> accepted = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(app.url("/webhooks/whapi")))
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(new Webhooks(WHAPI)
                                        .image("killed-before-event")
                                        .toString()))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(accepted.statusCode()).isEqualTo(200);
        Path stored = dir.resolve("work/media").resolve(Webhooks.imageKey("killed-before-event"));
        // stored, and its event on the wire, unanswered: the moment to die
        Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .until(() -> RECEIVER.requests().size() == 1);
        assertThat(stored).exists();
        app.kill();
        RECEIVER.release();
        WHAPI.reset();

        AppProcess restarted = app().start();
        try {
            Awaitility.await()
                    .atMost(Duration.ofSeconds(30))
                    .until(() -> RECEIVER.requests().size() == 2);
            List<EventReceiver.Request> requests = RECEIVER.requests();
            assertThat(requests.get(1).webhookId()).isEqualTo(requests.get(0).webhookId());
            assertThat(requests.get(1).signatureValid()).isTrue();
            assertThat(new ObjectMapper()
                            .readTree(requests.get(1).body())
                            .path("data")
                            .path("sha256")
                            .asText())
                    .isEqualTo(SampleMedia.sha256("jpeg-killed-before-event", 25950));
            // the sink had it: not downloaded again, one object
            assertThat(WHAPI.requests()).isEmpty();
            try (Stream<Path> files = Files.list(stored.getParent())) {
                assertThat(files.map(f -> f.getFileName().toString()))
                        .containsExactlyInAnyOrder("killed-before-event.jpg", "killed-before-event.jpg.json");
            }
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> isEmpty(dir.resolve("work/queue")));
        } finally {
            restarted.terminate();
        }
    }

    /**
     * The outbox's promise: an event sink's outage is the event sink's business. Media flow at a
     * steady 10 a second; for 20 s the receiver answers 503 to everything. Retries that held a
     * worker (as they did before the outbox, about a minute each) would take every worker within
     * the first second of it, so 20 s tell the two designs apart as well as a longer outage would;
     * {@code -Devents.outage=PT2M} runs the two minutes. Storage goes on at the rate it had
     * with the receiver up, nothing becomes a dead letter, and once the receiver is back every
     * media's event arrives, one id per media.
     */
    @Test
    void anEventSinkDownSlowsNoStorageAndGetsEveryEventOnceBack() throws Exception {
        AppProcess app = app().start();
        Path media = dir.resolve("work/media");
        Webhooks webhooks = new Webhooks(WHAPI);
        HttpClient http = HttpClient.newHttpClient();
        List<String> posted = new CopyOnWriteArrayList<>();
        ScheduledExecutorService feed = Executors.newSingleThreadScheduledExecutor();
        try {
            // at most 10 a second, and never past the test's own end: the feed stops by itself too
            AtomicInteger next = new AtomicInteger();
            feed.scheduleAtFixedRate(
                    () -> {
                        int n = next.getAndIncrement();
                        if (n >= 2_000) {
                            return;
                        }
                        String id = "flow-" + n;
                        try {
                            HttpResponse<String> answer = http.send(
                                    HttpRequest.newBuilder(URI.create(app.url("/webhooks/whapi")))
                                            .header("Content-Type", "application/json")
                                            .POST(HttpRequest.BodyPublishers.ofString(
                                                    webhooks.image(id).toString()))
                                            .build(),
                                    HttpResponse.BodyHandlers.ofString());
                            if (answer.statusCode() == 200) {
                                posted.add(id);
                            }
                        } catch (IOException e) {
                            // counted by what was posted, not by what was tried
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    },
                    0,
                    100,
                    TimeUnit.MILLISECONDS);

            Thread.sleep(5_000); // warmed up
            long upStart = storedCount(media);
            Thread.sleep(10_000);
            double upRate = (storedCount(media) - upStart) / 10.0;

            Duration outage = Duration.parse(System.getProperty("events.outage", "PT20S"));
            RECEIVER.failFor(outage, 503);
            long downStart = storedCount(media);
            Thread.sleep(outage.toMillis());
            double downRate = (storedCount(media) - downStart) / (outage.toMillis() / 1000.0);
            // shutdown, not shutdownNow: an interrupted POST the app had already acknowledged would
            // be stored yet missing from what the test counts as posted
            feed.shutdown();
            feed.awaitTermination(10, TimeUnit.SECONDS);

            System.out.printf(
                    "Media stored a second: %.2f with the event sink up, %.2f while it answers 503 for %s%n",
                    upRate, downRate, outage);
            assertThat(upRate)
                    .as("media stored a second with the event sink up")
                    .isGreaterThan(8.0);
            assertThat(downRate)
                    .as("media stored a second while the event sink answers 503 (%.1f with it up)", upRate)
                    .isGreaterThanOrEqualTo(upRate * 0.9);
            Awaitility.await()
                    .atMost(Duration.ofSeconds(30))
                    .untilAsserted(() -> assertThat(storedIds(media)).containsExactlyInAnyOrderElementsOf(posted));
            assertThat(dir.resolve("work/dead-letter"))
                    .satisfiesAnyOf(
                            folder -> assertThat(folder).doesNotExist(),
                            folder -> assertThat(isEmpty(folder)).isTrue());

            // back up: every media's stored event arrives, with one id per media
            Awaitility.await()
                    .atMost(Duration.ofSeconds(120))
                    .until(() -> delivered().size() == posted.size());
            Map<String, Set<String>> idsByMessage = new HashMap<>();
            for (EventReceiver.Request request : RECEIVER.requests()) {
                var event = new ObjectMapper().readTree(request.body());
                assertThat(event.path("type").asText()).isEqualTo("whapi.media.stored");
                idsByMessage
                        .computeIfAbsent(event.path("data").path("message_id").asText(), m -> new HashSet<>())
                        .add(request.webhookId());
            }
            assertThat(idsByMessage.keySet()).containsExactlyInAnyOrderElementsOf(posted);
            assertThat(idsByMessage.values()).allSatisfy(ids -> assertThat(ids).hasSize(1));
        } finally {
            feed.shutdownNow();
            app.terminate();
        }
    }

    /** Media of distinct messages the receiver answered 2xx for. */
    private static Set<String> delivered() {
        Set<String> ids = new HashSet<>();
        RECEIVER.requests().stream().filter(EventReceiver.Request::accepted).forEach(r -> ids.add(r.webhookId()));
        return ids;
    }

    private static long storedCount(Path media) throws IOException {
        return storedIds(media).size();
    }

    /** Message ids of the images stored under {@code media}, from their file names. */
    private static Set<String> storedIds(Path media) throws IOException {
        if (!Files.exists(media)) {
            return Set.of();
        }
        try (Stream<Path> files = Files.walk(media)) {
            return files.map(f -> f.getFileName().toString())
                    .filter(name -> name.endsWith(".jpg"))
                    .map(name -> name.substring(0, name.length() - ".jpg".length()))
                    .collect(Collectors.toSet());
        }
    }

    private static boolean isEmpty(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.noneMatch(Files::isRegularFile);
        }
    }
}
