package io.whapi.mediarouter.events;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.TimeGauge;
import io.whapi.mediarouter.pipeline.Failures;
import io.whapi.mediarouter.state.LedgerConfiguration.Ledger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The outbox's two sides, as the routes in 45-media-events use them (bean {@code eventPublisher}).
 * A message's event is {@link #record recorded} for every event sink, durably, and the message is
 * done: storage never waits for an event sink. Each event sink's publisher route then asks what
 * is {@link #due}, oldest first, delivers it and reports {@link #delivered} or {@link #failed}.
 * After a failure the sink backs off (media.event-retry.initial-delay, doubling up to max-delay)
 * and then tries its oldest event again; an event still not taken after the sink's max-age
 * becomes a dead letter of its own. Nothing is dropped, and an event keeps its id on every
 * attempt, replay and restart.
 */
public class EventPublisher {

    private static final Logger LOG = LoggerFactory.getLogger(EventPublisher.class);

    /** Events taken from the outbox per round of one publisher. */
    static final int BATCH = 100;

    /** A URI's user info, and a URI's query and fragment: what {@link #withoutUriSecrets} removes. */
    private static final Pattern URI_USER_INFO = Pattern.compile("(\\b[a-zA-Z][a-zA-Z0-9+.-]*://)[^/\\s@]*@");

    private static final Pattern URI_QUERY = Pattern.compile("(\\b[a-zA-Z][a-zA-Z0-9+.-]*://[^\\s?#]*)[?#]\\S*");

    private final EventOutbox outbox;
    private final Ledger ledger;
    private final Failures failures;
    private final Clock clock;
    private final Duration initialDelay;
    private final Duration maxDelay;
    private final Map<String, SinkState> sinks = new LinkedHashMap<>();

    /** One event sink's run of failures; guarded by itself. */
    private static final class SinkState {
        final EventProperties.EventSink settings;
        int failures;
        long nextAttemptAt;
        String lastError;
        String failingEventId;
        int failingEventAttempts;

        SinkState(EventProperties.EventSink settings) {
            this.settings = settings;
        }
    }

    public EventPublisher(
            EventOutbox outbox,
            Ledger ledger,
            Failures failures,
            EventProperties media,
            MeterRegistry registry,
            Clock clock) {
        this.outbox = outbox;
        this.ledger = ledger;
        this.failures = failures;
        this.clock = clock;
        this.initialDelay = media.getEventRetry().getInitialDelay();
        this.maxDelay = media.getEventRetry().getMaxDelay();
        media.getEvents().forEach((name, settings) -> {
            sinks.put(name, new SinkState(settings));
            Gauge.builder("whapi.events.pending", outbox, o -> o.pending(name))
                    .description("Events recorded for the event sink and not yet delivered (the outbox)")
                    .tag("sink", name)
                    .register(registry);
            TimeGauge.builder(
                            "whapi.events.oldest.pending.age",
                            this,
                            TimeUnit.MILLISECONDS,
                            publisher -> publisher.oldestPendingAge(name).toMillis())
                    .description("How long the event sink's oldest undelivered event has waited; 0 when none waits")
                    .tag("sink", name)
                    .register(registry);
        });
    }

    /**
     * Records the event for every event sink that does not have it yet (a re-run after a crash,
     * a replay), durably, in one write. Returns once it is recorded.
     */
    public void record(CloudEvent event) {
        long now = clock.millis();
        List<EventOutbox.Pending> pending = new ArrayList<>();
        for (String sink : sinks.keySet()) {
            if (!ledger.eventDelivered(event.channelId(), event.messageId(), event.type(), sink)) {
                pending.add(new EventOutbox.Pending(sink, event, now));
            }
        }
        if (!pending.isEmpty()) {
            outbox.record(pending);
        }
    }

    /** A dead-lettered event, replayed: waiting for its event sink again, as if recorded now. */
    public void recordAgain(String sink, CloudEvent event) {
        if (!sinks.containsKey(sink)) {
            throw new IllegalArgumentException("no event sink " + sink + " is configured (media.events." + sink + ")");
        }
        outbox.record(List.of(new EventOutbox.Pending(sink, event, clock.millis())));
    }

    /**
     * What the sink's publisher does this round, oldest first: the next events to deliver, or,
     * while the sink backs off after a failure, only those past their max-age (to dead-letter).
     */
    public List<EventOutbox.Pending> due(String sink) {
        SinkState state = sinks.get(sink);
        if (!backingOff(sink)) {
            return outbox.take(sink, BATCH);
        }
        OptionalLong oldest = outbox.oldestRecordedAt(sink);
        if (oldest.isEmpty() || oldest.getAsLong() >= oldestLive(state)) {
            return List.of();
        }
        List<EventOutbox.Pending> expired =
                outbox.take(sink, BATCH).stream().filter(this::expired).toList();
        outbox.release(sink);
        return expired;
    }

    /** Whether the event has waited longer than its sink's max-age: it becomes a dead letter. */
    public boolean expired(EventOutbox.Pending event) {
        return event.recordedAt() < oldestLive(sinks.get(event.sink()));
    }

    private long oldestLive(SinkState state) {
        return clock.millis() - state.settings.getMaxAge().toMillis();
    }

    /** After a failure, until the next attempt is due: the rest of the round waits. */
    public boolean backingOff(String sink) {
        SinkState state = sinks.get(sink);
        synchronized (state) {
            return clock.millis() < state.nextAttemptAt;
        }
    }

    /** The sink took the event: it leaves the outbox, and the ledger keeps it from being recorded again. */
    public void delivered(EventOutbox.Pending pending) {
        CloudEvent event = pending.event();
        ledger.recordEvent(event.channelId(), event.messageId(), event.type(), pending.sink());
        outbox.remove(pending.sink(), event.id());
        SinkState state = sinks.get(pending.sink());
        synchronized (state) {
            if (state.failures > 0) {
                LOG.info(
                        "Event sink {} takes events again; {} wait to be delivered",
                        pending.sink(),
                        outbox.pending(pending.sink()));
            }
            state.failures = 0;
            state.nextAttemptAt = 0;
            state.failingEventId = null;
        }
    }

    /** Dead-lettered after its max-age: it leaves the outbox. */
    public void deadLettered(EventOutbox.Pending pending) {
        outbox.remove(pending.sink(), pending.event().id());
    }

    /**
     * The sink did not take the event (or the outbox could not be read: {@code pending} null):
     * the sink backs off, what this publisher took goes back for anyone, and one line says why.
     */
    public void failed(String sink, EventOutbox.Pending pending, Exception failure) {
        SinkState state = sinks.get(sink);
        Duration delay;
        synchronized (state) {
            state.failures++;
            delay = backoff(state.failures);
            state.nextAttemptAt = clock.millis() + delay.toMillis();
            state.lastError = withoutUriSecrets(failures.reason(failure));
            if (pending != null) {
                if (pending.event().id().equals(state.failingEventId)) {
                    state.failingEventAttempts++;
                } else {
                    state.failingEventId = pending.event().id();
                    state.failingEventAttempts = 1;
                }
            }
        }
        outbox.release(sink);
        LOG.warn(
                "Event sink {} did not take {}: {}; events wait in the outbox, next attempt in {} ms",
                sink,
                pending == null ? "its events" : "event " + pending.event().id(),
                state.lastError,
                delay.toMillis());
    }

    /**
     * The reason as it may be shown (log, health, operations API, dead letter): a URI in it loses
     * its user info and its query, where an event sink's URI may carry a key (an Azure Function's
     * {@code ?code=}, a webhook's token).
     */
    static String withoutUriSecrets(String reason) {
        if (reason == null) {
            return null;
        }
        return URI_QUERY.matcher(URI_USER_INFO.matcher(reason).replaceAll("$1")).replaceAll("$1");
    }

    private Duration backoff(int failures) {
        long millis = initialDelay.toMillis() << Math.min(failures - 1, 30);
        return Duration.ofMillis(Math.max(0, Math.min(millis, maxDelay.toMillis())));
    }

    /** Why the sink's last attempt failed, or null when it has not failed since it last took an event. */
    public String lastError(String sink) {
        SinkState state = sinks.get(sink);
        synchronized (state) {
            return state.failures > 0 ? state.lastError : null;
        }
    }

    /** How often this replica tried to deliver the event, when it is the one the sink keeps failing on. */
    public int attempts(EventOutbox.Pending pending) {
        SinkState state = sinks.get(pending.sink());
        synchronized (state) {
            return pending.event().id().equals(state.failingEventId) ? state.failingEventAttempts : 0;
        }
    }

    /** How long the sink's oldest undelivered event has waited; zero when none waits. */
    public Duration oldestPendingAge(String sink) {
        OptionalLong oldest = outbox.oldestRecordedAt(sink);
        return oldest.isEmpty() ? Duration.ZERO : Duration.ofMillis(Math.max(0, clock.millis() - oldest.getAsLong()));
    }

    /** What waits for one event sink and why, read once for its health and the operations API. */
    public record SinkStatus(long pending, Duration oldestPendingAge, String lastError, boolean unhealthy) {

        /** As the operations API and the health details show it (lastError null when none). */
        public Map<String, Object> details() {
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("pending", pending);
            details.put("oldestPendingAge", oldestPendingAge.toString());
            details.put("lastError", lastError);
            return details;
        }
    }

    /** The sink's status: unhealthy once its oldest undelivered event has waited past its unhealthy-after. */
    public SinkStatus status(String sink) {
        Duration age = oldestPendingAge(sink);
        return new SinkStatus(
                outbox.pending(sink),
                age,
                lastError(sink),
                age.compareTo(sinks.get(sink).settings.getUnhealthyAfter()) > 0);
    }

    /** For the operations API: per event sink, its status and the events that wait, oldest first. */
    public Map<String, Map<String, Object>> status(int limit, int offset) {
        Map<String, Map<String, Object>> status = new LinkedHashMap<>();
        for (String name : sinks.keySet()) {
            Map<String, Object> sink = status(name).details();
            if (limit > 0) {
                List<Map<String, Object>> events = new ArrayList<>();
                for (EventOutbox.Pending pending : outbox.list(name, limit, offset)) {
                    Map<String, Object> event = new LinkedHashMap<>();
                    event.put("id", pending.event().id());
                    event.put("type", pending.event().type());
                    event.put("subject", pending.event().subject());
                    event.put("channelId", pending.event().channelId());
                    event.put("messageId", pending.event().messageId());
                    event.put(
                            "recordedAt",
                            Instant.ofEpochMilli(pending.recordedAt()).toString());
                    events.add(event);
                }
                sink.put("events", events);
            }
            status.put(name, sink);
        }
        return status;
    }

    public List<String> sinkNames() {
        return List.copyOf(sinks.keySet());
    }
}
