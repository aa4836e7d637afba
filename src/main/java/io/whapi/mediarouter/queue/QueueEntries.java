package io.whapi.mediarouter.queue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.whapi.mediarouter.MediaMessage;
import java.io.File;
import java.io.IOException;
import org.apache.camel.Body;
import org.springframework.stereotype.Component;

/**
 * The media queue's entry format: {@code {"media": {...}}}, one media message per queue file or
 * Kafka record. A dead-letter entry has the same {@code media} field, so moving it back into the
 * queue folder, or producing it to the jobs topic, replays it.
 */
@Component
public class QueueEntries {

    private final ObjectMapper json;

    public QueueEntries(ObjectMapper json) {
        this.json = json;
    }

    public String toJson(@Body MediaMessage media) throws IOException {
        return json.writeValueAsString(entry(media));
    }

    public byte[] toJsonBytes(MediaMessage media) throws IOException {
        return json.writeValueAsBytes(entry(media));
    }

    private ObjectNode entry(MediaMessage media) {
        ObjectNode entry = json.createObjectNode();
        entry.set("media", json.valueToTree(media));
        return entry;
    }

    /**
     * The Kafka record key of a queue entry: channel, message and media id. A redelivered webhook
     * produces the same key, so it lands on the same partition as the first delivery.
     */
    public String key(@Body MediaMessage media) {
        return media.channelId() + "/" + media.messageId() + "/" + media.mediaId();
    }

    /**
     * Whether a queue file the consumer listed is no longer there: another thread finished it and
     * deleted it in the moment between the listing and now. A bean call, not the Simple
     * {@code ${body.file.exists()}} it replaces: that OGNL built and introspected a bean
     * expression per message, 9% of the CPU per stored media in a JFR profile of
     * {@code bench/run.sh --only small-file} (docs/benchmarks.md).
     */
    public boolean gone(File queueFile) {
        return !queueFile.exists();
    }

    /** The media message of a queue entry (the body: a queue journal's line, a file, a record). */
    public MediaMessage fromJson(@Body byte[] entry) {
        if (entry == null || entry.length == 0) {
            throw new UnreadableQueueEntryException("it is empty");
        }
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
