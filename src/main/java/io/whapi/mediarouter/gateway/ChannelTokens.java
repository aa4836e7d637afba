package io.whapi.mediarouter.gateway;

import io.whapi.mediarouter.MediaMessage;
import io.whapi.mediarouter.MediaVariables;
import io.whapi.mediarouter.config.WhapiProperties;
import io.whapi.mediarouter.fetch.MissingTokenException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.camel.Variable;
import org.springframework.stereotype.Component;

/**
 * The one place that decides which token a channel's calls to the gateway carry: the channel's
 * own ({@code whapi.channels[N].token}), else {@code whapi.token}, both trimmed, blank counting
 * as unset. Get Media, the message list and webhook registration all ask here. Tokens are read
 * here and sent nowhere but the gateway.
 */
@Component
public class ChannelTokens {

    private final String defaultToken;
    /** The channels of whapi.channels by id, with their own token or "" for none. */
    private final Map<String, String> channels = new LinkedHashMap<>();

    public ChannelTokens(WhapiProperties properties) {
        this.defaultToken = trimmed(properties.getToken());
        for (WhapiProperties.Channel channel : properties.getChannels()) {
            String id = trimmed(channel.getId());
            if (!id.isEmpty()) {
                channels.put(id, trimmed(channel.getToken()));
            }
        }
    }

    private static String trimmed(String value) {
        return value == null ? "" : value.trim();
    }

    /** The token for this channel's calls: its own, else whapi.token; empty when it has neither. */
    public Optional<String> token(String channelId) {
        String own = channels.getOrDefault(channelId, "");
        String token = own.isEmpty() ? defaultToken : own;
        return token.isEmpty() ? Optional.empty() : Optional.of(token);
    }

    /** The channels of whapi.channels that have a token (their own or whapi.token), in order. */
    public Map<String, String> configuredChannels() {
        Map<String, String> withToken = new LinkedHashMap<>();
        channels.keySet().forEach(id -> token(id).ifPresent(token -> withToken.put(id, token)));
        return withToken;
    }

    /** Each distinct token once, named as a log line may name it: "(whapi.token)" or its channel. */
    public Map<String, String> distinctTokens() {
        Map<String, String> tokens = new LinkedHashMap<>();
        if (!defaultToken.isEmpty()) {
            tokens.put("(whapi.token)", defaultToken);
        }
        channels.forEach((id, own) -> {
            if (!own.isEmpty()) {
                tokens.put(id, own);
            }
        });
        return tokens;
    }

    /** The Authorization header for Get Media of this message's channel. */
    public String authorization(@Variable(MediaVariables.MEDIA) MediaMessage media) {
        return "Bearer "
                + token(media.channelId())
                        .orElseThrow(() -> new MissingTokenException("no token for channel " + media.channelId()
                                + " (whapi.channels[N].token or whapi.token / WHAPI_TOKEN), so Get Media cannot"
                                + " fetch media " + media.mediaId()
                                + (media.hasLink() ? " after its link failed" : ", which has no link")));
    }
}
