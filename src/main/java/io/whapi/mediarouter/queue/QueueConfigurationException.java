package io.whapi.mediarouter.queue;

import io.whapi.mediarouter.config.ConfigurationProblem;

/** The media queue cannot work with these settings; startup stops with this one line and its fix. */
public class QueueConfigurationException extends ConfigurationProblem {

    public QueueConfigurationException(String message, String action) {
        super(message, action);
    }
}
