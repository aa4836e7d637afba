package io.whapi.mediarouter.config;

/**
 * A setting or a route file that cannot work: startup stops with this one line and the fix
 * ({@link ConfigurationProblemFailureAnalyzer}), never a stack trace. The message never quotes a
 * URI: it can hold a password.
 */
public class ConfigurationProblem extends RuntimeException {

    private final String action;

    public ConfigurationProblem(String message, String action) {
        super(message);
        this.action = action;
    }

    public String getAction() {
        return action;
    }
}
