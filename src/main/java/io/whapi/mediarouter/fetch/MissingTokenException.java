package io.whapi.mediarouter.fetch;

/** Get Media is needed but no token is configured: a setting to fix, not a failure to retry. */
public class MissingTokenException extends RuntimeException {

    public MissingTokenException(String message) {
        super(message);
    }
}
