package io.whapi.mediarouter.events;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/**
 * Signs the requests of http(s) event sinks the Standard Webhooks way (standardwebhooks.com):
 * {@code webhook-id} (the event's id, so that a receiver deduplicates retries),
 * {@code webhook-timestamp} (Unix seconds) and {@code webhook-signature: v1,<Base64 of
 * HMAC-SHA256("{id}.{timestamp}.{body}")>} with the key of {@code media.events.<name>.secret}.
 * The secrets stay here: route templates and their parameters never hold them.
 */
@Component
public class StandardWebhooks {

    private static final String PREFIX = "whsec_";

    private final Map<String, byte[]> keys = new HashMap<>();

    public StandardWebhooks(EventProperties media) {
        media.getEvents().forEach((name, events) -> {
            if (events.signed()) {
                keys.put(name, key(events.getSecret()));
            }
        });
    }

    /** The key of a whsec_ secret, or null when it is not one (not Base64, or not 24 to 64 bytes). */
    public static byte[] key(String secret) {
        if (secret == null || !secret.startsWith(PREFIX)) {
            return null;
        }
        try {
            byte[] key = Base64.getDecoder().decode(secret.substring(PREFIX.length()));
            return key.length >= 24 && key.length <= 64 ? key : null;
        } catch (IllegalArgumentException notBase64) {
            return null;
        }
    }

    /** Adds the three headers to the request about to go to the exchange's event sink. */
    public void sign(Exchange exchange) {
        String eventSink = exchange.getVariable(EventVariables.EVENT_SINK, String.class);
        CloudEvent event = exchange.getVariable(EventVariables.EVENT, CloudEvent.class);
        String timestamp = String.valueOf(System.currentTimeMillis() / 1000);
        exchange.getMessage().setHeader("webhook-id", event.id());
        exchange.getMessage().setHeader("webhook-timestamp", timestamp);
        exchange.getMessage()
                .setHeader(
                        "webhook-signature",
                        "v1," + signature(keys.get(eventSink), event.id(), timestamp, event.json()));
    }

    static String signature(byte[] key, String id, String timestamp, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            byte[] signature = mac.doFinal((id + "." + timestamp + "." + body).getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(signature);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
