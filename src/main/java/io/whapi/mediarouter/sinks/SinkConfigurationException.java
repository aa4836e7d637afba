package io.whapi.mediarouter.sinks;

/** The sink or routing configuration cannot work; startup stops with this one line. */
public class SinkConfigurationException extends RuntimeException {

    private final String action;

    public SinkConfigurationException(String message, String action) {
        super(message);
        this.action = action;
    }

    public String getAction() {
        return action;
    }
}
