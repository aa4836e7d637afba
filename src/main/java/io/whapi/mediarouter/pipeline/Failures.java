package io.whapi.mediarouter.pipeline;

import org.apache.camel.CamelExchangeException;
import org.apache.camel.RuntimeCamelException;
import org.springframework.stereotype.Component;

/** What routes do with a failure beyond what Camel's error handler does. */
@Component
public class Failures {

    /**
     * Lets a route count a failure in a doCatch and then let it go on as it was: the same
     * exception, so the error handler still decides retry or dead letter by its type and status.
     */
    public void rethrow(Exception exception) throws Exception {
        throw exception;
    }

    /**
     * The failure as a user should read it: the message of its root cause, not of the wrapper a
     * bean call, an expression or a split put around it ("Failed to invoke method: ... due to: ...",
     * "Sequential processing failed for number 0 ...").
     */
    public String reason(Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof RuntimeCamelException || cause instanceof CamelExchangeException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause == null) {
            return null;
        }
        return cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    }
}
