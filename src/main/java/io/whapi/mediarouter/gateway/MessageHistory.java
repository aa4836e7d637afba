package io.whapi.mediarouter.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.whapi.mediarouter.config.WhapiProperties;
import java.io.IOException;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whapi's message list, {@code GET {gateway}/messages/list?count=&offset=&time_from=&time_to=}
 * with the channel's token: one page at a time, at most max-requests-per-second for all channels
 * together. 429 and 5xx (and a connection that fails) are retried with backoff, honouring
 * Retry-After; 401 and 403 are the channel's token refused, which no retry heals.
 */
public class MessageHistory {

    private static final Logger LOG = LoggerFactory.getLogger(MessageHistory.class);
    private static final int PAGE_SIZE = 100;
    private static final int ATTEMPTS = 8;
    private static final Duration LONGEST_WAIT = Duration.ofMinutes(5);

    /** One page of the list: the messages (webhook-shaped) and how many the window holds. */
    public record Page(List<JsonNode> messages, long total) {}

    private final String gatewayUrl;
    private final ObjectMapper json;
    private final HttpClient http;
    private final long intervalNanos;
    private long nextRequestAt = System.nanoTime();

    public MessageHistory(WhapiProperties whapi, int maxRequestsPerSecond, ObjectMapper json) {
        this.gatewayUrl = whapi.getGatewayUrl().replaceAll("/+$", "");
        this.json = json;
        this.intervalNanos = 1_000_000_000L / maxRequestsPerSecond;
        // the JVM's proxy and trust settings, as for every outbound call
        this.http = HttpClient.newBuilder()
                .proxy(ProxySelector.getDefault())
                .connectTimeout(Duration.ofSeconds(10))
                .build();
    }

    public Page page(String channelId, String token, long fromSeconds, long toSeconds, long offset)
            throws InterruptedException {
        URI uri = URI.create(gatewayUrl + "/messages/list?count=" + PAGE_SIZE + "&offset=" + offset + "&time_from="
                + fromSeconds + "&time_to=" + toSeconds);
        Duration backoff = Duration.ofSeconds(1);
        for (int attempt = 1; ; attempt++) {
            pace();
            String problem;
            Optional<Duration> retryAfter = Optional.empty();
            try {
                HttpResponse<byte[]> response = http.send(
                        HttpRequest.newBuilder(uri)
                                .header("Authorization", "Bearer " + token)
                                .header("Accept", "application/json")
                                .timeout(Duration.ofSeconds(60))
                                .build(),
                        HttpResponse.BodyHandlers.ofByteArray());
                int status = response.statusCode();
                if (status == 200) {
                    return read(response.body());
                }
                if (status == 401 || status == 403) {
                    throw new ChannelRefusedException("the gateway refused the token of channel " + channelId + " ("
                            + status + ") listing its messages: check whapi.channels[N].token or whapi.token");
                }
                if (status != 429 && status < 500) {
                    throw new IllegalStateException(
                            "listing the messages of channel " + channelId + " was answered " + status);
                }
                problem = String.valueOf(status);
                retryAfter = response.headers().firstValue("Retry-After").flatMap(MessageHistory::seconds);
            } catch (IOException e) {
                problem = e.getClass().getSimpleName();
            }
            if (attempt == ATTEMPTS) {
                throw new IllegalStateException("listing the messages of channel " + channelId + " failed " + ATTEMPTS
                        + " times, the last with " + problem);
            }
            Duration wait = retryAfter.orElse(backoff);
            wait = wait.compareTo(LONGEST_WAIT) > 0 ? LONGEST_WAIT : wait;
            LOG.warn(
                    "Listing the messages of channel {} answered {}; retrying in {} s",
                    channelId,
                    problem,
                    wait.toSeconds());
            Thread.sleep(wait.toMillis());
            backoff = backoff.multipliedBy(2).compareTo(Duration.ofMinutes(1)) > 0
                    ? Duration.ofMinutes(1)
                    : backoff.multipliedBy(2);
        }
    }

    /** At most max-requests-per-second, whichever channel or run asks. */
    private void pace() throws InterruptedException {
        long wait;
        synchronized (this) {
            long now = System.nanoTime();
            long at = Math.max(now, nextRequestAt);
            nextRequestAt = at + intervalNanos;
            wait = at - now;
        }
        if (wait > 0) {
            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
        }
    }

    private Page read(byte[] body) {
        try {
            JsonNode answer = json.readTree(body);
            List<JsonNode> messages = new ArrayList<>();
            answer.path("messages").forEach(messages::add);
            return new Page(messages, answer.path("total").asLong(messages.size()));
        } catch (IOException e) {
            throw new IllegalStateException("the gateway's message list is not JSON", e);
        }
    }

    private static Optional<Duration> seconds(String retryAfter) {
        try {
            return Optional.of(Duration.ofSeconds(Math.max(0, Long.parseLong(retryAfter.trim()))));
        } catch (NumberFormatException httpDate) {
            return Optional.empty();
        }
    }
}
