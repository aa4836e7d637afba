package io.whapi.mediarouter;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.whapi.mediarouter.support.AppProcess;
import io.whapi.mediarouter.support.EventReceiver;
import io.whapi.mediarouter.support.FakeWhapi;
import io.whapi.mediarouter.support.SampleMedia;
import io.whapi.mediarouter.support.Webhooks;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The packaged jar killed (kill -9) after a media is stored and before its event is published. */
class EventsIT {

    @RegisterExtension
    static final FakeWhapi WHAPI = FakeWhapi.start();

    @RegisterExtension
    static final EventReceiver RECEIVER = EventReceiver.start();

    @RegisterExtension
    static final AppProcess.Leftovers LEFTOVERS = new AppProcess.Leftovers();

    @TempDir
    Path dir;

    private AppProcess app() {
        return new AppProcess(
                dir.resolve("work"),
                "256m",
                "--whapi.gateway-url=" + WHAPI.gatewayUrl(),
                "--whapi.token=" + FakeWhapi.TOKEN,
                "--media.events.hooks.uri=" + RECEIVER.url(),
                "--media.events.hooks.secret=" + EventReceiver.SECRET);
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

    private static boolean isEmpty(Path folder) throws java.io.IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.noneMatch(Files::isRegularFile);
        }
    }
}
