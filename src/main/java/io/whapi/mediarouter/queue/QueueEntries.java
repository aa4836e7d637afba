package io.whapi.mediarouter.queue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.whapi.mediarouter.webhook.MediaMessage;
import java.io.IOException;
import org.springframework.stereotype.Component;

/**
 * The media queue's file format: {@code {"media": {...}}}, one media message per file. A
 * dead-letter entry has the same {@code media} field, so moving it back into the queue folder
 * replays it.
 */
@Component
public class QueueEntries {

    private final ObjectMapper json;

    public QueueEntries(ObjectMapper json) {
        this.json = json;
    }

    public String toJson(MediaMessage media) throws IOException {
        ObjectNode entry = json.createObjectNode();
        entry.set("media", json.valueToTree(media));
        return json.writeValueAsString(entry);
    }

    public MediaMessage fromJson(byte[] entry) {
        try {
            JsonNode media = json.readTree(entry).path("media");
            if (!media.isObject()) {
                throw new UnreadableQueueEntryException("it has no media object");
            }
            return json.treeToValue(media, MediaMessage.class);
        } catch (IOException e) {
            throw new UnreadableQueueEntryException("it is not a queue entry's JSON");
        }
    }
}
