package io.whapi.mediarouter.events;

import io.whapi.mediarouter.sinks.SinkOutcomes;
import org.springframework.stereotype.Component;

/**
 * Gathers each event sink's outcome on the message, as {@link SinkOutcomes} does for media
 * sinks: {@code failedEventSinks} lists "name: reason" of those that gave up.
 */
@Component
public class EventOutcomes extends SinkOutcomes {

    public EventOutcomes() {
        super(EventVariables.EVENT_SINK, EventVariables.EVENT_FAILURE, EventVariables.FAILED_EVENT_SINKS);
    }
}
