package io.whapi.mediarouter;

import static org.assertj.core.api.Assertions.assertThat;

import com.azure.storage.blob.models.BlobItem;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.whapi.mediarouter.support.AppProcess;
import io.whapi.mediarouter.support.AzuriteServer;
import io.whapi.mediarouter.support.EventReceiver;
import io.whapi.mediarouter.support.FakeWhapi;
import io.whapi.mediarouter.support.FileTransferServers;
import io.whapi.mediarouter.support.S3ProxyServer;
import io.whapi.mediarouter.support.SampleMedia;
import io.whapi.mediarouter.support.Webhooks;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Erasure and retention on the packaged jar, with every kind of sink there is: a folder, S3,
 * FTP, SFTP and Azure Blob Storage, each on a real server. One connector serves the tests, as an
 * operator runs one.
 */
class ErasureIT {

    static final String USER = "operator";
    static final String PASSWORD = "ops-Pa55-word";
    static final String SECRET = "receipt-secret-for-the-erasure-it";
    static final String CHAT_A = "447700900111@s.whatsapp.net";
    static final String CHAT_B = "447700900222@s.whatsapp.net";
    static final String CHAT_C = "447700900333@s.whatsapp.net";
    static final List<String> SINKS = List.of("file", "s3", "ftp", "sftp", "azure");
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @RegisterExtension
    static final FakeWhapi WHAPI = FakeWhapi.start();

    @RegisterExtension
    static final S3ProxyServer S3 = S3ProxyServer.start();

    @RegisterExtension
    static final FileTransferServers SERVERS = FileTransferServers.start();

    @RegisterExtension
    static final AzuriteServer AZURITE = AzuriteServer.start();

    @RegisterExtension
    static final EventReceiver RECEIVER = EventReceiver.start();

    @RegisterExtension
    static final AppProcess.Leftovers LEFTOVERS = new AppProcess.Leftovers();

    @TempDir
    static Path dir;

    static AppProcess app;

    @BeforeAll
    static void startTheConnectorWithEveryKindOfSink() {
        app = connector().startForTheClass();
    }

    /** The connector with every kind of sink, on the class's work dir (a restart finds its state there). */
    private static AppProcess connector() {
        return new AppProcess(
                        dir.resolve("work"),
                        "256m",
                        "--whapi.gateway-url=" + WHAPI.gatewayUrl(),
                        "--whapi.token=" + FakeWhapi.TOKEN,
                        "--whapi.channels[0].id=ORCHID-Q7K2P",
                        "--spring.security.user.name=" + USER,
                        "--spring.security.user.password=" + PASSWORD,
                        "--media.erasure.receipt-secret=" + SECRET,
                        "--media.events.hooks.uri=" + RECEIVER.url(),
                        "--media.events.hooks.secret=" + EventReceiver.SECRET,
                        "--media.sinks.s3.uri=" + S3.sinkUri(S3ProxyServer.SECRET_KEY),
                        "--media.sinks.ftp.uri=" + SERVERS.ftpUri(),
                        "--media.sinks.sftp.uri=" + SERVERS.sftpUri(),
                        "--media.sinks.azure.uri=" + AZURITE.sinkUri(),
                        "--media.sinks.azure.endpoint=" + AZURITE.endpoint(),
                        "--media.routing.image=file,s3,ftp,sftp,azure",
                        // stickers to a folder that keeps them 3 s
                        "--media.sinks.brief.uri=file:" + dir.resolve("brief"),
                        "--media.sinks.brief.retention=3s",
                        "--media.retention.interval=500ms",
                        "--media.routing.sticker=brief")
                .asTheImageRunsIt();
    }

    @BeforeEach
    void forgetEarlierRequests() {
        WHAPI.reset();
    }

    private ObjectNode imageInChat(String messageId, String chatId) {
        ObjectNode body = new Webhooks(WHAPI).image(messageId);
        Webhooks.firstMessage(body).put("chat_id", chatId);
        Webhooks.firstMessage(body).put("from", chatId.substring(0, chatId.indexOf('@')));
        return body;
    }

    @Test
    void aChatIsErasedFromEverySinkWithAVerifiableReceiptAndNothingBringsItBack() throws Exception {
        List<ObjectNode> ofA = List.of(imageInChat("chat-a-1", CHAT_A), imageInChat("chat-a-2", CHAT_A));
        for (ObjectNode body : ofA) {
            post(body);
        }
        post(imageInChat("chat-b-1", CHAT_B));
        for (String id : List.of("chat-a-1", "chat-a-2", "chat-b-1")) {
            awaitInEverySink(id);
        }
        Map<String, byte[]> bBefore = copies("chat-b-1");

        JsonNode erasure = awaitDone(erase("{\"chatId\":\"" + CHAT_A + "\"}"));

        for (String id : List.of("chat-a-1", "chat-a-2")) {
            assertThat(holders(Webhooks.imageKey(id)))
                    .as(id + " in any listing")
                    .isEmpty();
            assertThat(holders(Webhooks.imageKey(id) + ".json"))
                    .as(id + "'s sidecar")
                    .isEmpty();
        }
        Map<String, byte[]> bAfter = copies("chat-b-1");
        assertThat(bAfter.keySet()).containsExactlyElementsOf(SINKS);
        bBefore.forEach((sink, bytes) -> assertThat(bAfter.get(sink)).as(sink).isEqualTo(bytes));
        assertThat(erasure.path("items")).hasSize(2 * SINKS.size());
        assertThat(erasure.path("items").findValuesAsText("result")).containsOnly("deleted");

        // the receipt verifies with the documented one-liner and names no one
        JsonNode receipt = erasure.path("receipt");
        assertThat(receipt.toString()).doesNotContain(CHAT_A, "447700900111", "chat-a-1", "chat-a-2");
        SINKS.forEach(sink -> assertThat(
                        receipt.path("sinks").path(sink).path("deleted").asInt())
                .as(sink)
                .isEqualTo(2));
        assertThat(verifiedByTheOneLiner(receipt)).isTrue();
        ObjectNode forged = receipt.deepCopy();
        forged.put("media", 1);
        assertThat(verifiedByTheOneLiner(forged)).as("a changed receipt").isFalse();

        // downstream copies can follow: one whapi.media.erased per media, naming no one
        Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .until(() -> erasedEvents("chat-a-").size() == 2);
        for (JsonNode event : erasedEvents("chat-a-")) {
            assertThat(event.path("data").path("message_id").asText()).isIn("chat-a-1", "chat-a-2");
            assertThat(event.path("data").path("sinks").findValuesAsText("name"))
                    .containsExactlyInAnyOrderElementsOf(SINKS);
            assertThat(event.path("data").toString()).doesNotContain(CHAT_A, "447700900111");
        }

        // redelivered, then backfilled over its day: stored nowhere, not even downloaded
        WHAPI.reset();
        for (ObjectNode body : ofA) {
            post(body);
        }
        WHAPI.history(ofA.stream().map(Webhooks::firstMessage).toList());
        JsonNode backfill = awaitBackfillDone(operations(
                        "POST",
                        "/actuator/backfill",
                        "{\"channelId\":\"ORCHID-Q7K2P\","
                                + "\"from\":\"2024-06-24T00:00:00Z\",\"to\":\"2024-06-27T00:00:00Z\"}")
                .body());
        assertThat(backfill.path("mediaFound").asInt()).isEqualTo(2);
        assertThat(WHAPI.requests().stream().filter(r -> r.path().startsWith("/media/")))
                .isEmpty();
        assertThat(metric("whapi_media_skipped_total{reason=\"erased\",type=\"image\"}"))
                .isGreaterThanOrEqualTo(4);
        for (String id : List.of("chat-a-1", "chat-a-2")) {
            assertThat(holders(Webhooks.imageKey(id))).isEmpty();
        }
    }

    @Test
    void anErasureWhileTheSftpServerIsDownFailsThereAndIsDoneOnceItIsBackAcrossAKill() throws Exception {
        post(imageInChat("chat-c-1", CHAT_C));
        awaitInEverySink("chat-c-1");

        SERVERS.stopSftp();
        String id;
        try {
            id = erase("{\"chatId\":\"" + CHAT_C + "\",\"channelId\":\"ORCHID-Q7K2P\"}");
            Awaitility.await()
                    .atMost(Duration.ofSeconds(60))
                    .until(() -> "failed".equals(erasure(id).path("state").asText()));
            JsonNode failed = erasure(id);
            for (JsonNode item : failed.path("items")) {
                assertThat(item.path("result").asText())
                        .as(item.toString())
                        .isEqualTo(item.path("sink").asText().equals("sftp") ? "failed" : "deleted");
            }
            // killed while it waits to try again: the restarted connector takes the erasure up
            app.kill();
            app = connector().startForTheClass();
        } finally {
            SERVERS.startSftp();
        }
        JsonNode done = awaitDone(id);
        assertThat(holders(Webhooks.imageKey("chat-c-1"))).isEmpty();
        assertThat(done.path("receipt")
                        .path("sinks")
                        .path("sftp")
                        .path("deleted")
                        .asInt())
                .isEqualTo(1);

        // asked again: nothing left, done at once
        assertThat(awaitDone(erase("{\"chatId\":\"" + CHAT_C + "\"}")).path("items"))
                .isEmpty();
    }

    @Test
    void aSinkWithARetentionOfSecondsLosesItsOldMediaAndKeepsTheNewOnes() throws Exception {
        Webhooks webhooks = new Webhooks(WHAPI);
        post(webhooks.viaGetMedia("08-sticker-private-with-link.json", "sticker-old", "webp-sticker-old", 3000));
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> stickerFiles("sticker-old") == 2);
        Thread.sleep(1500);
        post(webhooks.viaGetMedia("08-sticker-private-with-link.json", "sticker-new", "webp-sticker-new", 3000));
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> stickerFiles("sticker-new") == 2);

        Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> stickerFiles("sticker-old") == 0);
        assertThat(stickerFiles("sticker-new")).as("stored 1.5 s later").isEqualTo(2);
        assertThat(metric("whapi_media_expired_total{sink=\"brief\"}")).isGreaterThanOrEqualTo(1);
    }

    /** The whapi.media.erased events the receiver took for messages whose id starts so. */
    private static List<JsonNode> erasedEvents(String messagePrefix) throws IOException {
        List<JsonNode> erased = new ArrayList<>();
        for (EventReceiver.Request request : RECEIVER.requests()) {
            JsonNode event = JSON.readTree(request.body());
            if ("whapi.media.erased".equals(event.path("type").asText())
                    && event.path("data").path("message_id").asText().startsWith(messagePrefix)
                    && request.accepted()) {
                erased.add(event);
            }
        }
        return erased;
    }

    private long stickerFiles(String messageId) throws IOException {
        Path brief = dir.resolve("brief");
        if (!Files.isDirectory(brief)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(brief)) {
            return files.filter(f -> f.getFileName().toString().startsWith(messageId + "."))
                    .count();
        }
    }

    /** Runs the docs' verification, jq and openssl, on the receipt saved as receipt.json. */
    private static boolean verifiedByTheOneLiner(JsonNode receipt) throws Exception {
        Files.writeString(dir.resolve("receipt.json"), receipt.toPrettyString());
        ProcessBuilder oneLiner = new ProcessBuilder(
                        "bash",
                        "-c",
                        "[ \"$(jq -cj 'del(.signature)' receipt.json | openssl dgst -sha256 -hmac"
                                + " \"$MEDIA_ERASURE_RECEIPTSECRET\" -r | cut -d' ' -f1)\""
                                + " = \"$(jq -r .signature receipt.json)\" ] && echo verified")
                .directory(dir.toFile())
                .redirectErrorStream(true);
        oneLiner.environment().put("MEDIA_ERASURE_RECEIPTSECRET", SECRET);
        Process check = oneLiner.start();
        String output = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return check.waitFor() == 0 && output.trim().equals("verified");
    }

    private void post(ObjectNode body) throws Exception {
        HttpResponse<String> response = HTTP.send(
                HttpRequest.newBuilder(URI.create(app.url("/webhooks/whapi")))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    }

    private void awaitInEverySink(String messageId) {
        Awaitility.await()
                .atMost(Duration.ofSeconds(60))
                .until(() -> holders(Webhooks.imageKey(messageId) + ".json").size() == SINKS.size());
    }

    /** Which sinks list this key, each asked as its own server lists. */
    private static List<String> holders(String key) {
        List<String> holders = new ArrayList<>();
        if (Files.exists(dir.resolve("work/media").resolve(key))) {
            holders.add("file");
        }
        if (S3.client().listObjectsV2(b -> b.bucket(S3ProxyServer.BUCKET).prefix(key)).contents().stream()
                .map(S3Object::key)
                .anyMatch(key::equals)) {
            holders.add("s3");
        }
        if (Files.exists(SERVERS.ftpHome.resolve("inbox").resolve(key))) {
            holders.add("ftp");
        }
        if (Files.exists(SERVERS.sftpHome.resolve("inbox").resolve(key))) {
            holders.add("sftp");
        }
        if (AZURITE.container().listBlobs().stream().map(BlobItem::getName).anyMatch(key::equals)) {
            holders.add("azure");
        }
        return holders;
    }

    /** The media's bytes as each sink holds it. */
    private static Map<String, byte[]> copies(String messageId) throws IOException {
        String key = Webhooks.imageKey(messageId);
        Map<String, byte[]> copies = new LinkedHashMap<>();
        copies.put("file", Files.readAllBytes(dir.resolve("work/media").resolve(key)));
        copies.put("s3", S3.object(key));
        copies.put("ftp", Files.readAllBytes(SERVERS.ftpHome.resolve("inbox").resolve(key)));
        copies.put("sftp", Files.readAllBytes(SERVERS.sftpHome.resolve("inbox").resolve(key)));
        copies.put(
                "azure",
                AZURITE.container().getBlobClient(key).downloadContent().toBytes());
        copies.values().forEach(bytes -> assertThat(bytes).isEqualTo(SampleMedia.bytes("jpeg-" + messageId, 25950)));
        return copies;
    }

    private String erase(String request) throws Exception {
        HttpResponse<String> started = operations("POST", "/actuator/erasures", request);
        assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
        return JSON.readTree(started.body()).path("id").asText();
    }

    private JsonNode awaitDone(String id) throws Exception {
        Awaitility.await()
                .atMost(Duration.ofSeconds(90))
                .until(() -> "done".equals(erasure(id).path("state").asText()));
        return erasure(id);
    }

    private JsonNode erasure(String id) throws Exception {
        return JSON.readTree(operations("GET", "/actuator/erasures/" + id, null).body());
    }

    private JsonNode awaitBackfillDone(String started) throws Exception {
        String id = JSON.readTree(started).path("id").asText();
        Awaitility.await()
                .atMost(Duration.ofSeconds(60))
                .until(() -> "done".equals(backfill(id).path("state").asText()));
        return backfill(id);
    }

    private JsonNode backfill(String id) throws Exception {
        for (JsonNode backfill : JSON.readTree(
                        operations("GET", "/actuator/backfill", null).body())
                .path("backfills")) {
            if (backfill.path("id").asText().equals(id)) {
                return backfill;
            }
        }
        throw new AssertionError("no backfill " + id);
    }

    private static double metric(String series) throws Exception {
        String text = HTTP.send(
                        HttpRequest.newBuilder(URI.create(app.managementUrl("/actuator/prometheus")))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
        return text.lines()
                .filter(line -> line.startsWith(series + " "))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .sum();
    }

    private static HttpResponse<String> operations(String method, String path, String json) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create(app.managementUrl(path)))
                        .header(
                                "Authorization",
                                "Basic "
                                        + Base64.getEncoder()
                                                .encodeToString(
                                                        (USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8)))
                        .header("Content-Type", "application/json")
                        .method(
                                method,
                                json == null
                                        ? HttpRequest.BodyPublishers.noBody()
                                        : HttpRequest.BodyPublishers.ofString(json))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
