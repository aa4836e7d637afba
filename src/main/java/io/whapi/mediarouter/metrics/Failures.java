package io.whapi.mediarouter.metrics;

import org.springframework.stereotype.Component;

/**
 * Lets a route count a failure in a doCatch and then let it go on as it was: the same exception,
 * so the error handler still decides retry or dead letter by its type and status.
 */
@Component
public class Failures {

    public void rethrow(Exception exception) throws Exception {
        throw exception;
    }
}
