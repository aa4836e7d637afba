package io.whapi.mediarouter.gateway;

import io.whapi.mediarouter.config.WhapiProperties;
import java.io.IOException;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.springframework.stereotype.Component;

/**
 * The one client of the Whapi gateway's JSON API (the message list, webhook settings): its URL,
 * one HTTP client with the JVM's proxy and trust settings, and the channel's token from
 * {@link ChannelTokens}. Redirects are never followed, so a token goes to the gateway and nowhere
 * else. Get Media is the route fetch-from-gateway's: a Camel http endpoint, so that the binary
 * streams to the staging area under camel.component.http.* and the route's redelivery policy; it
 * takes its token from the same ChannelTokens.
 */
@Component
public class WhapiGateway {

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

    private final String url;
    private final ChannelTokens tokens;
    private final HttpClient http = HttpClient.newBuilder()
            .connectTimeout(CONNECT_TIMEOUT)
            .proxy(ProxySelector.getDefault())
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    public WhapiGateway(WhapiProperties whapi, ChannelTokens tokens) {
        this.url = whapi.getGatewayUrl().replaceAll("/+$", "");
        this.tokens = tokens;
    }

    /** whapi.gateway-url without a trailing slash, as log lines name it. */
    public String url() {
        return url;
    }

    /** Which token each channel's calls carry: the one resolution every call uses. */
    public ChannelTokens tokens() {
        return tokens;
    }

    /**
     * One request to the gateway with this token, answered as bytes; any status is returned to
     * the caller, who knows what it means for its call.
     *
     * @param pathAndQuery from the gateway's root, e.g. "/settings"
     */
    public HttpResponse<byte[]> send(String pathAndQuery, HttpRequest.Builder request, String token, Duration timeout)
            throws IOException, InterruptedException {
        return http.send(
                request.uri(URI.create(url + pathAndQuery))
                        .timeout(timeout)
                        .header("Authorization", "Bearer " + token)
                        .header("Accept", "application/json")
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }
}
