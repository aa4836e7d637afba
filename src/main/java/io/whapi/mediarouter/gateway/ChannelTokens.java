package io.whapi.mediarouter.gateway;

import io.whapi.mediarouter.config.WhapiProperties;
import io.whapi.mediarouter.fetch.MissingTokenException;
import io.whapi.mediarouter.intake.MediaMessage;
import java.util.HashMap;
import java.util.Map;
import org.springframework.stereotype.Component;

/** The channel tokens for Get Media: read here, sent nowhere but the gateway. */
@Component
public class ChannelTokens {

    private final String defaultToken;
    private final Map<String, String> channelTokens = new HashMap<>();

    public ChannelTokens(WhapiProperties properties) {
        this.defaultToken =
                properties.getToken() == null ? "" : properties.getToken().trim();
        for (WhapiProperties.Channel channel : properties.getChannels()) {
            if (channel.getId() != null
                    && channel.getToken() != null
                    && !channel.getToken().isBlank()) {
                channelTokens.put(channel.getId().trim(), channel.getToken().trim());
            }
        }
    }

    /** whapi.token, trimmed; empty when not set. */
    public String defaultToken() {
        return defaultToken;
    }

    /** The channels that have a token of their own, by channel id. */
    public Map<String, String> channelTokens() {
        return Map.copyOf(channelTokens);
    }

    /** The Authorization header for Get Media of this message's channel: its own token, else whapi.token. */
    public String authorization(MediaMessage media) {
        String token = channelTokens.getOrDefault(media.channelId(), defaultToken);
        if (token.isEmpty()) {
            throw new MissingTokenException("no token for channel " + media.channelId()
                    + " (whapi.channels[N].token or whapi.token / WHAPI_TOKEN), so Get Media cannot fetch media "
                    + media.mediaId() + (media.hasLink() ? " after its link failed" : ", which has no link"));
        }
        return "Bearer " + token;
    }
}
