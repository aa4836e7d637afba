package io.whapi.mediarouter.sinks;

/** One or more sinks did not get the media after their retries; the others have it. */
public class SinkDeliveryException extends RuntimeException {

    public SinkDeliveryException(String message) {
        super(message);
    }
}
