package io.whapi.mediarouter.deadletter;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.whapi.mediarouter.MediaMessage;
import io.whapi.mediarouter.sinks.StorageKeys;
import java.time.Instant;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * The dead-letter entry of a media message that could not be stored (or of an event its event
 * sink did not take within its max-age, {@link #eventEntry}), one JSON document kept in
 * the {@link DeadLetterStore} (a file in {@code {work-dir}/dead-letter/}, or a row of the JDBC
 * ledger's database): its id, the message (as queued), which sinks and event sinks failed, the
 * last error, the attempts and when. Its {@code media} field is a queue entry's, so a replay
 * queues it as it is ({@link DeadLetterOperations}; with files, moving one into queue/ too).
 * Holds no secret: the message is the webhook's, the error a message of ours or a store's.
 */
@Component
public class DeadLetters {

    private final ObjectMapper json;

    public DeadLetters(ObjectMapper json) {
        this.json = json;
    }

    public String entry(MediaMessage media, List<String> failedSinks, String error, Integer retries)
            throws JsonProcessingException {
        ObjectNode entry = json.createObjectNode();
        entry.put("id", id(media));
        entry.set("media", json.valueToTree(media));
        entry.set("failed_sinks", json.valueToTree(failedSinks == null ? List.of() : failedSinks));
        // kept for readers of older entries' shape: an event sink no longer fails a message (the outbox)
        entry.set("failed_event_sinks", json.createArrayNode());
        entry.put("error", error);
        entry.put("attempts", retries == null ? 1 : retries + 1);
        entry.put("message_timestamp", Instant.ofEpochSecond(media.timestamp()).toString());
        entry.put("dead_lettered_at", Instant.now().toString());
        return json.writerWithDefaultPrettyPrinter().writeValueAsString(entry);
    }

    /**
     * An event its event sink did not take within its max-age: the event as it was published (a
     * replay publishes it again, with its id), the event sink, the last error, and when it was
     * recorded in the outbox.
     */
    public String eventEntry(String eventSink, String event, String error, Integer attempts, Long recordedAt)
            throws JsonProcessingException {
        JsonNode published = json.readTree(event);
        ObjectNode entry = json.createObjectNode();
        entry.put("id", eventId(eventSink, published.path("id").asText()));
        entry.put("event_sink", eventSink);
        entry.set("event", published);
        entry.put("error", error == null ? "not taken within its max-age" : error);
        entry.put("attempts", attempts == null ? 0 : attempts);
        entry.put("recorded_at", Instant.ofEpochMilli(recordedAt).toString());
        entry.put("dead_lettered_at", Instant.now().toString());
        return json.writerWithDefaultPrettyPrinter().writeValueAsString(entry);
    }

    /** The id of an event's dead letter: the event sink and the event's id. */
    public String eventId(String eventSink, String eventId) {
        return "event_" + StorageKeys.distinctSegment(eventSink) + "_" + StorageKeys.distinctSegment(eventId);
    }

    /** A broker intake's record that is no webhook: the body as it came, and why it was refused. */
    public String webhookEntry(String intake, String webhook, String error) throws JsonProcessingException {
        ObjectNode entry = json.createObjectNode();
        entry.put("intake", intake);
        entry.put("error", error);
        entry.put("dead_lettered_at", Instant.now().toString());
        entry.put("webhook", webhook);
        return json.writerWithDefaultPrettyPrinter().writeValueAsString(entry);
    }

    /** The dead letter's id: channel and message, safe as a file name and in a URL path. */
    public String id(MediaMessage media) {
        return id(media.channelId(), media.messageId());
    }

    public static String id(String channelId, String messageId) {
        return StorageKeys.distinctSegment(channelId) + "_" + StorageKeys.distinctSegment(messageId);
    }
}
