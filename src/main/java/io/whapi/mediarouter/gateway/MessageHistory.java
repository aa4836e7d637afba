package io.whapi.mediarouter.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
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

    private final WhapiGateway gateway;
    private final ObjectMapper json;
    private final long intervalNanos;
    private long nextRequestAt = System.nanoTime();

    public MessageHistory(WhapiGateway gateway, int maxRequestsPerSecond, ObjectMapper json) {
        this.gateway = gateway;
        this.json = json;
        this.intervalNanos = 1_000_000_000L / maxRequestsPerSecond;
    }

    /** One page of the channel's messages in the window, with the channel's token (ChannelTokens). */
    public Page page(String channelId, long fromSeconds, long toSeconds, long offset) throws InterruptedException {
        String token = gateway.tokens()
                .token(channelId)
                .orElseThrow(() -> new ChannelRefusedException("no token for channel " + channelId
                        + " to list its messages: set whapi.channels[N].token or whapi.token"));
        String list = "/messages/list?count=" + PAGE_SIZE + "&offset=" + offset + "&time_from=" + fromSeconds
                + "&time_to=" + toSeconds;
        Duration backoff = Duration.ofSeconds(1);
        for (int attempt = 1; ; attempt++) {
            pace();
            String problem;
            Optional<Duration> retryAfter = Optional.empty();
            try {
                HttpResponse<byte[]> response =
                        gateway.send(list, HttpRequest.newBuilder().GET(), token, Duration.ofSeconds(60));
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
                retryAfter = response.headers().firstValue("Retry-After").flatMap(RetryAfter::parse);
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
}
