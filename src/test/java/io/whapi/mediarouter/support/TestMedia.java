package io.whapi.mediarouter.support;

import io.whapi.mediarouter.MediaMessage;

/**
 * A media message for a unit test, built from what the test is about; every field it does not
 * name has a plain value (not from me, not view-once, no link, caption or original webhook).
 */
public final class TestMedia {

    private final String type;
    private final String mediaId;
    private final String mimeType;
    private String channelId = "c";
    private String messageId = "m";
    private String chatId = "chat";
    private String from = "from";
    private long timestamp;
    private Long fileSize;
    private String sha256;
    private String fileName;

    private TestMedia(String type, String mediaId, String mimeType) {
        this.type = type;
        this.mediaId = mediaId;
        this.mimeType = mimeType;
    }

    public static TestMedia of(String type, String mediaId, String mimeType) {
        return new TestMedia(type, mediaId, mimeType);
    }

    public TestMedia channel(String channelId) {
        this.channelId = channelId;
        return this;
    }

    public TestMedia message(String messageId) {
        this.messageId = messageId;
        return this;
    }

    public TestMedia chat(String chatId, String from) {
        this.chatId = chatId;
        this.from = from;
        return this;
    }

    /** Unix seconds, as the webhook gives them. */
    public TestMedia at(long timestamp) {
        this.timestamp = timestamp;
        return this;
    }

    public TestMedia fileSize(Long fileSize) {
        this.fileSize = fileSize;
        return this;
    }

    public TestMedia sha256(String sha256) {
        this.sha256 = sha256;
        return this;
    }

    public TestMedia fileName(String fileName) {
        this.fileName = fileName;
        return this;
    }

    public MediaMessage build() {
        return new MediaMessage(
                channelId, messageId, chatId, from, false, timestamp, type, mediaId, mimeType, fileSize, sha256, null,
                fileName, null, false, null);
    }
}
