package io.whapi.mediarouter.intake;

import io.whapi.mediarouter.config.WhapiProperties;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Whapi signs nothing, but sends the custom headers a channel is configured with: a shared
 * secret in one of them authenticates the webhook. Several secrets may be valid at once, so
 * that one can be rotated without losing webhooks.
 */
@Component
public class WebhookAuthentication {

    private static final Logger LOG = LoggerFactory.getLogger(WebhookAuthentication.class);

    private final String header;
    private final List<byte[]> secrets;
    private final String currentSecret;

    public WebhookAuthentication(WhapiProperties whapi) {
        this.header = whapi.getWebhook().getSecretHeader();
        List<String> values = whapi.getWebhook().getSecret().stream()
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .toList();
        this.secrets =
                values.stream().map(s -> s.getBytes(StandardCharsets.UTF_8)).toList();
        this.currentSecret = values.isEmpty() ? null : values.get(0);
        if (this.secrets.isEmpty()) {
            LOG.warn("whapi.webhook.secret is not set: anyone who can reach the webhook endpoint can make the"
                    + " connector download and store");
        }
    }

    /** The name of the header that carries the secret. */
    public String header() {
        return header;
    }

    /**
     * The secret to hand out (to the gateway, when registering): the first one. The others are
     * still accepted while a rotation is under way. Null when secrets are off.
     */
    public String currentSecret() {
        return currentSecret;
    }

    /** Throws unless secrets are off or the value matches one of them, compared in constant time. */
    public void check(String presented) {
        if (secrets.isEmpty()) {
            return;
        }
        byte[] value = presented == null ? new byte[0] : presented.getBytes(StandardCharsets.UTF_8);
        boolean match = false;
        for (byte[] secret : secrets) {
            // every secret is compared, so the time taken says nothing about which one matched
            match |= MessageDigest.isEqual(secret, value);
        }
        if (!match) {
            throw new UnauthorizedWebhookException(
                    presented == null ? "no " + header + " header" : "a wrong " + header + " header");
        }
    }
}
