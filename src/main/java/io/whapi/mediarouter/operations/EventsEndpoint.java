package io.whapi.mediarouter.operations;

import io.whapi.mediarouter.events.EventPublisher;
import java.util.Map;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.web.annotation.WebEndpoint;
import org.springframework.lang.Nullable;

/**
 * {@code /actuator/events}: per event sink, the events recorded and not yet delivered (the
 * outbox), oldest first ({@code limit}, default 100, and {@code offset}), how many wait, how long
 * the oldest has waited and why the last attempt failed. On the management port, behind the
 * login ({@link OperationsSecurity}).
 */
@WebEndpoint(id = "events")
public class EventsEndpoint {

    private final EventPublisher publisher;

    public EventsEndpoint(EventPublisher publisher) {
        this.publisher = publisher;
    }

    @ReadOperation
    public Map<String, Object> pending(@Nullable Integer limit, @Nullable Integer offset) {
        Page page = Page.of(limit, offset);
        return Map.of("eventSinks", publisher.status(page.limit(), page.offset()));
    }
}
