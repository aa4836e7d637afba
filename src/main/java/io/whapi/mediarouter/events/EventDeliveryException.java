package io.whapi.mediarouter.events;

/** One or more event sinks did not take a message's event after their retries. */
public class EventDeliveryException extends RuntimeException {

    public EventDeliveryException(String message) {
        super(message);
    }
}
