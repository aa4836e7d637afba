package io.whapi.mediarouter.queue;

/** A file in the queue folder that is not a queue entry (a bad replay, a stray file). */
public class UnreadableQueueEntryException extends RuntimeException {

    public UnreadableQueueEntryException(String reason) {
        super(reason);
    }
}
