package io.whapi.mediarouter;

import static org.assertj.core.api.Assertions.assertThat;

import com.azure.storage.blob.BlobClient;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.whapi.mediarouter.support.AppProcess;
import io.whapi.mediarouter.support.AzuriteServer;
import io.whapi.mediarouter.support.FakeWhapi;
import io.whapi.mediarouter.support.FakeWhapi.Behaviour;
import io.whapi.mediarouter.support.HttpsLinkHost;
import io.whapi.mediarouter.support.SampleMedia;
import io.whapi.mediarouter.support.Webhooks;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The packaged jar as its own process: what must hold across a crash, a stop and a small heap. */
class PackagedAppIT {

    @RegisterExtension
    static final FakeWhapi WHAPI = FakeWhapi.start();

    @RegisterExtension
    static final AppProcess.Leftovers LEFTOVERS = new AppProcess.Leftovers();

    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final int TWO_MB = 2 * 1024 * 1024;

    @TempDir
    Path dir;

    Path workDir;

    @TempDir
    static Path operatorDir;

    /** A host for links on premises, behind a certificate of the operator's own CA. */
    static HttpsLinkHost onPrem;

    /** Azure Blob Storage (Azurite), where the operator's videos go beside the folder. */
    static AzuriteServer azurite;

    /**
     * The connector as an operator runs it, with the README's run command (the fat jar): a log
     * shipper that reads JSON lines, links behind a private CA (the README's way to trust it, a
     * truststore for every TLS client of the connector through the JVM), videos to a folder and to
     * Azure. Started once, for the tests that look at those; with the JVM's optimising compiler,
     * since one of them moves a gibibyte. The apps one test starts (and restarts) run the image's
     * layout with its CDS archive, which starts in about half the time, for the same behaviours.
     */
    static AppProcess operated;

    @BeforeAll
    static void startTheConnectorAsAnOperatorConfiguresIt() throws Exception {
        onPrem = new HttpsLinkHost(2000);
        azurite = AzuriteServer.start();
        operated = new AppProcess(
                        operatorDir.resolve("work"),
                        "256m",
                        "--whapi.gateway-url=" + WHAPI.gatewayUrl(),
                        "--whapi.token=" + FakeWhapi.TOKEN,
                        "--logging.structured.format.console=ecs",
                        "--media.download.allowed-link-hosts=127.0.0.1",
                        "--media.sinks.azure.uri=" + azurite.sinkUri(),
                        "--media.sinks.azure.endpoint=" + azurite.endpoint(),
                        "--media.routing.video=file,azure")
                .withJavaToolOptions("-Djavax.net.ssl.trustStore=" + onPrem.truststore()
                        + " -Djavax.net.ssl.trustStorePassword=" + onPrem.truststorePassword())
                .withFullJit()
                .startForTheClass();
    }

    @AfterAll
    static void closeTheLinkHostAndAzurite() {
        onPrem.close();
        azurite.close();
    }

    @BeforeEach
    void freshWorkDir() {
        workDir = dir.resolve("work");
        WHAPI.reset();
    }

    private AppProcess app(String heap) {
        return new AppProcess(
                        workDir, heap, "--whapi.gateway-url=" + WHAPI.gatewayUrl(), "--whapi.token=" + FakeWhapi.TOKEN)
                .asTheImageRunsIt();
    }

    /** One webhook with several no-link images of the given size, each served slowly by Get Media. */
    private ObjectNode slowBatch(String prefix, int count, int size) {
        Webhooks webhooks = new Webhooks(WHAPI);
        ObjectNode body = webhooks.load("02-image-private-no-link.json");
        ArrayNode messages = (ArrayNode) body.get("messages");
        ObjectNode template = (ObjectNode) messages.remove(0);
        for (int i = 0; i < count; i++) {
            ObjectNode message = template.deepCopy();
            message.put("id", prefix + "-" + i);
            ObjectNode image = (ObjectNode) message.get("image");
            image.put("id", "jpeg-" + prefix + "-" + i);
            image.put("file_size", size);
            image.put("sha256", SampleMedia.sha256("jpeg-" + prefix + "-" + i, size));
            WHAPI.serve("jpeg-" + prefix + "-" + i, size);
            WHAPI.onGateway("jpeg-" + prefix + "-" + i, Behaviour.SLOW);
            messages.add(message);
        }
        return body;
    }

    private static void post(AppProcess app, ObjectNode body) throws Exception {
        HttpResponse<String> response = HTTP.send(
                HttpRequest.newBuilder(URI.create(app.url("/webhooks/whapi")))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    }

    private Path stored(String messageId) {
        return workDir.resolve("media/ORCHID-Q7K2P/image/2024/06/25/" + messageId + ".jpg");
    }

    private void assertAllStoredIntact(String prefix, int count, int size) throws Exception {
        Awaitility.await()
                .atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    for (int i = 0; i < count; i++) {
                        if (!Files.exists(stored(prefix + "-" + i).resolveSibling(prefix + "-" + i + ".jpg.json"))) {
                            return false;
                        }
                    }
                    return true;
                });
        for (int i = 0; i < count; i++) {
            assertThat(Files.readAllBytes(stored(prefix + "-" + i)))
                    .isEqualTo(SampleMedia.bytes("jpeg-" + prefix + "-" + i, size));
        }
        assertThat(filesIn("staging")).isEmpty();
        assertThat(filesIn("dead-letter")).isEmpty();
        Awaitility.await()
                .atMost(Duration.ofSeconds(10))
                .until(() -> filesIn("queue").isEmpty());
    }

    private List<Path> filesIn(String folder) throws IOException {
        Path path = workDir.resolve(folder);
        if (!Files.isDirectory(path)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(path)) {
            return new ArrayList<>(files.filter(Files::isRegularFile).toList());
        }
    }

    /** A routing rules file that sends one chat's media to the sink "chats", everything else by the table. */
    private Path rulesFile(String sink) throws IOException {
        Path extra = Files.createDirectories(dir.resolve("extra-routes"));
        Files.writeString(extra.resolve("21-routing-rules.camel.yaml"), """
                - route:
                    id: routing-rules
                    from:
                      uri: direct:routing-rules
                      steps:
                        - choice:
                            when:
                              - simple: "${variable.media.chatId} == '447700900456@s.whatsapp.net'"
                                steps:
                                  - setVariable:
                                      name: sinks
                                      constant: "%s"
                """.formatted(sink));
        return extra;
    }

    @Test
    void aRulesFileInTheExtraFolderReplacesThePackagedRules() throws Exception {
        Path extra = rulesFile("chats");
        Path chats = dir.resolve("chats");
        AppProcess app = new AppProcess(
                        workDir,
                        "256m",
                        "--whapi.gateway-url=" + WHAPI.gatewayUrl(),
                        "--whapi.token=" + FakeWhapi.TOKEN,
                        "--media.extra-routes-dir=" + extra,
                        "--media.sinks.chats.uri=file:" + chats)
                .asTheImageRunsIt()
                .start();
        try {
            post(app, new Webhooks(WHAPI).image("ruled"));

            Path stored = chats.resolve(Webhooks.imageKey("ruled"));
            Awaitility.await()
                    .atMost(Duration.ofSeconds(30))
                    .until(() -> Files.exists(stored.resolveSibling("ruled.jpg.json")));
            assertThat(Files.readAllBytes(stored)).isEqualTo(SampleMedia.bytes("jpeg-ruled", 25950));
            assertThat(stored("ruled")).as("not in the routing table's sink").doesNotExist();
        } finally {
            app.terminate();
        }
        try (var left = Files.list(app.tmpDir())) {
            assertThat(left.map(Path::getFileName).map(Path::toString))
                    .as("Tomcat's folders are under the work dir, not left in the system temp dir")
                    .noneMatch(name -> name.startsWith("tomcat"));
        }
    }

    @Test
    void aRuleNamingAnUndefinedSinkStopsStartupWithOneLineNamingTheFileAndTheSink() throws Exception {
        Path extra = rulesFile("nas");

        AppProcess app = new AppProcess(
                        workDir,
                        "256m",
                        "--whapi.gateway-url=" + WHAPI.gatewayUrl(),
                        "--media.extra-routes-dir=" + extra)
                .asTheImageRunsIt();
        int exit = app.startAndAwaitExit();

        String log = Files.readString(app.log());
        assertThat(exit).isNotZero();
        assertThat(log)
                .contains("APPLICATION FAILED TO START")
                .contains("21-routing-rules.camel.yaml: a rule routes media to sink 'nas', which is not defined"
                        + " (sinks: [file]).")
                .doesNotContain("\tat ");
    }

    /**
     * Both ways a replica stops with media in work, one after the other on the same work dir (the
     * restart after the kill is the one that is then stopped), so that it takes three starts, not four.
     */
    @Test
    void mediaInWorkAreAllStoredAfterAKillMinus9AndAfterASigterm() throws Exception {
        AppProcess app = app("256m").start();
        post(app, slowBatch("killed", 6, TWO_MB));
        // downloads are under way (4 at a time), none can have finished
        Awaitility.await()
                .atMost(Duration.ofSeconds(20))
                .until(() -> WHAPI.requests().size() >= 4);

        app.kill();
        WHAPI.reset();
        AppProcess afterTheKill = app("256m").start();
        assertAllStoredIntact("killed", 6, TWO_MB);

        WHAPI.reset();
        post(afterTheKill, slowBatch("stopped", 6, TWO_MB));
        Awaitility.await()
                .atMost(Duration.ofSeconds(20))
                .until(() -> WHAPI.requests().size() >= 4);
        afterTheKill.terminate();
        AppProcess afterTheSigterm = app("256m").start();
        try {
            assertAllStoredIntact("stopped", 6, TWO_MB);
        } finally {
            afterTheSigterm.terminate();
        }
    }

    @Test
    void aOneGibibyteVideoPassesThroughA256MegabyteHeapToAFolderAndToAzureBlobStorage() throws Exception {
        long size = 1024L * 1024 * 1024;
        ObjectNode body = new Webhooks(WHAPI)
                .viaGetMedia("07-video-group-with-link.json", "one-gibibyte", "mp4-one-gibibyte", size);
        String sha256 = Webhooks.firstMedia(body).get("sha256").asText();
        post(operated, body);

        Path stored = operatorDir.resolve("work/media/ORCHID-Q7K2P/video/2025/03/04/one-gibibyte.mp4");
        BlobClient blob = azurite.container().getBlobClient("ORCHID-Q7K2P/video/2025/03/04/one-gibibyte.mp4");
        Awaitility.await()
                .atMost(Duration.ofMinutes(5))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> Files.exists(stored.resolveSibling("one-gibibyte.mp4.json"))
                        && azurite.container()
                                .getBlobClient("ORCHID-Q7K2P/video/2025/03/04/one-gibibyte.mp4.json")
                                .exists());
        assertThat(Files.size(stored)).isEqualTo(size);
        assertThat(SampleMedia.sha256(Files.newInputStream(stored))).isEqualTo(sha256);
        try (InputStream uploaded = blob.openInputStream()) {
            assertThat(SampleMedia.sha256(uploaded)).isEqualTo(sha256);
        }
        assertThat(operated.isAlive()).isTrue();
    }

    @Test
    void jsonLogsCarryTheMessageOfEachLineAsFields() throws Exception {
        ObjectNode body =
                new Webhooks(WHAPI).viaGetMedia("02-image-private-no-link.json", "json-logs", "jpeg-json-logs", 2000);

        post(operated, body);

        Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .until(() -> Files.readAllLines(operated.log()).stream()
                        .anyMatch(l -> l.contains("Stored image of message json-logs")));
        JsonNode stored = Files.readAllLines(operated.log()).stream()
                .filter(l -> l.contains("Stored image of message json-logs"))
                .map(PackagedAppIT::json)
                .findFirst()
                .orElseThrow();
        // ECS nests dotted names: whapi.message is {"whapi":{"message":...}}
        assertThat(stored.at("/whapi/message").asText()).as(stored.toString()).isEqualTo("json-logs");
        assertThat(stored.at("/whapi/channel").asText()).as(stored.toString()).isEqualTo("ORCHID-Q7K2P");
        assertThat(stored.at("/log/level").asText()).as(stored.toString()).isEqualTo("INFO");
    }

    private static JsonNode json(String line) {
        try {
            return new ObjectMapper().readTree(line);
        } catch (IOException e) {
            throw new AssertionError("not a JSON line: " + line, e);
        }
    }

    @Test
    void aLinkBehindAPrivateCaIsFetchedWhenTheJvmTruststoreHoldsIt() throws Exception {
        ObjectNode body =
                new Webhooks(WHAPI).viaGetMedia("02-image-private-no-link.json", "private-ca", "jpeg-private-ca", 2000);
        Webhooks.firstMedia(body).put("link", onPrem.link("jpeg-private-ca"));

        post(operated, body);

        Path media = operatorDir.resolve("work/media/ORCHID-Q7K2P/image/2024/06/25/private-ca.jpg");
        Path sidecar = media.resolveSibling("private-ca.jpg.json");
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(sidecar));
        assertThat(json(Files.readString(sidecar)).get("fetched_from").asText()).isEqualTo("link");
        assertThat(Files.readAllBytes(media)).isEqualTo(SampleMedia.bytes("jpeg-private-ca", 2000));
        assertThat(WHAPI.requestsFor("gateway", "jpeg-private-ca")).isEmpty();
    }
}
