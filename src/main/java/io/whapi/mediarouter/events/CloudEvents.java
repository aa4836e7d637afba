package io.whapi.mediarouter.events;

import static io.whapi.mediarouter.MediaVariables.FAILED_SINKS;
import static io.whapi.mediarouter.MediaVariables.FAILURE_REASON;
import static io.whapi.mediarouter.MediaVariables.MEDIA;
import static io.whapi.mediarouter.MediaVariables.SINKS;
import static io.whapi.mediarouter.MediaVariables.STAGED_MEDIA;
import static io.whapi.mediarouter.events.EventVariables.EVENT_TYPE;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.whapi.mediarouter.MediaMessage;
import io.whapi.mediarouter.fetch.StagedMedia;
import io.whapi.mediarouter.routing.RoutingTable;
import io.whapi.mediarouter.sinks.SinkLocations;
import io.whapi.mediarouter.sinks.StorageKeys;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/**
 * The CloudEvents 1.0 (structured JSON) the connector publishes: {@value #STORED} once a
 * message's media is in every sink of its message, {@value #DEAD_LETTERED} when it is
 * dead-lettered. The id is derived from the type and the message, so that publishing the same
 * event again (a retry, a replay, a restart after a crash) repeats the id and consumers can
 * deduplicate on it. The schema is docs/events.schema.json.
 */
@Component
public class CloudEvents {

    public static final String STORED = "whapi.media.stored";
    public static final String DEAD_LETTERED = "whapi.media.dead_lettered";
    public static final String ERASED = "whapi.media.erased";

    private final ObjectMapper json;
    private final StorageKeys storageKeys;
    private final SinkLocations sinkLocations;

    public CloudEvents(ObjectMapper json, StorageKeys storageKeys, SinkLocations sinkLocations) {
        this.json = json;
        this.storageKeys = storageKeys;
        this.sinkLocations = sinkLocations;
    }

    /** The event of the exchange's {@code eventType} about its media message. */
    public CloudEvent event(Exchange exchange) throws JsonProcessingException {
        String type = exchange.getVariable(EVENT_TYPE, String.class);
        MediaMessage media = exchange.getVariable(MEDIA, MediaMessage.class);
        String key = storageKeys.keyFor(media);
        String id = id(type, media);

        Map<String, Object> data = new LinkedHashMap<>();
        data.put("channel_id", media.channelId());
        data.put("chat_id", media.chatId());
        data.put("message_id", media.messageId());
        data.put("media_id", media.mediaId());
        data.put("type", media.type());
        data.put("mime_type", media.mimeType());
        // what was downloaded and verified; on a re-run that downloaded nothing (every sink had
        // the media), what Whapi announced, which the download was verified against
        StagedMedia staged = exchange.getVariable(STAGED_MEDIA, StagedMedia.class);
        data.put("file_size", staged != null ? Long.valueOf(staged.size()) : media.fileSize());
        data.put("sha256", staged != null ? staged.sha256() : media.sha256());
        data.put("file_name", media.fileName());
        data.put("caption", media.caption());
        data.put("from", media.from());
        data.put("from_me", media.fromMe());
        data.put("timestamp", Instant.ofEpochSecond(media.timestamp()).toString());
        data.put("key", key);
        if (type.equals(STORED)) {
            List<Map<String, Object>> sinks = new ArrayList<>();
            for (String sink : exchange.getVariable(SINKS, String.class).split(",")) {
                if (!sink.isBlank() && !sink.trim().equals(RoutingTable.NO_SINK)) {
                    sinks.add(sinkLocations.locate(sink.trim(), key));
                }
            }
            data.put("sinks", sinks);
        } else {
            data.put("reason", exchange.getVariable(FAILURE_REASON, String.class));
            Integer redeliveries = exchange.getMessage().getHeader(Exchange.REDELIVERY_COUNTER, Integer.class);
            data.put("attempts", redeliveries == null ? 1 : redeliveries + 1);
            data.put("failed_sinks", listOrEmpty(exchange.getVariable(FAILED_SINKS, List.class)));
            // kept for consumers that read it: an event sink no longer fails a message (the outbox)
            data.put("failed_event_sinks", List.of());
        }

        Map<String, Object> event = new LinkedHashMap<>();
        event.put("specversion", "1.0");
        event.put("id", id);
        event.put("source", "/whapi-media-router/channels/" + media.channelId());
        event.put("type", type);
        event.put("subject", key);
        event.put("time", Instant.now().toString());
        event.put("datacontenttype", "application/json");
        event.put("data", data);
        return new CloudEvent(id, type, key, media.channelId(), media.messageId(), json.writeValueAsString(event));
    }

    /**
     * An erasure deleted the message's media from these sinks: downstream copies follow. It names
     * the message and where it was, never whose it was (no chat, no sender, no caption).
     */
    public CloudEvent erased(String channelId, String messageId, String key, List<String> sinks)
            throws JsonProcessingException {
        String name = String.join("\n", ERASED, channelId, messageId);
        String id =
                UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("channel_id", channelId);
        data.put("message_id", messageId);
        data.put("key", key);
        data.put("sinks", sinks.stream().map(sink -> Map.of("name", sink)).toList());
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("specversion", "1.0");
        event.put("id", id);
        event.put("source", "/whapi-media-router/channels/" + channelId);
        event.put("type", ERASED);
        event.put("subject", key);
        event.put("time", Instant.now().toString());
        event.put("datacontenttype", "application/json");
        event.put("data", data);
        return new CloudEvent(id, ERASED, key, channelId, messageId, json.writeValueAsString(event));
    }

    /** An event back from its own JSON (a dead letter's, to be published again as it was). */
    public CloudEvent fromJson(String event) throws JsonProcessingException {
        JsonNode node = json.readTree(event);
        JsonNode data = node.path("data");
        return new CloudEvent(
                node.path("id").asText(),
                node.path("type").asText(),
                node.path("subject").asText(),
                data.path("channel_id").asText(),
                data.path("message_id").asText(),
                event);
    }

    /** The same for every publication of this event about this message's media. */
    static String id(String type, MediaMessage media) {
        String name = String.join("\n", type, media.channelId(), media.messageId(), media.mediaId());
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
    }

    private static List<?> listOrEmpty(List<?> list) {
        return list == null ? List.of() : list;
    }
}
