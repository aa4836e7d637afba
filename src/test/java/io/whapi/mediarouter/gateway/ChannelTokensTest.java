package io.whapi.mediarouter.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.whapi.mediarouter.config.WhapiProperties;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which token a channel's calls carry: one answer for Get Media, the message list and registration. */
class ChannelTokensTest {

    @Test
    void aChannelsOwnTokenWinsAndABlankOneFallsBackToTheDefaultBothTrimmed() {
        ChannelTokens tokens = new ChannelTokens(
                whapi(" default-token ", channel(" ORCHID ", " own-token "), channel("BLANK", "   ")));

        assertThat(tokens.token("ORCHID")).contains("own-token");
        assertThat(tokens.token("BLANK")).contains("default-token");
        assertThat(tokens.token("UNLISTED")).contains("default-token");
        assertThat(tokens.configuredChannels())
                .containsExactly(Map.entry("ORCHID", "own-token"), Map.entry("BLANK", "default-token"));
        assertThat(tokens.distinctTokens())
                .containsExactly(Map.entry("(whapi.token)", "default-token"), Map.entry("ORCHID", "own-token"));
    }

    @Test
    void withoutAnyTokenAChannelHasNone() {
        ChannelTokens tokens = new ChannelTokens(whapi(" ", channel("ORCHID", null)));

        assertThat(tokens.token("ORCHID")).isEqualTo(Optional.empty());
        assertThat(tokens.configuredChannels()).isEmpty();
        assertThat(tokens.distinctTokens()).isEmpty();
    }

    private static WhapiProperties whapi(String token, WhapiProperties.Channel... channels) {
        WhapiProperties whapi = new WhapiProperties();
        whapi.setToken(token);
        whapi.setChannels(List.of(channels));
        return whapi;
    }

    private static WhapiProperties.Channel channel(String id, String token) {
        WhapiProperties.Channel channel = new WhapiProperties.Channel();
        channel.setId(id);
        channel.setToken(token);
        return channel;
    }
}
