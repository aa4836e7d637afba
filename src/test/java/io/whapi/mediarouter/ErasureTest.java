package io.whapi.mediarouter;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.whapi.mediarouter.support.FakeWhapi;
import io.whapi.mediarouter.support.Webhooks;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Erasure on request through the operations API, on the file sink: a chat's media go from the
 * sink with their sidecars, another chat's stay as they were, the receipt verifies and names no
 * one, and a redelivered webhook of an erased message stores nothing again. And retention: a
 * sink that keeps media a few seconds loses the old ones and keeps the new.
 */
@OperationsAppSettings
class ErasureTest extends ConnectorTestSupport {

    static final String SECRET = "erasure-receipt-secret-for-tests";
    static final String CHAT_A = "447700900111@s.whatsapp.net";
    static final String CHAT_B = "447700900222@s.whatsapp.net";
    static final ObjectMapper JSON = new ObjectMapper();

    @Autowired
    private MeterRegistry registry;

    private ObjectNode imageInChat(String messageId, String chatId) {
        ObjectNode body = webhooks.image(messageId);
        Webhooks.firstMessage(body).put("chat_id", chatId);
        Webhooks.firstMessage(body).put("from", chatId.substring(0, chatId.indexOf('@')));
        return body;
    }

    @Test
    void aChatsMediaGoFromTheSinkWithAReceiptAndNeverComeBackWhileAnotherChatsStay() throws Exception {
        List<String> ofA = List.of("erase-a-1", "erase-a-2");
        for (String id : ofA) {
            postAndAwait(imageInChat(id, CHAT_A), 1);
        }
        postAndAwait(imageInChat("keep-b-1", CHAT_B), 1);
        byte[] keptBefore = Files.readAllBytes(stored(Webhooks.imageKey("keep-b-1")));

        HttpResponse<String> started = operations("POST", "/actuator/erasures", "{\"chatId\":\"" + CHAT_A + "\"}");
        assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
        String id = JSON.readTree(started.body()).path("id").asText();
        JsonNode erasure = awaitDone(id);

        for (String messageId : ofA) {
            assertThat(stored(Webhooks.imageKey(messageId))).doesNotExist();
            assertThat(stored(Webhooks.imageKey(messageId) + ".json")).doesNotExist();
        }
        assertThat(Files.readAllBytes(stored(Webhooks.imageKey("keep-b-1")))).isEqualTo(keptBefore);
        assertThat(stored(Webhooks.imageKey("keep-b-1") + ".json")).exists();
        assertThat(erasure.path("items")).hasSize(2);
        assertThat(erasure.path("items").findValuesAsText("result")).containsOnly("deleted");
        assertThat(erasure.path("items").findValuesAsText("sink")).containsOnly("file");
        assertThat(erasure.path("requestedBy").asText()).isEqualTo("operator");

        // the receipt: signed as docs/operations.md says, and no identifier in clear
        JsonNode receipt = erasure.path("receipt");
        ObjectNode unsigned = receipt.deepCopy();
        unsigned.remove("signature");
        assertThat(receipt.path("signature").asText()).isEqualTo(hmac(JSON.writeValueAsString(unsigned)));
        assertThat(receipt.path("sinks").path("file").path("deleted").asInt()).isEqualTo(2);
        assertThat(receipt.path("asked").path("chatId").asText()).isEqualTo(hmac(CHAT_A));
        assertThat(receipt.toString()).doesNotContain(CHAT_A, "447700900111", "erase-a-1", "erase-a-2");
        // nor in what the connector keeps of it: provenance of an erased message is gone
        assertThat(operations("GET", "/actuator/media/ORCHID-Q7K2P/erase-a-1", null)
                        .statusCode())
                .isEqualTo(404);
        assertThat(filesUnderWorkDir().stream()
                        .filter(f -> f.startsWith("ledger/provenance/"))
                        .map(f -> readString(workDir.resolve(f))))
                .as("provenance files kept for other messages")
                .isNotEmpty()
                .noneMatch(text -> text.contains("erase-a-1") || text.contains("erase-a-2"));

        // redelivered: answered as usual, taken in never again, counted as erased
        double erasedBefore = skippedAsErased();
        HttpResponse<String> redelivered = post(imageInChat("erase-a-1", CHAT_A).toString(), "application/json");
        assertThat(redelivered.statusCode()).isEqualTo(200);
        assertThat(skippedAsErased()).isEqualTo(erasedBefore + 1);
        assertThat(stored(Webhooks.imageKey("erase-a-1"))).doesNotExist();

        // asked again: harmless, nothing left to erase
        HttpResponse<String> again = operations("POST", "/actuator/erasures", "{\"chatId\":\"" + CHAT_A + "\"}");
        assertThat(again.statusCode()).isEqualTo(202);
        JsonNode repeated = awaitDone(JSON.readTree(again.body()).path("id").asText());
        assertThat(repeated.path("items")).isEmpty();
        assertThat(operations("GET", "/actuator/erasures", null).body()).contains(id);
    }

    @Test
    void aMessageQueuedBeforeItsErasureIsNotStoredAfterIt() throws Exception {
        // erased by id before its webhook is even processed: the tombstone stops it in the router
        HttpResponse<String> started = operations(
                "POST", "/actuator/erasures", "{\"channelId\":\"ORCHID-Q7K2P\",\"messageIds\":[\"erase-early\"]}");
        assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
        awaitDone(JSON.readTree(started.body()).path("id").asText());

        assertThat(post(imageInChat("erase-early", CHAT_A).toString(), "application/json")
                        .statusCode())
                .isEqualTo(200);
        assertThat(stored(Webhooks.imageKey("erase-early"))).doesNotExist();
        assertThat(WHAPI.requestsFor("gateway", "jpeg-erase-early")).isEmpty();
    }

    @Test
    void aMediaErasedWhileItDownloadsIsNotStored() throws Exception {
        ObjectNode body = webhooks.viaGetMedia(
                "02-image-private-no-link.json", "erase-in-flight", "jpeg-erase-in-flight", 2_000_000);
        WHAPI.onGateway("jpeg-erase-in-flight", FakeWhapi.Behaviour.SLOW);
        completionsReset();
        postAccepted(body);
        Awaitility.await()
                .atMost(Duration.ofSeconds(10))
                .until(() ->
                        !WHAPI.requestsFor("gateway", "jpeg-erase-in-flight").isEmpty());

        HttpResponse<String> started = operations(
                "POST", "/actuator/erasures", "{\"channelId\":\"ORCHID-Q7K2P\",\"messageIds\":[\"erase-in-flight\"]}");
        awaitDone(JSON.readTree(started.body()).path("id").asText());
        awaitProcessed(1);

        assertThat(stored(Webhooks.imageKey("erase-in-flight"))).doesNotExist();
        assertThat(stored(Webhooks.imageKey("erase-in-flight") + ".json")).doesNotExist();
        assertThat(filesUnderWorkDir()).noneMatch(file -> file.contains("erase-in-flight"));
    }

    @Test
    void aRequestThatIsNotExactlyOneOfChatSenderOrMessagesIsRefusedNamingTheProblem() {
        assertThat(operations("POST", "/actuator/erasures", "{}").body()).contains("exactly one of");
        HttpResponse<String> two = operations("POST", "/actuator/erasures", "{\"chatId\":\"a\",\"from\":\"b\"}");
        assertThat(two.statusCode()).isEqualTo(400);
        assertThat(two.body()).contains("exactly one of chatId, from");
        HttpResponse<String> empty =
                operations("POST", "/actuator/erasures", "{\"channelId\":\"ORCHID-Q7K2P\",\"messageIds\":[]}");
        assertThat(empty.statusCode()).isEqualTo(400);
        assertThat(empty.body()).contains("non-empty list");
        assertThat(operations("POST", "/actuator/erasures", "{\"messageIds\":[\"m\"]}")
                        .body())
                .contains("needs the channelId");
        assertThat(operations("GET", "/actuator/erasures/no-such-erasure", null).statusCode())
                .isEqualTo(404);
    }

    @Test
    void aSinkWithARetentionLosesMediaOlderThanItAndKeepsNewerOnes() throws Exception {
        // the sink "brief" keeps stickers 3 s, swept every 500 ms
        postAndAwait(webhooks.viaGetMedia("08-sticker-private-with-link.json", "brief-old", "webp-brief-old", 3000), 1);
        Thread.sleep(1500);
        postAndAwait(webhooks.viaGetMedia("08-sticker-private-with-link.json", "brief-new", "webp-brief-new", 3000), 1);
        assertThat(filesOf("brief-old")).hasSize(2);
        double expiredBefore = expired();

        Awaitility.await()
                .atMost(Duration.ofSeconds(10))
                .until(() -> filesOf("brief-old").isEmpty());
        assertThat(filesOf("brief-new"))
                .as("stored 1.5 s later, not expired yet")
                .hasSize(2);
        assertThat(expired()).isGreaterThanOrEqualTo(expiredBefore + 1);
        assertThat(operations("GET", "/actuator/media/ORCHID-Q7K2P/brief-old", null)
                        .body())
                .contains("expired");
    }

    /** The binary and the sidecar of the message in the sink "brief". */
    private List<Path> filesOf(String messageId) throws Exception {
        Path brief = workDir.resolve("brief");
        if (!Files.isDirectory(brief)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(brief)) {
            return files.filter(f -> f.getFileName().toString().startsWith(messageId + "."))
                    .toList();
        }
    }

    private double expired() {
        return registry.find("whapi.media.expired").tag("sink", "brief").counters().stream()
                .mapToDouble(Counter::count)
                .sum();
    }

    private JsonNode awaitDone(String id) throws Exception {
        Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .until(() -> "done".equals(erasure(id).path("state").asText()));
        return erasure(id);
    }

    private JsonNode erasure(String id) throws Exception {
        return JSON.readTree(operations("GET", "/actuator/erasures/" + id, null).body());
    }

    private double skippedAsErased() {
        return registry.find("whapi.media.skipped").tag("reason", "erased").counters().stream()
                .mapToDouble(Counter::count)
                .sum();
    }

    private static String hmac(String text) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
    }

    private static String readString(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
