package io.whapi.mediarouter.erasure;

import com.fasterxml.jackson.annotation.JsonIgnore;

/**
 * One media in one sink to erase, and how it went: {@code pending}, {@code deleted},
 * {@code absent} (the sink no longer had it) or {@code failed} (retried with backoff; detail says
 * why). The message it belongs to is kept only while the erasure runs, to purge what the
 * connector itself holds about it; a finished erasure keeps sink, key and result.
 */
public record ErasureItem(String sink, String key, String result, String detail, String channelId, String messageId) {

    public static final String PENDING = "pending";
    public static final String DELETED = "deleted";
    public static final String ABSENT = "absent";
    public static final String FAILED = "failed";

    @JsonIgnore
    public boolean settled() {
        return DELETED.equals(result) || ABSENT.equals(result);
    }

    public ErasureItem withResult(String result, String detail) {
        return new ErasureItem(sink, key, result, detail, channelId, messageId);
    }

    /** As a finished erasure keeps it: without the message's identifiers. */
    public ErasureItem forgotten() {
        return new ErasureItem(sink, key, result, detail, null, null);
    }
}
