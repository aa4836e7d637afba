package io.whapi.mediarouter.index;

import io.whapi.mediarouter.MediaMessage;
import io.whapi.mediarouter.MediaVariables;
import java.time.Instant;
import java.util.List;
import org.apache.camel.Variable;

/**
 * What was stored where: one entry per media and sink, written once the sink has the media, in
 * the state store (files under the work dir, or the shared database). Erasures find a chat's, a
 * sender's or a message's media through it, retention the media a sink has held too long.
 */
public interface MediaIndex {

    /** The sink has the media (again: the entry is replaced). */
    void stored(StoredMedia entry);

    /** As deliver-to-sink says it, once the sink has the media: under this key, now. */
    default void record(
            @Variable(MediaVariables.MEDIA) MediaMessage media,
            @Variable(MediaVariables.SINK) String sink,
            @Variable(MediaVariables.MEDIA_KEY) String key) {
        stored(StoredMedia.of(media, sink, key, Instant.now()));
    }

    /** These sinks no longer have these media (as the index listed them). */
    void removed(List<StoredMedia> entries);

    /** The message's media in every sink. */
    List<StoredMedia> ofMessage(String channelId, String messageId);

    /** The chat's media, of one channel or (channelId null) of every channel. */
    List<StoredMedia> ofChat(String channelId, String chatId);

    /** What the sender sent, of one channel or (channelId null) of every channel. */
    List<StoredMedia> ofSender(String channelId, String from);

    /** Up to {@code limit} of the media the sink took before that instant, oldest first. */
    List<StoredMedia> storedBefore(String sink, Instant before, int limit);
}
