package io.whapi.mediarouter.fetch;

/** The link may not be fetched (SSRF guard); the media is fetched with Get Media instead. */
public class LinkNotAllowedException extends RuntimeException {

    public LinkNotAllowedException(String reason) {
        super(reason);
    }
}
