package io.whapi.mediarouter;

import static io.whapi.mediarouter.support.Webhooks.firstMedia;
import static io.whapi.mediarouter.support.Webhooks.firstMessage;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/** media.policy: what is not archived at all is answered 200 and neither fetched nor stored. */
@TestPropertySource(
        properties = {
            "media.policy.exclude-chats=1555010*@s.whatsapp.net",
            "media.policy.groups=false",
            "media.policy.view-once=false",
            "media.policy.max-size.video=1MB",
            "media.policy.outgoing=false",
        })
class InputPolicyTest extends ConnectorTestSupport {

    /** Answered 200, neither fetched nor stored, and counted once under the one skip metric with its reason. */
    private void assertSkipped(ObjectNode body, String messageId, String reason) {
        firstMessage(body).put("id", messageId);
        String type = firstMessage(body).path("type").asText();
        double before = skipped(reason, type);

        assertThat(postAndAwait(body, 1).statusCode()).isEqualTo(200);

        assertThat(WHAPI.requests()).isEmpty();
        // nothing but the ledger's record that it was taken in and skipped
        assertThat(filesUnderWorkDir()).noneMatch(f -> f.contains(messageId) && !f.startsWith("ledger/"));
        assertThat(skipped(reason, type) - before).isEqualTo(1.0);
    }

    private double skipped(String reason, String type) {
        HttpResponse<String> metrics =
                send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort + "/actuator/prometheus"))
                        .build());
        return ObservabilityTest.value(
                metrics.body(), "whapi_media_skipped_total", "reason=\"" + reason + "\"", "type=\"" + type + "\"");
    }

    @Test
    void excludedChatsByPatternAreSkipped() {
        assertSkipped(webhooks.load("01-image-private-with-link.json"), "excluded-chat", "chat_excluded");
    }

    @Test
    void groupsAreSkippedWhenExcluded() {
        assertSkipped(webhooks.load("03-document-pdf-group-no-link.json"), "group-excluded", "group");
    }

    @Test
    void viewOnceMediaAreSkippedWhenExcluded() {
        ObjectNode body = webhooks.load("12-newsletter-channel-image.json");
        firstMedia(body).put("view_once", true);
        assertSkipped(body, "view-once", "view_once");
    }

    @Test
    void mediaOverTheirTypesMaximumAreSkipped() {
        ObjectNode body = webhooks.load("07-video-group-with-link.json");
        firstMessage(body).put("chat_id", "447700900999@s.whatsapp.net");
        assertSkipped(body, "video-too-large", "over_max_size");
    }

    @Test
    void outgoingMediaAreSkippedWhenExcluded() {
        ObjectNode body = webhooks.load("11-image-from-me-sent-via-api.json");
        firstMessage(body).put("chat_id", "447700900111@s.whatsapp.net");
        assertSkipped(body, "outgoing-excluded", "outgoing");
    }

    @Test
    void whatThePolicyAllowsIsStored() {
        ObjectNode body = webhooks.load("12-newsletter-channel-image.json");
        firstMessage(body).put("id", "newsletter-allowed");

        postAndAwait(body, 1);

        assertThat(stored("ORCHID-Q7K2P/image/2025/08/07/newsletter-allowed.jpg"))
                .exists();
    }
}
