package io.whapi.mediarouter.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.whapi.mediarouter.config.WhapiProperties;
import io.whapi.mediarouter.intake.WebhookAuthentication;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Opt-in ({@code whapi.webhook.public-url}): once the app is ready, tells the gateway to send
 * webhooks here, for each channel it has a token for. The channel's webhooks are read
 * ({@code GET /settings}), ours is put in place of any earlier entry with the same URL, every
 * other webhook is kept as it was, and the list is written back ({@code PATCH /settings}).
 * A failure is one warning: the connector works without it, as it did before.
 */
@Component
@ConditionalOnExpression("'${whapi.webhook.public-url}' != ''")
public class WebhookRegistration {

    private static final Logger LOG = LoggerFactory.getLogger(WebhookRegistration.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final ObjectMapper json;
    private final WhapiGateway gateway;
    private final String publicUrl;
    private final String secretHeader;
    private final String secret;
    private final Map<String, String> tokensByChannel;

    public WebhookRegistration(
            ObjectMapper json, WhapiProperties whapi, WhapiGateway gateway, WebhookAuthentication authentication) {
        this.json = json;
        this.gateway = gateway;
        this.publicUrl = whapi.getWebhook().getPublicUrl().trim();
        this.secretHeader = authentication.header();
        this.secret = authentication.currentSecret();
        this.tokensByChannel = gateway.tokens().distinctTokens();
    }

    @EventListener(ApplicationReadyEvent.class)
    public void register() {
        if (tokensByChannel.isEmpty()) {
            LOG.warn(
                    "Webhook not registered at {}: whapi.webhook.public-url is set but no channel token is",
                    gateway.url());
        }
        tokensByChannel.forEach(this::register);
    }

    private void register(String channel, String token) {
        try {
            JsonNode settings = send(HttpRequest.newBuilder().GET(), token);
            ArrayNode webhooks = json.createArrayNode();
            int kept = 0;
            for (JsonNode existing : settings.path("webhooks")) {
                if (!publicUrl.equals(existing.path("url").asText())) {
                    webhooks.add(existing);
                    kept++;
                }
            }
            webhooks.add(ourWebhook());
            ObjectNode patch = json.createObjectNode().set("webhooks", webhooks);
            send(
                    HttpRequest.newBuilder()
                            .method("PATCH", HttpRequest.BodyPublishers.ofString(json.writeValueAsString(patch)))
                            .header("Content-Type", "application/json"),
                    token);
            LOG.info(
                    "Registered webhook {} for channel {} at {} ({} other webhook(s) kept)",
                    publicUrl,
                    channel,
                    gateway.url(),
                    kept);
        } catch (IOException | RuntimeException e) {
            LOG.warn(
                    "Webhook {} not registered for channel {} at {}: {}",
                    publicUrl,
                    channel,
                    gateway.url(),
                    e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private ObjectNode ourWebhook() {
        ObjectNode webhook = json.createObjectNode();
        webhook.put("url", publicUrl);
        webhook.put("mode", "body");
        ArrayNode events = webhook.putArray("events");
        // post: a new message; put: a message updated later (a media whose download finished)
        events.addObject().put("type", "messages").put("method", "post");
        events.addObject().put("type", "messages").put("method", "put");
        if (secret != null) {
            webhook.putObject("headers").put(secretHeader, secret);
        }
        return webhook;
    }

    private JsonNode send(HttpRequest.Builder request, String token) throws IOException, InterruptedException {
        HttpResponse<byte[]> response = gateway.send("/settings", request, token, TIMEOUT);
        if (response.statusCode() / 100 != 2) {
            // the gateway's answer is not logged: it could echo what was sent
            throw new IOException(response.request().method() + " /settings answered HTTP " + response.statusCode());
        }
        return response.body().length == 0 ? json.createObjectNode() : json.readTree(response.body());
    }
}
