package io.whapi.mediarouter.sinks;

import static io.whapi.mediarouter.MediaVariables.FAILED_SINKS;
import static io.whapi.mediarouter.MediaVariables.SINK;
import static io.whapi.mediarouter.MediaVariables.SINK_FAILURE;

import java.util.ArrayList;
import java.util.List;
import org.apache.camel.AggregationStrategy;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/**
 * Gathers the fan-out's per-sink results on the message itself: each sink that gave up after
 * its retries leaves a {@code sinkFailure} variable, collected into {@code failedSinks}
 * ("name: reason"). The result is always the original message, so nothing of a sink's copy
 * (split bookkeeping, response headers) leaks back into it.
 */
@Component
public class SinkOutcomes implements AggregationStrategy {

    private final String nameVariable;
    private final String failureVariable;
    private final String failedVariable;

    public SinkOutcomes() {
        this(SINK, SINK_FAILURE, FAILED_SINKS);
    }

    /** The same gathering under other variable names (the event sinks' publication). */
    protected SinkOutcomes(String nameVariable, String failureVariable, String failedVariable) {
        this.nameVariable = nameVariable;
        this.failureVariable = failureVariable;
        this.failedVariable = failedVariable;
    }

    @Override
    public Exchange aggregate(Exchange oldExchange, Exchange newExchange, Exchange original) {
        String failure = newExchange.getVariable(failureVariable, String.class);
        if (failure != null) {
            synchronized (original) {
                @SuppressWarnings("unchecked")
                List<String> failed = original.getVariable(failedVariable, List.class);
                if (failed == null) {
                    failed = new ArrayList<>();
                    original.setVariable(failedVariable, failed);
                }
                failed.add(newExchange.getVariable(nameVariable, String.class) + ": " + failure);
            }
        }
        return original;
    }

    @Override
    public Exchange aggregate(Exchange oldExchange, Exchange newExchange) {
        throw new UnsupportedOperationException("the fan-out aggregates onto the original message");
    }
}
