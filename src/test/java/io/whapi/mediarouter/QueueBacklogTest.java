package io.whapi.mediarouter;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.whapi.mediarouter.support.Webhooks;
import java.time.Duration;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/**
 * A backlog in the queue journal is worked off as soon as the router runs again, without pauses:
 * media.queue.poll-delay is for queue files put in the folder by hand, and with it after every
 * hundred messages (as when the queue was a polled folder) they would wait minutes here.
 */
@TestPropertySource(properties = "media.queue.poll-delay=60s")
class QueueBacklogTest extends ConnectorTestSupport {

    private static final int BACKLOG = 150;

    @Test
    void aBacklogLargerThanOnePollIsStoredWithoutWaitingForThePollDelay() throws Exception {
        // the router stopped (as after a crash or an outage), the intake still queues
        camel.getRouteController().stopRoute("media-router");
        ObjectNode body = webhooks.image("backlog-0");
        ArrayNode messages = (ArrayNode) body.get("messages");
        IntStream.range(1, BACKLOG)
                .forEach(i -> messages.add(
                        webhooks.image("backlog-" + i).get("messages").get(0)));
        postAccepted(body);

        // started again, its first poll comes at once and finds the whole backlog
        camel.getRouteController().startRoute("media-router");
        awaitProcessed(BACKLOG, Duration.ofSeconds(40));

        IntStream.range(0, BACKLOG)
                .forEach(i ->
                        assertThat(stored(Webhooks.imageKey("backlog-" + i))).exists());
    }
}
