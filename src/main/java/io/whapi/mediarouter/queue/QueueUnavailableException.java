package io.whapi.mediarouter.queue;

/** The intake cannot record webhooks durably right now; it answers 503 so the gateway retries. */
public class QueueUnavailableException extends RuntimeException {

    public QueueUnavailableException(String message) {
        super(message);
    }
}
