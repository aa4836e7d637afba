package io.whapi.mediarouter.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.whapi.mediarouter.config.WhapiProperties;
import io.whapi.mediarouter.intake.WebhookAuthentication;
import java.io.IOException;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
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
    private final String gatewayUrl;
    private final String publicUrl;
    private final String secretHeader;
    private final String secret;
    private final Map<String, String> tokensByChannel = new LinkedHashMap<>();
    // the JVM's proxy settings apply (https.proxyHost...); redirects are never followed, so the
    // token goes to the gateway and nowhere else
    private final HttpClient http = HttpClient.newBuilder()
            .connectTimeout(TIMEOUT)
            .proxy(ProxySelector.getDefault())
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    public WebhookRegistration(
            ObjectMapper json, WhapiProperties whapi, ChannelTokens tokens, WebhookAuthentication authentication) {
        this.json = json;
        this.gatewayUrl = whapi.getGatewayUrl().replaceAll("/+$", "");
        this.publicUrl = whapi.getWebhook().getPublicUrl().trim();
        this.secretHeader = authentication.header();
        this.secret = authentication.currentSecret();
        if (!tokens.defaultToken().isEmpty()) {
            tokensByChannel.put("(whapi.token)", tokens.defaultToken());
        }
        tokensByChannel.putAll(tokens.channelTokens());
    }

    @EventListener(ApplicationReadyEvent.class)
    public void register() {
        if (tokensByChannel.isEmpty()) {
            LOG.warn(
                    "Webhook not registered at {}: whapi.webhook.public-url is set but no channel token is",
                    gatewayUrl);
        }
        tokensByChannel.forEach(this::register);
    }

    private void register(String channel, String token) {
        try {
            JsonNode settings = send(HttpRequest.newBuilder(settingsUri()).GET(), token);
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
                    HttpRequest.newBuilder(settingsUri())
                            .method("PATCH", HttpRequest.BodyPublishers.ofString(json.writeValueAsString(patch)))
                            .header("Content-Type", "application/json"),
                    token);
            LOG.info(
                    "Registered webhook {} for channel {} at {} ({} other webhook(s) kept)",
                    publicUrl,
                    channel,
                    gatewayUrl,
                    kept);
        } catch (IOException | RuntimeException e) {
            LOG.warn(
                    "Webhook {} not registered for channel {} at {}: {}",
                    publicUrl,
                    channel,
                    gatewayUrl,
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

    private URI settingsUri() {
        return URI.create(gatewayUrl + "/settings");
    }

    private JsonNode send(HttpRequest.Builder request, String token) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(
                request.timeout(TIMEOUT)
                        .header("Authorization", "Bearer " + token)
                        .header("Accept", "application/json")
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            // the gateway's answer is not logged: it could echo what was sent
            throw new IOException(request.build().method() + " /settings answered HTTP " + response.statusCode());
        }
        return response.body().isBlank() ? json.createObjectNode() : json.readTree(response.body());
    }
}
