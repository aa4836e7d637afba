package io.whapi.mediarouter;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

import static io.whapi.mediarouter.support.Webhooks.firstMedia;
import static io.whapi.mediarouter.support.Webhooks.firstMessage;
import static org.assertj.core.api.Assertions.assertThat;

/** media.policy: what is not archived at all is answered 200 and neither fetched nor stored. */
@TestPropertySource(properties = {
        "media.policy.exclude-chats=1555010*@s.whatsapp.net",
        "media.policy.groups=false",
        "media.policy.view-once=false",
        "media.policy.max-size.video=1MB",
})
class InputPolicyTest extends ConnectorTestSupport {

    private void assertSkipped(ObjectNode body, String messageId) {
        firstMessage(body).put("id", messageId);

        assertThat(postAndAwait(body, 1).statusCode()).isEqualTo(200);

        assertThat(WHAPI.requests()).isEmpty();
        assertThat(filesUnderWorkDir()).noneMatch(f -> f.contains(messageId));
    }

    @Test
    void excludedChatsByPatternAreSkipped() {
        assertSkipped(webhooks.load("01-image-private-with-link.json"), "excluded-chat");
    }

    @Test
    void groupsAreSkippedWhenExcluded() {
        assertSkipped(webhooks.load("03-document-pdf-group-no-link.json"), "group-excluded");
    }

    @Test
    void viewOnceMediaAreSkippedWhenExcluded() {
        ObjectNode body = webhooks.load("12-newsletter-channel-image.json");
        firstMedia(body).put("view_once", true);
        assertSkipped(body, "view-once");
    }

    @Test
    void mediaOverTheirTypesMaximumAreSkipped() {
        ObjectNode body = webhooks.load("07-video-group-with-link.json");
        firstMessage(body).put("chat_id", "447700900999@s.whatsapp.net");
        assertSkipped(body, "video-too-large");
    }

    @Test
    void whatThePolicyAllowsIsStored() {
        ObjectNode body = webhooks.load("12-newsletter-channel-image.json");
        firstMessage(body).put("id", "newsletter-allowed");

        postAndAwait(body, 1);

        assertThat(stored("ORCHID-Q7K2P/image/2025/08/07/newsletter-allowed.jpg")).exists();
    }
}
