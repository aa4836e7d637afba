package io.whapi.mediarouter;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.whapi.mediarouter.support.AppProcess;
import io.whapi.mediarouter.support.FakeWhapi;
import io.whapi.mediarouter.support.FakeWhapi.Behaviour;
import io.whapi.mediarouter.support.SampleMedia;
import io.whapi.mediarouter.support.Webhooks;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operations API on the packaged jar with the file queue: behind Spring Boot's user on the
 * management port only, off without a password, and the webhook intake untouched by security.
 */
class OperationsIT {

    /** What the operations API and the console serve: behind the login, on the management port only. */
    static final List<String> OPERATIONS_PATHS =
            List.of("/actuator/deadletters", "/actuator/events", "/actuator/media/c/m", "/console/", "/actuator/camel");

    static final String USER = "operator";
    static final String PASSWORD = "ops-Pa55-word";
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @RegisterExtension
    static final FakeWhapi WHAPI = FakeWhapi.start();

    @RegisterExtension
    static final AppProcess.Leftovers LEFTOVERS = new AppProcess.Leftovers();

    @TempDir
    static Path dir;

    /**
     * The connector with the login set, as an operator runs it: the tests that only look at it or
     * work on their own messages share it, started once. It runs the fat jar, as the README's
     * run command does; the apps one test starts (and restarts) run the image's layout with its
     * CDS archive, which starts in about half the time, for the same behaviours.
     */
    static AppProcess withLogin;

    @BeforeAll
    static void startTheConnectorWithTheLogin() {
        withLogin = appWithLogin("work").startForTheClass();
    }

    /** The gateway serves every test of the class: each counts its own requests. */
    @BeforeEach
    void forgetEarlierRequests() {
        WHAPI.reset();
        WHAPI.slowListing(0);
    }

    private static AppProcess app(String workDir, String... more) {
        List<String> arguments = new ArrayList<>(List.of(
                "--whapi.gateway-url=" + WHAPI.gatewayUrl(),
                "--whapi.token=" + FakeWhapi.TOKEN,
                "--whapi.webhook.secret=intake-secret",
                "--media.fetch-retry.max-redeliveries=0"));
        arguments.addAll(List.of(more));
        return new AppProcess(dir.resolve(workDir), "256m", arguments.toArray(String[]::new));
    }

    private static AppProcess appWithLogin(String workDir) {
        return app(workDir, "--spring.security.user.name=" + USER, "--spring.security.user.password=" + PASSWORD);
    }

    @Test
    void theOperationsApiNeedsTheLoginOnTheManagementPortAndTheIntakeIsUntouched() throws Exception {
        AppProcess app = withLogin;
        assertThat(get(app.managementUrl("/actuator/deadletters"), null).statusCode())
                .isEqualTo(401);
        assertThat(get(app.managementUrl("/actuator/deadletters"), USER + ":wrong")
                        .statusCode())
                .isEqualTo(401);
        HttpResponse<String> listed = get(app.managementUrl("/actuator/deadletters"), USER + ":" + PASSWORD);
        assertThat(listed.statusCode()).isEqualTo(200);
        assertThat(listed.headers().firstValue("Set-Cookie")).isEmpty();
        assertThat(get(app.managementUrl("/console/"), USER + ":" + PASSWORD).body())
                .contains("<title>Whapi Media Router");
        assertThat(get(app.managementUrl("/actuator/camel"), null).statusCode()).isEqualTo(401);
        // what waits for the event sinks, behind the same login
        assertThat(get(app.managementUrl("/actuator/events"), null).statusCode())
                .isEqualTo(401);
        HttpResponse<String> events = get(app.managementUrl("/actuator/events"), USER + ":" + PASSWORD);
        assertThat(events.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(events.body()).has("eventSinks")).isTrue();
        // Camel's developer consoles, behind the same login, and none tells a secret
        HttpResponse<String> consoles = get(app.managementUrl("/actuator/camel"), USER + ":" + PASSWORD);
        assertThat(consoles.statusCode()).isEqualTo(200);
        JsonNode byId = JSON.readTree(consoles.body());
        assertThat(byId.has("context")).isTrue();
        for (String console : (Iterable<String>) byId::fieldNames) {
            String body = get(app.managementUrl("/actuator/camel/" + console), USER + ":" + PASSWORD)
                    .body();
            assertThat(body).as(console).doesNotContain(FakeWhapi.TOKEN, "intake-secret", PASSWORD);
        }
        // probes and metrics stay open, as Kubernetes and Prometheus expect
        assertThat(get(app.managementUrl("/actuator/health/readiness"), null).statusCode())
                .isEqualTo(200);
        assertThat(get(app.managementUrl("/actuator/prometheus"), null).statusCode())
                .isEqualTo(200);
        // the webhook port serves none of it, with or without a login
        for (String path : OPERATIONS_PATHS) {
            assertThat(get(app.url(path), USER + ":" + PASSWORD).statusCode())
                    .as(path)
                    .isEqualTo(404);
        }
        // the intake answers as before: its own 401 and 415, a 200, and no login, no cookie
        HttpResponse<String> unauthorized = postWebhook(app, "{}", "application/json", "wrong");
        assertThat(unauthorized.statusCode()).isEqualTo(401);
        assertThat(unauthorized.body()).contains("webhook secret");
        assertThat(unauthorized.headers().firstValue("WWW-Authenticate")).isEmpty();
        assertThat(postWebhook(app, "x=1", "application/x-www-form-urlencoded", "intake-secret")
                        .statusCode())
                .isEqualTo(415);
        HttpResponse<String> accepted = postWebhook(
                app, new Webhooks(WHAPI).image("intake-as-before").toString(), "application/json", "intake-secret");
        assertThat(accepted.statusCode()).isEqualTo(200);
        assertThat(accepted.body()).isEqualTo("{\"accepted\":1}");
        assertThat(accepted.headers().firstValue("Set-Cookie")).isEmpty();
    }

    @Test
    void withoutAPasswordTheOperationsApiIsOffNotOpen() throws Exception {
        AppProcess app = app("without-login").asTheImageRunsIt().start();
        try {
            for (String path : OPERATIONS_PATHS) {
                assertThat(get(app.managementUrl(path), null).statusCode())
                        .as(path)
                        .isEqualTo(404);
            }
            assertThat(get(app.managementUrl("/actuator/health"), null).statusCode())
                    .isEqualTo(200);
            assertThat(Files.readString(app.log()))
                    .contains("The operations API and console are off. To turn them on, set"
                            + " spring.security.user.password")
                    .doesNotContain("Using generated security password");
        } finally {
            app.terminate();
        }
    }

    @Test
    void deadLettersAreListedDiscardedReplayedAndEveryMediaCanBeTraced() throws Exception {
        AppProcess app = withLogin;
        Webhooks webhooks = new Webhooks(WHAPI);
        List<String> ids = List.of("ops-1", "ops-2", "ops-3");
        for (int i = 0; i < ids.size(); i++) {
            String id = ids.get(i);
            WHAPI.onGateway("jpeg-" + id, Behaviour.NOT_FOUND);
            assertThat(postWebhook(app, webhooks.image(id).toString(), "application/json", "intake-secret")
                            .statusCode())
                    .isEqualTo(200);
            // one after the other, so that "newest first" has an order to check (by each
            // entry's dead_lettered_at, no longer the file's coarse modification time)
            int expected = i + 1;
            Awaitility.await()
                    .atMost(Duration.ofSeconds(30))
                    .until(() -> deadLetters(app).path("total").asInt() == expected);
        }

        JsonNode first = deadLetters(app).path("deadLetters").get(0);
        assertThat(first.path("id").asText()).isEqualTo("ORCHID-Q7K2P_ops-3");
        assertThat(first.path("channelId").asText()).isEqualTo("ORCHID-Q7K2P");
        assertThat(first.path("messageId").asText()).isEqualTo("ops-3");
        assertThat(first.path("type").asText()).isEqualTo("image");
        assertThat(first.path("reason").asText()).contains("404");
        assertThat(first.path("attempts").asInt()).isEqualTo(1);
        assertThat(first.path("deadLetteredAt").asText()).isNotBlank();
        assertThat(first.has("failedSinks")).isTrue();
        JsonNode paged =
                JSON.readTree(get(app.managementUrl("/actuator/deadletters?limit=1&offset=1"), USER + ":" + PASSWORD)
                        .body());
        assertThat(paged.path("deadLetters")).hasSize(1);
        assertThat(paged.path("deadLetters").get(0).path("messageId").asText()).isEqualTo("ops-2");
        assertThat(paged.path("total").asInt()).isEqualTo(3);

        assertThat(send(app, "DELETE", "/actuator/deadletters/ORCHID-Q7K2P_ops-1")
                        .statusCode())
                .isEqualTo(200);
        assertThat(send(app, "DELETE", "/actuator/deadletters/ORCHID-Q7K2P_ops-1")
                        .statusCode())
                .isEqualTo(404);
        assertThat(send(app, "POST", "/actuator/deadletters/no-such-letter").statusCode())
                .isEqualTo(404);

        // the cause is fixed: replay one, then all
        WHAPI.reset();
        assertThat(send(app, "POST", "/actuator/deadletters/ORCHID-Q7K2P_ops-2").statusCode())
                .isEqualTo(200);
        awaitStored("ops-2");
        assertThat(send(app, "POST", "/actuator/deadletters").statusCode()).isEqualTo(200);
        awaitStored("ops-3");
        assertThat(deadLetters(app).path("total").asInt()).isZero();
        assertThat(dir.resolve("work/media").resolve(Webhooks.imageKey("ops-1")))
                .as("discarded")
                .doesNotExist();

        JsonNode provenance =
                JSON.readTree(get(app.managementUrl("/actuator/media/ORCHID-Q7K2P/ops-2"), USER + ":" + PASSWORD)
                        .body());
        assertThat(provenance.path("state").asText()).isEqualTo("stored");
        assertThat(provenance.path("takenIn").get(0).path("via").asText()).isEqualTo("http");
        assertThat(provenance.path("takenIn").get(1).path("by").asText()).isEqualTo(USER);
        assertThat(provenance.path("fetched").path("from").asText()).isEqualTo("get_media");
        assertThat(provenance.path("fetched").path("bytes").asLong()).isEqualTo(25950);
        assertThat(provenance.path("fetched").path("sha256").asText())
                .isEqualTo(SampleMedia.sha256("jpeg-ops-2", 25950));
        assertThat(provenance.path("sinks").get(0).path("name").asText()).isEqualTo("file");
        assertThat(Path.of(provenance.path("sinks").get(0).path("path").asText()))
                .isEqualTo(dir.resolve("work/media")
                        .resolve(Webhooks.imageKey("ops-2"))
                        .toAbsolutePath());
        assertThat(provenance.path("sinks").get(0).path("storedAt").asText()).isNotBlank();
        assertThat(provenance.path("steps").toString()).contains("dead_lettered");

        assertThat(get(app.managementUrl("/actuator/media/ORCHID-Q7K2P/never-seen"), USER + ":" + PASSWORD)
                        .statusCode())
                .isEqualTo(404);
        String log = Files.readString(app.log());
        assertThat(log)
                .contains("Dead letter ORCHID-Q7K2P_ops-1 discarded by " + USER)
                .contains("Dead letter ORCHID-Q7K2P_ops-2 (message ops-2) replayed by " + USER)
                .doesNotContain(PASSWORD);
    }

    @Test
    void aBackfillKilledMidwayGoesOnAfterTheRestartAndQueuesNothingTwice() throws Exception {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        List<ObjectNode> history = new Webhooks(WHAPI)
                .history("backfill", 500, now.minus(Duration.ofDays(30)), Duration.ofSeconds(5180), 2000);
        WHAPI.history(history);
        // a page every half second or so: slow enough to be interrupted
        WHAPI.slowListing(400);
        AppProcess app = appWithLogin("backfill").asTheImageRunsIt().start();
        HttpResponse<String> started = HTTP.send(
                HttpRequest.newBuilder(URI.create(app.managementUrl("/actuator/backfill")))
                        .header("Authorization", basic(USER + ":" + PASSWORD))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(
                                "{\"channelId\":\"ORCHID-Q7K2P\",\"from\":\"" + now.minus(Duration.ofDays(31)) + "\"}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
        String id = JSON.readTree(started.body()).path("id").asText();
        Awaitility.await()
                .atMost(Duration.ofSeconds(60))
                .until(() -> backfill(app, id).path("pagesRead").asInt() >= 2);
        JsonNode atTheKill = backfill(app, id);
        app.kill();
        assertThat(atTheKill.path("state").asText()).as("killed midway").isNotEqualTo("done");

        WHAPI.slowListing(0);
        AppProcess restarted = appWithLogin("backfill").asTheImageRunsIt().start();
        try {
            Awaitility.await()
                    .atMost(Duration.ofSeconds(90))
                    .until(() ->
                            "done".equals(backfill(restarted, id).path("state").asText()));
            JsonNode progress = backfill(restarted, id);
            assertThat(progress.path("mediaFound").asInt()).isEqualTo(150);
            assertThat(progress.path("queued").asInt()
                            + progress.path("alreadyKnown").asInt())
                    .isEqualTo(150);
            for (int i = 0; i < 500; i += 10) {
                for (int j = i; j < i + 3; j++) {
                    Path stored = dir.resolve("backfill/media/ORCHID-Q7K2P/image")
                            .resolve(DateTimeFormatter.ofPattern("yyyy/MM/dd")
                                    .withZone(ZoneOffset.UTC)
                                    .format(Instant.ofEpochSecond(
                                            history.get(j).path("timestamp").asLong())))
                            .resolve("backfill-" + j + ".jpg");
                    Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(stored));
                }
            }
            // queued once each: only a download in flight at the kill is made again
            long downloads = WHAPI.requests().stream()
                    .filter(r -> r.path().startsWith("/media/"))
                    .count();
            assertThat(downloads).isBetween(150L, 158L);
        } finally {
            restarted.terminate();
        }
    }

    private JsonNode backfill(AppProcess app, String id) throws Exception {
        for (JsonNode backfill : JSON.readTree(get(app.managementUrl("/actuator/backfill"), USER + ":" + PASSWORD)
                        .body())
                .path("backfills")) {
            if (backfill.path("id").asText().equals(id)) {
                return backfill;
            }
        }
        throw new AssertionError("no backfill " + id);
    }

    @Test
    void aReplayOrDiscardThatAnotherSiteMakesTheBrowserSendIsRefused() throws Exception {
        HttpResponse<String> refused = HTTP.send(
                HttpRequest.newBuilder(URI.create(withLogin.managementUrl("/actuator/deadletters")))
                        .header("Authorization", basic(USER + ":" + PASSWORD))
                        .header("Origin", "https://evil.example")
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(refused.statusCode()).isEqualTo(403);
    }

    private void awaitStored(String messageId) {
        Path stored = dir.resolve("work/media").resolve(Webhooks.imageKey(messageId));
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(stored));
        try {
            assertThat(Files.readAllBytes(stored)).isEqualTo(SampleMedia.bytes("jpeg-" + messageId, 25950));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private JsonNode deadLetters(AppProcess app) throws Exception {
        return JSON.readTree(get(app.managementUrl("/actuator/deadletters"), USER + ":" + PASSWORD)
                .body());
    }

    private HttpResponse<String> send(AppProcess app, String method, String path) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create(app.managementUrl(path)))
                        .header("Authorization", basic(USER + ":" + PASSWORD))
                        .method(method, HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> get(String url, String credentials) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url));
        if (credentials != null) {
            request.header("Authorization", basic(credentials));
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> postWebhook(AppProcess app, String body, String contentType, String secret)
            throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create(app.url("/webhooks/whapi")))
                        .header("Content-Type", contentType)
                        .header("X-Webhook-Secret", secret)
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String basic(String credentials) {
        return "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
    }
}
