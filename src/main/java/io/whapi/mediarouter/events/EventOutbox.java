package io.whapi.mediarouter.events;

import java.util.List;
import java.util.OptionalLong;

/**
 * The events recorded for delivery and not yet delivered, per event sink, oldest first. A message
 * is done once its events are recorded here; each event sink's publisher
 * ({@link EventPublisher}) then delivers them in its own time. Kept in the ledger's store: a file
 * beside the ledger for one connector per work dir, a table that every replica sharing the JDBC
 * ledger reads, so that any of them delivers what another recorded.
 */
public interface EventOutbox {

    /** An event waiting for one event sink, and when it was recorded (epoch millis). */
    record Pending(String sink, CloudEvent event, long recordedAt) {}

    /**
     * Records the events durably before returning; one already pending for its sink (a re-run
     * after a crash) is left as it is.
     */
    void record(List<Pending> events);

    /**
     * Up to {@code limit} of the sink's oldest events, taken for delivery by this publisher: with
     * the JDBC store, another replica does not take them until {@link #release} or a lease of a
     * minute runs out (the replica died).
     */
    List<Pending> take(String sink, int limit);

    /** Delivered (or dead-lettered): gone from the outbox. */
    void remove(String sink, String eventId);

    /** What this publisher took for the sink and did not remove may be taken again, by anyone. */
    void release(String sink);

    /** How many events wait for the sink. */
    long pending(String sink);

    /** When the sink's oldest waiting event was recorded, if any waits. */
    OptionalLong oldestRecordedAt(String sink);

    /** The sink's waiting events, oldest first, without taking them. */
    List<Pending> list(String sink, int limit, int offset);
}
