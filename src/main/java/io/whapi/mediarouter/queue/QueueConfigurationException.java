package io.whapi.mediarouter.queue;

/** The media queue cannot work with these settings; startup stops with this one line and its fix. */
public class QueueConfigurationException extends RuntimeException {

    private final String action;

    public QueueConfigurationException(String message, String action) {
        super(message);
        this.action = action;
    }

    public String getAction() {
        return action;
    }
}
