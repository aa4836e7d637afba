package io.whapi.mediarouter;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;

/**
 * One media message of a Whapi webhook, reduced to what routing, fetching and storing need.
 * Built by {@link WebhookParser}; immutable, so it can cross threads, and written to the media
 * queue as it is (QueueEntries).
 *
 * @param type      one of {@link MediaTypes#ALL}; {@code documentWithCaption} arrives as {@code document}
 * @param fileSize  bytes announced by Whapi, or null when absent
 * @param sha256    Base64 SHA-256 announced by Whapi, or null when absent
 * @param link      public download URL (Auto Download on), or null
 * @param fileName  the sender's file name (documents), untrusted, or null
 * @param viewOnce  the sender asked that the media be seen once only
 * @param original  the message as the webhook carried it, kept for the dead-letter store
 */
public record MediaMessage(
        String channelId,
        String messageId,
        String chatId,
        String from,
        boolean fromMe,
        long timestamp,
        String type,
        String mediaId,
        String mimeType,
        Long fileSize,
        String sha256,
        String link,
        String fileName,
        String caption,
        boolean viewOnce,
        JsonNode original) {

    /**
     * The identity of the message, not a hash of every field: Camel keys its bean caches by the
     * object that a route calls a method on ({@code ${variable.media.type}}), and hashing the whole
     * {@code original} JSON tree on each call was a measurable share of the intake's CPU. Equal
     * messages still hash alike, as the record's equals requires.
     */
    @Override
    public int hashCode() {
        return Objects.hash(channelId, messageId, mediaId);
    }

    /** Size used by routing rules: the announced size, or 0 when Whapi did not say. */
    public long announcedSize() {
        return fileSize == null ? 0 : fileSize;
    }

    public boolean hasLink() {
        return link != null && !link.isBlank();
    }
}
