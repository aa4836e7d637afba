package io.whapi.mediarouter.events;

/** Exchange variables of the event routes (routes/45-media-events.camel.yaml). */
public final class EventVariables {

    /** The type of the event to publish: {@link CloudEvents#STORED} or {@link CloudEvents#DEAD_LETTERED}. */
    public static final String EVENT_TYPE = "eventType";

    /** The {@link CloudEvent} being published. */
    public static final String EVENT = "event";

    /** The event sink one copy of the publication goes to. */
    public static final String EVENT_SINK = "eventSink";

    /** Why that event sink gave up after its retries; unset when it has the event. */
    public static final String EVENT_FAILURE = "eventFailure";

    /** After the publication: "name: reason" of each event sink that did not get the event, or unset. */
    public static final String FAILED_EVENT_SINKS = "failedEventSinks";

    private EventVariables() {}
}
