package io.whapi.mediarouter.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Webhook bodies from {@code src/test/resources/webhooks} (copies of the shared samples), with
 * their links pointed at the fake link host, ready to be changed by a test.
 */
public final class Webhooks {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String WHAPI_STORAGE = "https://s3.eu-central-1.wasabisys.com";

    private final FakeWhapi whapi;

    public Webhooks(FakeWhapi whapi) {
        this.whapi = whapi;
    }

    public static String raw(String sample) {
        try (InputStream in = Webhooks.class.getResourceAsStream("/webhooks/" + sample)) {
            if (in == null) {
                throw new IllegalArgumentException("no sample " + sample);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The sample as JSON, links rewritten, and its media served by the fake gateway and link host. */
    public ObjectNode load(String sample) {
        try {
            ObjectNode body = (ObjectNode) JSON.readTree(raw(sample).replace(WHAPI_STORAGE, whapi.linkBase()));
            for (JsonNode message : body.path("messages")) {
                JsonNode media = message.path(message.path("type").asText());
                if (media.has("id")) {
                    whapi.serve(media.get("id").asText(), media.get("file_size").asLong());
                }
            }
            return body;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The sample with its first message renamed and its media replaced by generated sample bytes
     * of the given size, fetched through Get Media only (no link), size and sha256 announced.
     */
    public ObjectNode viaGetMedia(String sample, String messageId, String mediaId, long size) {
        ObjectNode body = load(sample);
        firstMessage(body).put("id", messageId);
        ObjectNode media = firstMedia(body);
        media.remove("link");
        media.put("id", mediaId);
        media.put("file_size", size);
        media.put("sha256", SampleMedia.sha256(mediaId, size));
        whapi.serve(mediaId, size);
        return body;
    }

    /**
     * Sample 02 (an image with no link) under this message id, its media served by Get Media
     * only; stored under {@link #imageKey}.
     */
    public ObjectNode image(String messageId) {
        return viaGetMedia("02-image-private-no-link.json", messageId, "jpeg-" + messageId, 25950);
    }

    /** Where {@link #image} is stored: the sample's channel, type and day. */
    public static String imageKey(String messageId) {
        return "ORCHID-Q7K2P/image/2024/06/25/" + messageId + ".jpg";
    }

    /** The media object of the body's first message, to change before posting. */
    public static ObjectNode firstMedia(ObjectNode body) {
        JsonNode message = body.path("messages").get(0);
        return (ObjectNode) message.get(message.get("type").asText());
    }

    public static ObjectNode firstMessage(ObjectNode body) {
        return (ObjectNode) body.path("messages").get(0);
    }

    /**
     * A channel's past messages as Whapi's message list gives them: {@code count} messages from
     * sample 02, {@code prefix-i}, the i-th at {@code first + i * step}; three in every ten an image
     * served by Get Media only ({@code size} bytes), the others text.
     */
    public List<ObjectNode> history(String prefix, int count, Instant first, Duration step, long size) {
        ObjectNode template = (ObjectNode)
                load("02-image-private-no-link.json").path("messages").get(0);
        List<ObjectNode> messages = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ObjectNode message = template.deepCopy();
            String id = prefix + "-" + i;
            message.put("id", id);
            message.put("timestamp", first.plus(step.multipliedBy(i)).getEpochSecond());
            if (i % 10 < 3) {
                ObjectNode image = (ObjectNode) message.get("image");
                image.remove("link");
                image.put("id", "jpeg-" + id);
                image.put("file_size", size);
                image.put("sha256", SampleMedia.sha256("jpeg-" + id, size));
                whapi.serve("jpeg-" + id, size);
            } else {
                message.remove("image");
                message.put("type", "text");
                message.putObject("text").put("body", "message " + i);
            }
            messages.add(message);
        }
        return messages;
    }
}
