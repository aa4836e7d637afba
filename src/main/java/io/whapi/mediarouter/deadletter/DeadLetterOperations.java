package io.whapi.mediarouter.deadletter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.whapi.mediarouter.MediaMessage;
import io.whapi.mediarouter.provenance.Provenance;
import io.whapi.mediarouter.queue.QueueEntries;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * What an operator does with dead letters, whichever queue and store are in use: list them,
 * replay one or all (a media message is queued again through direct:enqueue-media, the queue the
 * intake writes to: a queue file or a record on the jobs topic; sinks and event sinks that have
 * the media or its event are skipped; an event goes back into the outbox for its event sink
 * through direct:replay-event), discard one. Each replay and discard is logged with the user who did it.
 * The operations API and the console page call this; nothing else replays.
 */
@Component
public class DeadLetterOperations {

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterOperations.class);

    private final DeadLetterStore store;
    private final QueueEntries queueEntries;
    private final ProducerTemplate producer;
    private final ObjectMapper json;
    private final Provenance provenance;

    public DeadLetterOperations(
            DeadLetterStore store,
            QueueEntries queueEntries,
            ProducerTemplate producer,
            ObjectMapper json,
            Provenance provenance) {
        this.store = store;
        this.queueEntries = queueEntries;
        this.producer = producer;
        this.json = json;
        this.provenance = provenance;
    }

    /** The summaries of the dead letters, newest first. */
    public List<Map<String, Object>> list(int limit, int offset) {
        List<Map<String, Object>> summaries = new ArrayList<>();
        for (String entry : store.entries(limit, offset)) {
            summaries.add(summary(entry));
        }
        return summaries;
    }

    public int total() {
        return store.total();
    }

    /** False when there is no such dead letter. */
    public boolean replay(String id, String user) {
        String entry = store.entry(id).orElse(null);
        if (entry == null) {
            return false;
        }
        JsonNode deadLetter = read(entry);
        JsonNode event = deadLetter.path("event");
        if (!event.isMissingNode()) {
            // an event its event sink did not take: back in the outbox, with its id
            String eventSink = deadLetter.path("event_sink").asText();
            producer.sendBodyAndHeader("direct:replay-event", event.toString(), "eventSink", eventSink);
            store.remove(id);
            LOG.info(
                    "Dead letter {} (event {} for event sink {}) replayed by {}",
                    id,
                    event.path("id").asText(),
                    eventSink,
                    user);
            return true;
        }
        MediaMessage media = queueEntries.fromJson(entry.getBytes(StandardCharsets.UTF_8));
        // recorded before the message is queued: a worker may fetch and store it before sendBody
        // returns, and a "replayed" step after "stored" would read as in progress again
        provenance.replayed(media, user);
        try {
            producer.sendBody("direct:enqueue-media", media);
        } catch (RuntimeException notQueued) {
            provenance.deadLettered(media, "not queued again: " + notQueued.getMessage(), null);
            throw notQueued;
        }
        store.remove(id);
        LOG.info("Dead letter {} (message {}) replayed by {}", id, media.messageId(), user);
        return true;
    }

    /** How many were queued again. */
    public int replayAll(String user) {
        int replayed = 0;
        for (Map<String, Object> deadLetter : list(Integer.MAX_VALUE, 0)) {
            if (replay((String) deadLetter.get("id"), user)) {
                replayed++;
            }
        }
        return replayed;
    }

    /** False when there is no such dead letter. */
    public boolean discard(String id, String user) {
        if (!store.remove(id)) {
            return false;
        }
        LOG.info("Dead letter {} discarded by {}", id, user);
        return true;
    }

    private Map<String, Object> summary(String entry) {
        JsonNode node = read(entry);
        JsonNode event = node.path("event");
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("id", node.path("id").asText());
        List<String> failedSinks = new ArrayList<>();
        if (event.isMissingNode()) {
            JsonNode media = node.path("media");
            summary.put("kind", "media");
            summary.put("channelId", media.path("channelId").asText());
            summary.put("messageId", media.path("messageId").asText());
            summary.put("type", media.path("type").asText());
            node.path("failed_sinks").forEach(s -> failedSinks.add(s.asText()));
            node.path("failed_event_sinks").forEach(s -> failedSinks.add("event " + s.asText()));
        } else {
            summary.put("kind", "event");
            summary.put("channelId", event.path("data").path("channel_id").asText());
            summary.put("messageId", event.path("data").path("message_id").asText());
            summary.put("type", event.path("data").path("type").asText());
            summary.put("eventType", event.path("type").asText());
            summary.put("eventId", event.path("id").asText());
            failedSinks.add("event " + node.path("event_sink").asText());
        }
        summary.put("reason", node.path("error").asText());
        summary.put("attempts", node.path("attempts").asInt());
        summary.put("failedSinks", failedSinks);
        summary.put("deadLetteredAt", node.path("dead_lettered_at").asText());
        return summary;
    }

    private JsonNode read(String entry) {
        try {
            return json.readTree(entry);
        } catch (IOException e) {
            throw new UncheckedIOException("a dead letter is not JSON", e);
        }
    }
}
