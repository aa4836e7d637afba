package io.whapi.mediarouter.sinks;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.whapi.mediarouter.MediaMessage;
import io.whapi.mediarouter.MediaVariables;
import io.whapi.mediarouter.fetch.StagedMedia;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.camel.Variable;
import org.springframework.stereotype.Component;

/**
 * The metadata document stored beside each binary as {@code {key}.json}. It is written after the
 * binary, so its presence also says the binary is complete.
 */
@Component
public class Sidecars {

    private final ObjectMapper json;

    public Sidecars(ObjectMapper json) {
        this.json = json;
    }

    /**
     * What an object carries as user metadata, for a kind whose store takes it (the s3 kind: single
     * puts only, Camel's S3 component drops it on multipart, where the sidecar carries it anyway).
     * HTTP headers: ASCII-safe values only.
     */
    public Map<String, String> userMetadataFor(
            @Variable(MediaVariables.MEDIA) MediaMessage media,
            @Variable(MediaVariables.STAGED_MEDIA) StagedMedia staged) {
        return userMetadata(media, staged.sha256());
    }

    /** The same, before the media is staged: with the sha256 the download will be verified against. */
    public Map<String, String> userMetadata(MediaMessage media, String sha256) {
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("message-id", StorageKeys.segment(media.messageId()));
        metadata.put("channel-id", StorageKeys.segment(media.channelId()));
        metadata.put("media-type", media.type());
        metadata.put("sha256", sha256);
        return metadata;
    }

    public String sidecarFor(
            @Variable(MediaVariables.MEDIA) MediaMessage media,
            @Variable(MediaVariables.STAGED_MEDIA) StagedMedia staged,
            @Variable(MediaVariables.MEDIA_KEY) String key)
            throws JsonProcessingException {
        Map<String, Object> sidecar = new LinkedHashMap<>();
        sidecar.put("message_id", media.messageId());
        sidecar.put("channel_id", media.channelId());
        sidecar.put("chat_id", media.chatId());
        sidecar.put("from", media.from());
        sidecar.put("from_me", media.fromMe());
        sidecar.put("type", media.type());
        sidecar.put("media_id", media.mediaId());
        sidecar.put("mime_type", media.mimeType());
        sidecar.put("file_size", staged.size());
        sidecar.put("sha256", staged.sha256());
        sidecar.put("caption", media.caption());
        sidecar.put("file_name", media.fileName());
        sidecar.put("timestamp", Instant.ofEpochSecond(media.timestamp()).toString());
        sidecar.put("fetched_from", staged.source());
        sidecar.put("key", key);
        return json.writerWithDefaultPrettyPrinter().writeValueAsString(sidecar);
    }
}
