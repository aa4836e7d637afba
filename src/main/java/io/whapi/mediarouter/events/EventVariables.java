package io.whapi.mediarouter.events;

/** Exchange variables of the event routes (routes/45-media-events.camel.yaml). */
public final class EventVariables {

    /** The type of the event to publish: {@link CloudEvents#STORED} or {@link CloudEvents#DEAD_LETTERED}. */
    public static final String EVENT_TYPE = "eventType";

    /** The {@link CloudEvent} being published. */
    public static final String EVENT = "event";

    /** The event sink being published to. */
    public static final String EVENT_SINK = "eventSink";

    /** The {@link EventOutbox.Pending} event a publisher is delivering or dead-lettering. */
    public static final String PENDING_EVENT = "pendingEvent";

    private EventVariables() {}
}
