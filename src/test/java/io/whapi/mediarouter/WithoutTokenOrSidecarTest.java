package io.whapi.mediarouter;

import static io.whapi.mediarouter.support.Webhooks.firstMessage;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.context.TestPropertySource;

/** A channel set up with no token and sidecars switched off. */
@ExtendWith(OutputCaptureExtension.class)
@TestPropertySource(properties = {"whapi.token=", "media.sidecar=false"})
class WithoutTokenOrSidecarTest extends ConnectorTestSupport {

    @Test
    void linksStillWorkWithoutAToken() {
        ObjectNode body = webhooks.load("01-image-private-with-link.json");
        firstMessage(body).put("id", "link-without-token");

        postAndAwait(body, 1);

        assertThat(stored("ORCHID-Q7K2P/image/2025/08/05/link-without-token.jpg"))
                .exists();
    }

    @Test
    void noSidecarIsWrittenWhenSwitchedOff() {
        ObjectNode body = webhooks.load("08-sticker-private-with-link.json");
        firstMessage(body).put("id", "no-sidecar");

        postAndAwait(body, 1);

        assertThat(stored("ORCHID-Q7K2P/sticker/2025/08/07/no-sidecar.webp")).exists();
        assertThat(stored("ORCHID-Q7K2P/sticker/2025/08/07/no-sidecar.webp.json"))
                .doesNotExist();
    }

    @Test
    void mediaWithoutLinkFailsWithAClearErrorWhenNoTokenIsSet(CapturedOutput output) throws Exception {
        ObjectNode body = webhooks.load("09-gif-private-no-link.json");
        firstMessage(body).put("id", "gif-without-token");

        postAndAwait(body, 1);

        assertThat(WHAPI.requests()).isEmpty();
        assertThat(Files.exists(stored("ORCHID-Q7K2P/gif/2025/08/07/gif-without-token.mp4")))
                .isFalse();
        // the root cause, not Camel's "Failed to invoke method ..." around it
        assertThat(output.getOut())
                .containsOnlyOnce("Media of message gif-without-token")
                .contains("dead-lettered: no token for channel ORCHID-Q7K2P");
        assertThat(output.getOut().lines().filter(line -> line.contains(" ERROR ") || line.contains(" WARN ")))
                .noneMatch(line -> line.contains("Failed to invoke method"));
        JsonNode deadLetter = new ObjectMapper()
                .readTree(workDir.resolve("dead-letter/ORCHID-Q7K2P_gif-without-token.json")
                        .toFile());
        assertThat(deadLetter.path("error").asText()).startsWith("no token for channel ORCHID-Q7K2P");
    }
}
