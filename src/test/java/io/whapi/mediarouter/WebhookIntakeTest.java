package io.whapi.mediarouter;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.whapi.mediarouter.support.Webhooks;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** What the webhook endpoint answers, for good and bad requests. */
class WebhookIntakeTest extends ConnectorTestSupport {

    @Test
    void responseCarriesNoRequestHeaderBack() {
        HttpResponse<String> response = post(
                Webhooks.raw("13-text-private-non-media.json"),
                "application/json",
                "X-Webhook-Secret",
                "very-secret-value",
                "X-Custom-Header",
                "echo-me");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().map().keySet()).noneMatch(h -> h.equalsIgnoreCase("X-Webhook-Secret"));
        assertThat(response.headers().map().keySet()).noneMatch(h -> h.equalsIgnoreCase("X-Custom-Header"));
        assertThat(response.headers().map().toString()).doesNotContain("very-secret-value");
    }

    @Test
    void malformedJsonGets400WithASmallJsonError() {
        HttpResponse<String> response = post("{\"messages\": [", "application/json");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        assertThat(response.body())
                .contains("\"status\":400")
                .contains("malformed JSON")
                .doesNotContain("Exception");
    }

    @Test
    void jsonThatIsNotAnObjectGets400() {
        assertThat(post("[1,2,3]", "application/json").statusCode()).isEqualTo(400);
        assertThat(post("", "application/json").statusCode()).isEqualTo(400);
    }

    @Test
    void otherContentTypesGet415() {
        assertThat(post(Webhooks.raw("01-image-private-with-link.json"), "text/plain")
                        .statusCode())
                .isEqualTo(415);
        // curl -d sends a form: platform-http would try to parse it
        assertThat(post("a=b&c=d", "application/x-www-form-urlencoded").statusCode())
                .isEqualTo(415);
    }

    @Test
    void jsonWithCharsetIsAccepted() {
        HttpResponse<String> response =
                post(Webhooks.raw("13-text-private-non-media.json"), "application/json; charset=utf-8");

        assertThat(response.statusCode()).isEqualTo(200);
    }

    @Test
    void otherEventFamiliesAreAnsweredAndIgnored() {
        HttpResponse<String> response = post(Webhooks.raw("14-statuses-delivered-read.json"), "application/json");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("{\"accepted\":0}");
        assertThat(WHAPI.requests()).isEmpty();
    }

    @Test
    void messagesThatAreNotPostOrPutAreIgnored() {
        ObjectNode body = webhooks.load("02-image-private-no-link.json");
        ((ObjectNode) body.get("event")).put("event", "delete");

        HttpResponse<String> response = post(body.toString(), "application/json");

        assertThat(response.body()).isEqualTo("{\"accepted\":0}");
        assertThat(WHAPI.requests()).isEmpty();
    }

    @Test
    void putRedeliveryIsAccepted() {
        ObjectNode body = webhooks.load("02-image-private-no-link.json");
        Webhooks.firstMessage(body).put("id", "put-redelivery");
        ((ObjectNode) body.get("event")).remove("event");
        ((ObjectNode) body.get("event")).put("method", "put");

        assertThat(postAndAwait(body, 1).body()).isEqualTo("{\"accepted\":1}");
    }

    @Test
    void textMessageIsAnsweredAndIgnored() {
        HttpResponse<String> response = post(Webhooks.raw("13-text-private-non-media.json"), "application/json");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("{\"accepted\":0}");
        assertThat(WHAPI.requests()).isEmpty();
    }

    @Test
    void quotedMediaIsNotANewFile() {
        ObjectNode body = webhooks.load("13-text-private-non-media.json");
        Webhooks.firstMessage(body)
                .putObject("context")
                .putObject("quoted_content")
                .putObject("image")
                .put("id", "jpeg-quoted-1")
                .put("mime_type", "image/jpeg");

        assertThat(post(body.toString(), "application/json").body()).isEqualTo("{\"accepted\":0}");
    }

    @Test
    void onlyPostIsAllowed() {
        HttpResponse<String> response =
                send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/webhooks/whapi"))
                        .GET()
                        .build());

        assertThat(response.statusCode()).isEqualTo(405);
    }

    @Test
    void actuatorIsNotOnTheWebhookPort() {
        HttpResponse<String> response =
                send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health"))
                        .GET()
                        .build());

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(managementPort).isNotEqualTo(port);
    }

    @Test
    void healthIsUpOnceRoutesHaveStarted() {
        HttpRequest health = HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + managementPort + "/actuator/health"))
                .GET()
                .build();
        // readiness includes the queue consumer, UP once it has read the queue folder
        Awaitility.await()
                .atMost(Duration.ofSeconds(10))
                .until(() -> send(health).statusCode() == 200);
        HttpResponse<String> response = send(health);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.body()).contains("\"status\":\"UP\"");
    }
}
