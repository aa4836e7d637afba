package io.whapi.mediarouter.index;

import io.whapi.mediarouter.MediaMessage;
import java.time.Instant;

/**
 * One media in one sink, as the index knows it: whose it is (channel, chat, sender, message),
 * what it is, and where and when that sink took it. What an erasure or a retention sweep needs
 * to find the media and delete it, nothing of its content.
 */
public record StoredMedia(
        String channelId,
        String messageId,
        String chatId,
        String from,
        String type,
        String sink,
        String key,
        Instant storedAt) {

    public static StoredMedia of(MediaMessage media, String sink, String key, Instant storedAt) {
        return new StoredMedia(
                media.channelId(),
                media.messageId(),
                media.chatId() == null ? "" : media.chatId(),
                media.from() == null ? "" : media.from(),
                media.type(),
                sink,
                key,
                storedAt);
    }
}
