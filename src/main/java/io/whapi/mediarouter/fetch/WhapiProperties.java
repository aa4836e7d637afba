package io.whapi.mediarouter.fetch;

import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Channel tokens: {@code whapi.token} for every channel, and {@code whapi.channels[N].id/token}
 * for the channels that have their own (a list, because environment variables cannot carry a
 * channel id as a map key: WHAPI_CHANNELS_0_ID, WHAPI_CHANNELS_0_TOKEN).
 */
@ConfigurationProperties("whapi")
public class WhapiProperties {

    private String token = "";
    private List<Channel> channels = new ArrayList<>();

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

    public static class Channel {

        private String id;
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
}
