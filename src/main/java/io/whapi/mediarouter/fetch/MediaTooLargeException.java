package io.whapi.mediarouter.fetch;

/** The media is over media.max-size: not stored, not retried, dead-lettered with this reason. */
public class MediaTooLargeException extends RuntimeException {

    public MediaTooLargeException(String message) {
        super(message);
    }
}
