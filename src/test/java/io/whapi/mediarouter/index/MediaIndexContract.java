package io.whapi.mediarouter.index;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What every backend of the media index does: the file one and the JDBC one on H2 and PostgreSQL. */
abstract class MediaIndexContract {

    static final Instant MONDAY = Instant.parse("2026-11-30T10:00:00Z");

    protected abstract MediaIndex index();

    static StoredMedia media(String channel, String message, String chat, String from, String sink, Instant at) {
        return new StoredMedia(channel, message, chat, from, "image", sink, channel + "/" + message + ".jpg", at);
    }

    @Test
    void aChatsASendersAndAMessagesMediaAreFoundInEverySinkAndChannel() {
        MediaIndex index = index();
        index.stored(media("c1", "m1", "chat-a", "alice", "file", MONDAY));
        index.stored(media("c1", "m1", "chat-a", "alice", "s3", MONDAY.plusSeconds(1)));
        index.stored(media("c2", "m2", "chat-a", "bob", "file", MONDAY.plusSeconds(2)));
        index.stored(media("c1", "m3", "chat-b", "alice", "file", MONDAY.plusSeconds(3)));

        assertThat(index.ofChat(null, "chat-a"))
                .extracting(StoredMedia::messageId, StoredMedia::sink)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("m1", "file"),
                        org.assertj.core.groups.Tuple.tuple("m1", "s3"),
                        org.assertj.core.groups.Tuple.tuple("m2", "file"));
        assertThat(index.ofChat("c1", "chat-a"))
                .extracting(StoredMedia::messageId)
                .containsOnly("m1");
        assertThat(index.ofSender(null, "alice"))
                .extracting(StoredMedia::messageId)
                .containsOnly("m1", "m3");
        assertThat(index.ofMessage("c1", "m1")).extracting(StoredMedia::sink).containsExactly("file", "s3");
        assertThat(index.ofMessage("c2", "m1")).isEmpty();
    }

    @Test
    void aMediaStoredAgainIsOneEntryAndARemovedOneIsGone() {
        MediaIndex index = index();
        index.stored(media("c1", "m1", "chat-a", "alice", "file", MONDAY));
        index.stored(media("c1", "m1", "chat-a", "alice", "file", MONDAY.plusSeconds(86_400)));
        index.stored(media("c1", "m2", "chat-a", "alice", "file", MONDAY));

        assertThat(index.ofMessage("c1", "m1"))
                .singleElement()
                .extracting(StoredMedia::storedAt)
                .isEqualTo(MONDAY.plusSeconds(86_400));

        index.removed(List.of(media("c1", "m1", "", "", "file", Instant.EPOCH)));

        assertThat(index.ofMessage("c1", "m1")).isEmpty();
        assertThat(index.ofChat(null, "chat-a"))
                .extracting(StoredMedia::messageId)
                .containsExactly("m2");
    }

    @Test
    void whatASinkTookBeforeAnInstantComesOldestFirstAndAtMostTheLimit() {
        MediaIndex index = index();
        for (int i = 0; i < 5; i++) {
            index.stored(media("c1", "m" + i, "chat", "alice", "file", MONDAY.plusSeconds(3600L * (5 - i))));
            index.stored(media("c1", "m" + i, "chat", "alice", "s3", MONDAY));
        }

        List<StoredMedia> old = index.storedBefore("file", MONDAY.plusSeconds(3600L * 4 + 1), 3);

        assertThat(old).extracting(StoredMedia::messageId).containsExactly("m4", "m3", "m2");
        assertThat(old).extracting(StoredMedia::sink).containsOnly("file");
        assertThat(index.storedBefore("file", MONDAY, 10)).isEmpty();
    }
}
