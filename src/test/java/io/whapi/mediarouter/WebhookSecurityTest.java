package io.whapi.mediarouter;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.whapi.mediarouter.support.FakeWhapi;
import io.whapi.mediarouter.support.Webhooks;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Arrays;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/** The intake as an endpoint on the internet: shared secret, body size limit, per-channel tokens. */
@TestPropertySource(
        properties = {
            "whapi.webhook.secret=old-secret-1a2b, new-secret-3c4d",
            "whapi.webhook.max-body-size=64KB",
            "whapi.channels[0].id=SECOND-CHANNEL",
            "whapi.channels[0].token=second-channel-token",
            "media.max-size=1MB",
        })
class WebhookSecurityTest extends ConnectorTestSupport {

    @Test
    void aWebhookWithoutTheSecretHeaderGets401AndIsNotProcessed() {
        HttpResponse<String> response = post(webhooks.image("no-secret").toString(), "application/json");

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.body()).doesNotContain("secret-1a2b");
        assertThat(filesUnderWorkDir()).noneMatch(f -> f.startsWith("queue/") && f.endsWith(".json"));
        assertThat(WHAPI.requests()).isEmpty();
    }

    @Test
    void aWebhookWithAWrongSecretGets401() {
        HttpResponse<String> response = post(
                webhooks.image("wrong-secret").toString(), "application/json", "X-Webhook-Secret", "old-secret-1a2");

        assertThat(response.statusCode()).isEqualTo(401);
    }

    @Test
    void eitherOfTwoRotatedSecretsIsAccepted() {
        for (String secret : new String[] {"old-secret-1a2b", "new-secret-3c4d"}) {
            completionsReset();
            HttpResponse<String> response =
                    post(webhooks.image("secret-" + secret).toString(), "application/json", "X-Webhook-Secret", secret);
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().map().toString()).doesNotContain(secret);
            awaitProcessed(1);
            assertThat(stored("ORCHID-Q7K2P/image/2024/06/25/secret-" + secret + ".jpg"))
                    .exists();
        }
    }

    @Test
    void aBodyDeclaredOverTheLimitGets413() {
        String big = "{\"messages\":[],\"padding\":\"" + "x".repeat(70_000) + "\"}";

        HttpResponse<String> response = post(big, "application/json", "X-Webhook-Secret", "new-secret-3c4d");

        assertThat(response.statusCode()).isEqualTo(413);
    }

    @Test
    void aChunkedBodyGrowingOverTheLimitGets413() {
        byte[] big = ("{\"messages\":[],\"padding\":\"" + "x".repeat(70_000) + "\"}").getBytes();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/webhooks/whapi"))
                .header("Content-Type", "application/json")
                .header("X-Webhook-Secret", "new-secret-3c4d")
                // no Content-Length: the body is sent chunked
                .POST(HttpRequest.BodyPublishers.ofInputStream(
                        () -> new ByteArrayInputStream(Arrays.copyOf(big, big.length))))
                .build();

        HttpResponse<String> response = send(request);

        assertThat(response.statusCode()).isEqualTo(413);
    }

    @Test
    void aLinkToAHostOffTheListIsNotFetchedAndGetMediaIsUsed() throws Exception {
        for (String link : new String[] {
            "http://localhost:" + URI.create(WHAPI.linkBase()).getPort() + "/in-files/1/jpeg-x.jpeg",
            "http://169.254.169.254/latest/meta-data/jpeg-x.jpeg"
        }) {
            String messageId = "ssrf-" + Math.abs(link.hashCode());
            ObjectNode body = webhooks.image(messageId);
            Webhooks.firstMedia(body).put("link", link);
            completionsReset();

            post(body.toString(), "application/json", "X-Webhook-Secret", "new-secret-3c4d");
            awaitProcessed(1);

            assertThat(WHAPI.requests()).noneMatch(r -> r.host().equals("link"));
            String sidecar = Files.readString(stored("ORCHID-Q7K2P/image/2024/06/25/" + messageId + ".jpg.json"));
            assertThat(sidecar).contains("\"fetched_from\" : \"gateway\"");
            WHAPI.reset();
        }
    }

    @Test
    void mediaAnnouncedOverTheMaximumSizeIsDeadLetteredWithoutADownload() throws Exception {
        ObjectNode body = webhooks.viaGetMedia(
                "07-video-group-with-link.json", "announced-too-large", "mp4-announced-too-large", 2_000_000);
        completionsReset();

        post(body.toString(), "application/json", "X-Webhook-Secret", "new-secret-3c4d");
        awaitProcessed(1);

        assertThat(WHAPI.requests()).isEmpty();
        assertThat(Files.readString(workDir.resolve("dead-letter/ORCHID-Q7K2P_announced-too-large.json")))
                .contains("media.max-size");
    }

    @Test
    void mediaGrowingOverTheMaximumSizeIsAbortedNotReadToTheEnd() throws Exception {
        ObjectNode body = webhooks.viaGetMedia(
                "07-video-group-with-link.json", "grows-too-large", "mp4-grows-too-large", 3_000_000);
        // the webhook does not say how large; the server sends it slowly and without end in sight
        Webhooks.firstMedia(body).remove("file_size");
        WHAPI.onGateway("mp4-grows-too-large", FakeWhapi.Behaviour.SLOW);
        completionsReset();

        post(body.toString(), "application/json", "X-Webhook-Secret", "new-secret-3c4d");
        awaitProcessed(1);

        assertThat(WHAPI.requestsFor("gateway", "mp4-grows-too-large")).hasSize(1);
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> WHAPI.cutByClient("mp4-grows-too-large"));
        assertThat(workDir.resolve("dead-letter/ORCHID-Q7K2P_grows-too-large.json"))
                .exists();
        assertThat(stored("ORCHID-Q7K2P/video/2025/03/04/grows-too-large.mp4")).doesNotExist();
    }

    @Test
    void eachChannelFetchesWithItsOwnTokenElseTheDefault() {
        WHAPI.acceptToken("second-channel-token");
        ObjectNode second = webhooks.image("second-channel");
        second.put("channel_id", "SECOND-CHANNEL");
        ObjectNode first = webhooks.image("first-channel");

        completionsReset();
        post(second.toString(), "application/json", "X-Webhook-Secret", "new-secret-3c4d");
        post(first.toString(), "application/json", "X-Webhook-Secret", "new-secret-3c4d");
        awaitProcessed(2);

        assertThat(WHAPI.requestsFor("gateway", "jpeg-second-channel").get(0).header("Authorization"))
                .isEqualTo("Bearer second-channel-token");
        assertThat(WHAPI.requestsFor("gateway", "jpeg-first-channel").get(0).header("Authorization"))
                .isEqualTo("Bearer " + FakeWhapi.TOKEN);
        assertThat(workDir.resolve("media/SECOND-CHANNEL/image/2024/06/25/second-channel.jpg"))
                .exists();
    }
}
