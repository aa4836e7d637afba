package io.whapi.mediarouter;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.whapi.mediarouter.support.FakeWhapi;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

/** whapi.webhook.public-url: the connector adds itself to the channel's webhooks at startup. */
@ExtendWith(OutputCaptureExtension.class)
class WebhookRegistrationTest {

    @RegisterExtension
    static final FakeWhapi WHAPI = FakeWhapi.start();

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PUBLIC_URL = "https://media.example.com/webhooks/whapi";
    private static final String CRM_WEBHOOK = "{\"url\":\"https://crm.example.com/hook\",\"mode\":\"body\","
            + "\"events\":[{\"type\":\"statuses\",\"method\":\"post\"}]}";

    @TempDir
    Path workDir;

    @Test
    void registersItselfAndKeepsTheChannelsOtherWebhooks(CapturedOutput output) throws Exception {
        // an earlier registration of ours (an old secret) and somebody else's webhook
        WHAPI.settings(
                FakeWhapi.TOKEN,
                "{\"webhooks\":[" + CRM_WEBHOOK + ",{\"url\":\"" + PUBLIC_URL
                        + "\",\"mode\":\"method\",\"headers\":{\"X-Webhook-Secret\":\"old\"}}],"
                        + "\"callback_persist\":true}");

        try (ConfigurableApplicationContext app = start(PUBLIC_URL, "--whapi.webhook.secret=s3cret-new,s3cret-old")) {
            JsonNode settings = JSON.readTree(WHAPI.settings(FakeWhapi.TOKEN));

            assertThat(settings.get("webhooks")).hasSize(2);
            assertThat(settings.get("webhooks").get(0)).isEqualTo(JSON.readTree(CRM_WEBHOOK));
            JsonNode ours = settings.get("webhooks").get(1);
            assertThat(ours.get("url").asText()).isEqualTo(PUBLIC_URL);
            assertThat(ours.get("mode").asText()).isEqualTo("body");
            assertThat(ours.get("events").toString())
                    .isEqualTo(
                            "[{\"type\":\"messages\",\"method\":\"post\"},{\"type\":\"messages\",\"method\":\"put\"}]");
            assertThat(ours.get("headers").get("X-Webhook-Secret").asText()).isEqualTo("s3cret-new");
            // settings other than webhooks are untouched
            assertThat(settings.get("callback_persist").asBoolean()).isTrue();
            assertThat(output.getOut())
                    .contains("Registered webhook " + PUBLIC_URL)
                    .contains("1 other webhook(s) kept")
                    .doesNotContain("s3cret-new")
                    .doesNotContain(FakeWhapi.TOKEN);
        }
    }

    @Test
    void aGatewayThatRefusesIsOneWarningNotAFailedStart(CapturedOutput output) {
        WHAPI.failSettings(500);
        try (ConfigurableApplicationContext app = start(PUBLIC_URL)) {
            assertThat(app.isRunning()).isTrue();
            assertThat(output.getOut())
                    .contains("WARN")
                    .contains("Webhook " + PUBLIC_URL + " not registered")
                    .contains("HTTP 500")
                    .doesNotContain("Exception");
        } finally {
            WHAPI.failSettings(0);
        }
    }

    @Test
    void withoutPublicUrlTheGatewaySettingsAreNotTouched() {
        WHAPI.reset();
        try (ConfigurableApplicationContext app = start("")) {
            assertThat(WHAPI.requests()).noneMatch(r -> r.path().startsWith("/settings"));
        }
    }

    private ConfigurableApplicationContext start(String publicUrl, String... args) {
        String[] all = new String[args.length + 6];
        all[0] = "--server.port=0";
        all[1] = "--management.server.port=0";
        all[2] = "--media.work-dir=" + workDir;
        all[3] = "--whapi.gateway-url=" + WHAPI.gatewayUrl();
        all[4] = "--whapi.token=" + FakeWhapi.TOKEN;
        all[5] = "--whapi.webhook.public-url=" + publicUrl;
        System.arraycopy(args, 0, all, 6, args.length);
        return new SpringApplicationBuilder(WhapiMediaRouterApplication.class).run(all);
    }
}
