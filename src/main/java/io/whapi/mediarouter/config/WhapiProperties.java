package io.whapi.mediarouter.config;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;
import org.springframework.validation.annotation.Validated;

/**
 * The {@code whapi.*} settings: the gateway, its channel tokens and the webhook intake. Every
 * default is stated here once; {@link ConfigurationDefaults} hands them to Camel's placeholders.
 */
@Validated
@ConfigurationProperties("whapi")
public class WhapiProperties implements Validator {

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

    /**
     * Webhooks from a broker, by name (lower-case letters and digits, so that
     * WHAPI_INTAKE_<NAME>_URI can set them): a kafka: topic or jms: queue whose records are Whapi
     * webhook bodies, exactly as the gateway POSTs them. Taken in like the HTTP intake's.
     */
    private Map<String, BrokerIntake> intake = new LinkedHashMap<>();

    public Map<String, BrokerIntake> getIntake() {
        return intake;
    }

    public void setIntake(Map<String, BrokerIntake> intake) {
        this.intake = intake;
    }

    @Override
    public boolean supports(Class<?> type) {
        return WhapiProperties.class.isAssignableFrom(type);
    }

    /** One line per broker intake that cannot work, naming the key and the fix. */
    @Override
    public void validate(Object target, Errors errors) {
        ((WhapiProperties) target).getIntake().forEach((name, intake) -> {
            String env = "WHAPI_INTAKE_" + name.toUpperCase() + "_URI";
            if (!SettingNames.settableFromEnvironment(name)) {
                errors.reject(
                        "whapi",
                        "Broker intake name '" + name + "' is not lower-case letters and digits."
                                + " Rename it, so that WHAPI_INTAKE_<NAME>_URI can set it from the environment.");
            } else if (intake.kind() == null) {
                errors.reject(
                        "whapi",
                        "Broker intake '" + name + "' has "
                                + (intake.getUri() == null || intake.getUri().isBlank()
                                        ? "no URI"
                                        : "a URI that is neither kafka: nor jms:")
                                + ". Set whapi.intake." + name + ".uri (env " + env
                                + ") to a kafka: topic or a jms:queue: of webhook bodies.");
            }
        });
    }

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

    /** A topic or queue of Whapi webhook bodies. */
    public static class BrokerIntake {

        /** kafka:<topic> (brokers: camel.component.kafka.brokers) or jms:queue:<queue> (spring.artemis.*). */
        private String uri;

        public String getUri() {
            return uri;
        }

        public void setUri(String uri) {
            this.uri = uri;
        }

        /** kafka or jms, by the URI's scheme; null for any other. */
        public String kind() {
            if (uri == null) {
                return null;
            }
            Matcher scheme = java.util.regex.Pattern.compile("^(kafka|jms):.+").matcher(uri);
            return scheme.matches() ? scheme.group(1) : null;
        }
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
