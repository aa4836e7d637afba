package io.whapi.mediarouter.config;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * The {@code whapi.*} settings: the gateway, its channel tokens and the webhook intake. Every
 * default is stated here once; {@link ConfigurationDefaults} hands them to Camel's placeholders.
 */
@Validated
@ConfigurationProperties("whapi")
public class WhapiProperties {

    /** Base URL of the Whapi gateway; Get Media is GET {gateway-url}/media/{id}. */
    @Pattern(regexp = "https?://\\S+", message = "must be an http(s) URL, e.g. https://gate.whapi.cloud")
    private String gatewayUrl = "https://gate.whapi.cloud";

    /**
     * Channel token for Get Media, for every channel without a token of its own. Sent to the
     * gateway only, never to a media link. Without one, media whose link fails cannot be fetched.
     */
    private String token = "";

    /**
     * Channels with a token of their own, chosen by the webhook's channel_id: a list, because an
     * environment variable cannot carry a channel id as a map key (WHAPI_CHANNELS_0_ID, WHAPI_CHANNELS_0_TOKEN).
     */
    @Valid
    private List<Channel> channels = new ArrayList<>();

    @Valid
    private final Webhook webhook = new Webhook();

    public String getGatewayUrl() {
        return gatewayUrl;
    }

    public void setGatewayUrl(String gatewayUrl) {
        this.gatewayUrl = gatewayUrl;
    }

    public String getToken() {
        return token;
    }

    public void setToken(String token) {
        this.token = token;
    }

    public List<Channel> getChannels() {
        return channels;
    }

    public void setChannels(List<Channel> channels) {
        this.channels = channels;
    }

    public Webhook getWebhook() {
        return webhook;
    }

    public static class Channel {

        /** The channel id, as the webhook's channel_id carries it. */
        private String id;

        /** The channel's API token for Get Media. */
        private String token;

        public String getId() {
            return id;
        }

        public void setId(String id) {
            this.id = id;
        }

        public String getToken() {
            return token;
        }

        public void setToken(String token) {
            this.token = token;
        }
    }

    public static class Webhook {

        /** The path the intake takes webhooks on. */
        @Pattern(regexp = "/\\S*", message = "must be a path starting with /")
        private String path = "/webhooks/whapi";

        /** The custom header the channel's webhook is set to send the shared secret in. */
        @NotBlank
        private String secretHeader = "X-Webhook-Secret";

        /**
         * Accepted secrets, comma-separated (old and new while one is rotated); a webhook
         * without one of them gets 401. Unset: every webhook is accepted, with a warning at startup.
         */
        private List<String> secret = new ArrayList<>();

        /** Larger webhook bodies are refused with 413 while they are read. */
        private DataSize maxBodySize = DataSize.ofMegabytes(5);

        /**
         * Opt-in: at startup, register this URL as a webhook of each channel with a token (GET,
         * merge, PATCH /settings). Empty: nothing is registered.
         */
        private String publicUrl = "";

        public String getPath() {
            return path;
        }

        public void setPath(String path) {
            this.path = path;
        }

        public String getSecretHeader() {
            return secretHeader;
        }

        public void setSecretHeader(String secretHeader) {
            this.secretHeader = secretHeader;
        }

        public List<String> getSecret() {
            return secret;
        }

        public void setSecret(List<String> secret) {
            this.secret = secret;
        }

        public DataSize getMaxBodySize() {
            return maxBodySize;
        }

        public void setMaxBodySize(DataSize maxBodySize) {
            this.maxBodySize = maxBodySize;
        }

        public String getPublicUrl() {
            return publicUrl;
        }

        public void setPublicUrl(String publicUrl) {
            this.publicUrl = publicUrl;
        }
    }
}
