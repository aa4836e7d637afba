package io.whapi.mediarouter.intake;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.whapi.mediarouter.MediaMessage;
import io.whapi.mediarouter.MediaTypes;
import java.io.IOException;
import java.io.Reader;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Turns a webhook body into the media messages it carries. Everything else a body can hold
 * (other event families, text, reactions, link previews, quoted media) is ignored: the gateway
 * still gets its 200, so it does not redeliver.
 */
@Component
public class WebhookParser {

    private static final Logger LOG = LoggerFactory.getLogger(WebhookParser.class);

    /** Methods that deliver messages: {@code put} re-delivers those received while offline. */
    private static final Set<String> DELIVERING_METHODS = Set.of("post", "put");

    /**
     * A media id is used as a path segment of Get Media; one that is not of Whapi's shape
     * (letters, digits, {@code . _ -}, not starting with a dot) could address another endpoint.
     */
    private static final Pattern MEDIA_ID = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]{0,255}");

    private final ObjectMapper json;
    private final MeterRegistry meters;

    public WebhookParser(ObjectMapper json, MeterRegistry meters) {
        this.json = json;
        this.meters = meters;
    }

    /** @param body the request body, already capped at whapi.webhook.max-body-size by BodySizeLimit */
    public List<MediaMessage> mediaMessages(Reader body) {
        JsonNode root = parse(body);
        JsonNode event = root.path("event");
        String eventType = event.path("type").asText("");
        String method =
                event.path("event").asText(event.path("method").asText("")).toLowerCase();
        JsonNode messages = root.path("messages");
        if (!"messages".equals(eventType) || !DELIVERING_METHODS.contains(method) || !messages.isArray()) {
            meters.counter("whapi.webhooks.ignored").increment();
            LOG.debug("Ignoring webhook event {}/{}: not a delivery of messages", eventType, method);
            return List.of();
        }
        String channelId = root.path("channel_id").asText("");
        List<MediaMessage> media = new ArrayList<>();
        List<String> unusable = new ArrayList<>();
        for (JsonNode message : messages) {
            MediaMessage parsed = mediaMessage(channelId, message, unusable);
            if (parsed != null) {
                media.add(parsed);
            }
        }
        if (!unusable.isEmpty()) {
            // one line per body, however many messages it carries
            LOG.warn(
                    "Skipped {} media message(s) of channel {} without a usable message id or media id, e.g. {}",
                    unusable.size(),
                    channelId,
                    unusable.get(0));
        }
        return media;
    }

    private JsonNode parse(Reader body) {
        if (body == null) {
            throw new MalformedWebhookException("the body is empty");
        }
        try {
            JsonNode root = json.readTree(body);
            if (root == null || root.isMissingNode()) {
                throw new MalformedWebhookException("the body is empty");
            }
            if (!root.isObject()) {
                throw new MalformedWebhookException("the body must be a JSON object");
            }
            return root;
        } catch (JsonProcessingException e) {
            // Jackson's own message quotes the input; say only where it broke.
            throw new MalformedWebhookException(
                    "malformed JSON at line " + e.getLocation().getLineNr() + ", column "
                            + e.getLocation().getColumnNr());
        } catch (IOException e) {
            throw new MalformedWebhookException("unreadable body");
        }
    }

    /** The message as media, or null when it carries no file of its own (logged and counted). */
    private MediaMessage mediaMessage(String channelId, JsonNode message, List<String> unusable) {
        String messageId = message.path("id").asText("");
        String declaredType = message.path("type").asText("");
        String type = MediaTypes.DOCUMENT_WITH_CAPTION.equals(declaredType) ? "document" : declaredType;
        if (!MediaTypes.ALL.contains(type)) {
            ignored("not_media");
            LOG.debug("Ignoring message {} of type '{}': it carries no media", messageId, declaredType);
            return null;
        }
        JsonNode file = mediaObject(message, declaredType, type);
        String mediaId = file.path("id").asText("");
        if (messageId.isEmpty() || !MEDIA_ID.matcher(mediaId).matches()) {
            ignored("no_media_id");
            String shortId = messageId.length() > 64 ? messageId.substring(0, 64) + "…" : messageId;
            unusable.add(type + " message '" + shortId + "'");
            return null;
        }
        meters.counter("whapi.messages.accepted", "type", type).increment();
        return new MediaMessage(
                channelId,
                messageId,
                text(message, "chat_id"),
                text(message, "from"),
                message.path("from_me").asBoolean(false),
                timestamp(message.path("timestamp")),
                type,
                mediaId,
                text(file, "mime_type"),
                size(file.path("file_size")),
                text(file, "sha256"),
                text(file, "link"),
                file.hasNonNull("file_name") ? text(file, "file_name") : text(file, "filename"),
                text(file, "caption"),
                file.path("view_once").asBoolean(false),
                message);
    }

    /**
     * The object describing the file. {@code documentWithCaption} has been seen both with the
     * document at the top level and nested in its own object; accept either.
     */
    private static JsonNode mediaObject(JsonNode message, String declaredType, String type) {
        JsonNode file = message.path(type);
        if (!file.isObject() && MediaTypes.DOCUMENT_WITH_CAPTION.equals(declaredType)) {
            JsonNode wrapper = message.path(declaredType);
            file = wrapper.path("document").isObject() ? wrapper.path("document") : wrapper;
        }
        return file;
    }

    private void ignored(String reason) {
        meters.counter("whapi.messages.ignored", "reason", reason).increment();
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() || value.isContainerNode() ? null : value.asText();
    }

    private static Long size(JsonNode value) {
        if (value.canConvertToLong() || (value.isTextual() && value.asText().matches("\\d{1,18}"))) {
            return value.asLong();
        }
        return null;
    }

    /** Unix seconds; a message without a usable one is dated when it arrives. */
    private static long timestamp(JsonNode value) {
        long seconds = value.asLong(0);
        return seconds > 0 ? seconds : Instant.now().getEpochSecond();
    }
}
