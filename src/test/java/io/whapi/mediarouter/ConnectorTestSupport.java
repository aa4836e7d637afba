package io.whapi.mediarouter;

import static org.assertj.core.api.Assertions.assertThat;

import io.whapi.mediarouter.support.FakeWhapi;
import io.whapi.mediarouter.support.MediaRouterCompletions;
import io.whapi.mediarouter.support.TempFolders;
import io.whapi.mediarouter.support.TestServer;
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
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.camel.CamelContext;
import org.apache.camel.support.service.ServiceHelper;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

/**
 * The packaged routes in a real Spring Boot app on a random port, talking real HTTP to a fake
 * Whapi gateway and link host. Subclasses with the same settings share one running app.
 */
@CamelSpringBootTest
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(ConnectorTestSupport.CountCompletions.class)
// Boot's tests turn metrics export off; operators scrape /actuator/prometheus, so tests do too
@AutoConfigureObservability(tracing = false)
// a property, not a dynamic one, so that a subclass can take the token away
@TestPropertySource(
        properties = {
            "whapi.token=" + FakeWhapi.TOKEN,
            "media.queue.poll-delay=20",
            // the fake link host, named exactly: loopback is allowed only that way
            "media.download.allowed-link-hosts=*.wasabisys.com,127.0.0.1",
            "management.endpoint.health.show-details=always",
            "management.server.port=0",
            // retries that fit in a test: 3 attempts, 50 then 100 ms apart
            "media.fetch-retry.max-redeliveries=2",
            "media.fetch-retry.initial-delay=50",
            "media.fetch-retry.max-delay=200",
        })
public abstract class ConnectorTestSupport {

    protected static final FakeWhapi WHAPI = FakeWhapi.start();

    /**
     * The fake gateway serves every subclass, whose apps Spring keeps running between classes:
     * it is stopped once, when the whole test run ends.
     */
    @RegisterExtension
    static final BeforeAllCallback STOP_WHAPI_AFTER_THE_RUN = TestServer.stopAfterTheRun("fake-whapi", WHAPI);

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    protected final Webhooks webhooks = new Webhooks(WHAPI);

    @LocalServerPort
    protected int port;

    @LocalManagementPort
    protected int managementPort;

    @Autowired
    protected CamelContext camel;

    /** This app's own work dir: each app (test context) keeps its queue and ledgers apart. */
    @Value("${media.work-dir}")
    protected Path workDir;

    @Autowired
    private MediaRouterCompletions completions;

    @TestConfiguration
    static class CountCompletions {

        @Bean
        MediaRouterCompletions mediaRouterCompletions() {
            return new MediaRouterCompletions();
        }

        /** When Spring closes the app (at the end of the run), its folder goes with it. */
        @Bean
        DisposableBean deleteAppFolder(@Value("${test.app-folder}") Path appFolder) {
            return () -> TempFolders.delete(appFolder);
        }
    }

    @DynamicPropertySource
    static void connectToFakeWhapi(DynamicPropertyRegistry registry) {
        registry.add("whapi.gateway-url", WHAPI::gatewayUrl);
        // called once per app the tests start: a fresh folder for each, deleted when it closes
        Path appFolder = TempFolders.create("app");
        registry.add("media.work-dir", () -> appFolder.resolve("work").toString());
        registry.add("test.app-folder", appFolder::toString);
    }

    @BeforeEach
    void forgetEarlierRequests() {
        WHAPI.reset();
        // as NotifyBuilder does: a notifier counts only once added and started
        if (!camel.getManagementStrategy().getEventNotifiers().contains(completions)) {
            camel.getManagementStrategy().addEventNotifier(completions);
            ServiceHelper.startService(completions);
        }
    }

    protected HttpResponse<String> post(String body, String contentType, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/webhooks/whapi"))
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return send(request.build());
    }

    protected HttpResponse<String> send(HttpRequest request) {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A request to the operations API (the management port) as the operator of {@link OperationsAppSettings}. */
    protected HttpResponse<String> operations(String method, String path, String json) {
        return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort + path))
                .header(
                        "Authorization",
                        "Basic " + Base64.getEncoder().encodeToString("operator:history-pw".getBytes()))
                .header("Content-Type", "application/json")
                .method(
                        method,
                        json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json))
                .build());
    }

    /** Posts a webhook and waits until the router has finished each of its media messages. */
    protected HttpResponse<String> postAndAwait(Object body, int mediaMessages) {
        HttpResponse<String> response = postAccepted(body);
        awaitProcessed(mediaMessages);
        return response;
    }

    /** Forget finished messages counted so far: before work that {@link #awaitProcessed} waits for. */
    protected void completionsReset() {
        completions.reset();
    }

    /** Posts a webhook that must be answered 200; {@link #awaitProcessed} then waits for its media. */
    protected HttpResponse<String> postAccepted(Object body) {
        completions.reset();
        HttpResponse<String> response = post(body.toString(), "application/json");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return response;
    }

    protected void awaitProcessed(int mediaMessages) {
        awaitProcessed(mediaMessages, Duration.ofSeconds(60));
    }

    protected void awaitProcessed(int mediaMessages, Duration within) {
        try {
            assertThat(completions.await(mediaMessages, within.toMillis(), TimeUnit.MILLISECONDS))
                    .as("media messages processed")
                    .isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The default file sink's root. */
    protected Path mediaRoot() {
        return workDir.resolve("media");
    }

    protected Path stored(String key) {
        return mediaRoot().resolve(key);
    }

    /** Every regular file under the work dir, as paths relative to it. */
    protected List<String> filesUnderWorkDir() {
        try (Stream<Path> files = Files.walk(workDir)) {
            return files.filter(Files::isRegularFile)
                    .map(f -> workDir.relativize(f).toString())
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
