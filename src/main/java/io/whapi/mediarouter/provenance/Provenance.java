package io.whapi.mediarouter.provenance;

import io.whapi.mediarouter.MediaMessage;
import io.whapi.mediarouter.MediaVariables;
import io.whapi.mediarouter.fetch.StagedMedia;
import io.whapi.mediarouter.sinks.SinkLocations;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.Header;
import org.apache.camel.Variable;

/**
 * The steps routes record (bean {@code provenance}) and the answer to "where did this media go"
 * built from them ({@link #of}). A step never holds a secret: sink locations come without
 * credentials ({@link SinkLocations}), reasons are the dead letter's.
 */
public class Provenance implements AutoCloseable {

    private final ProvenanceLog log;
    private final SinkLocations sinkLocations;

    public Provenance(ProvenanceLog log, SinkLocations sinkLocations) {
        this.log = log;
        this.sinkLocations = sinkLocations;
    }

    /** Queued by an intake: {@code http} (when null), {@code broker:<intake>}, {@code reconcile}, {@code backfill}. */
    public void takenIn(@Variable(MediaVariables.MEDIA) MediaMessage media, @Variable(MediaVariables.VIA) String via) {
        append(media, "taken_in", Map.of("via", via == null ? "http" : via));
    }

    public void fetched(
            @Variable(MediaVariables.MEDIA) MediaMessage media,
            @Variable(MediaVariables.STAGED_MEDIA) StagedMedia staged,
            @Header(Exchange.REDELIVERY_COUNTER) Integer redeliveries) {
        Map<String, Object> step = new LinkedHashMap<>();
        step.put("from", "gateway".equals(staged.source()) ? "get_media" : staged.source());
        step.put("bytes", staged.size());
        step.put("sha256", staged.sha256());
        step.put("attempts", redeliveries == null ? 1 : redeliveries + 1);
        append(media, "fetched", step);
    }

    /** Not archived: the input policy's reason (or routed to none). */
    public void skipped(
            @Variable(MediaVariables.MEDIA) MediaMessage media, @Variable(MediaVariables.SKIP) Object reason) {
        append(media, "skipped", Map.of("reason", String.valueOf(reason)));
    }

    /** In that sink, under the key the fan-out computed once for all of them. */
    public void stored(
            @Variable(MediaVariables.MEDIA) MediaMessage media,
            @Variable(MediaVariables.SINK) String sink,
            @Variable(MediaVariables.MEDIA_KEY) String key) {
        append(media, "stored", sinkLocations.locate(sink, key));
    }

    /** The event sink took the event (the outbox's publisher, some time after the message was done). */
    public void published(String channelId, String messageId, String eventSink, String type, String id) {
        append(channelId, messageId, "event", Map.of("eventSink", eventSink, "type", type, "id", id));
    }

    /** The event sink did not take the event within its max-age: a dead letter of its own. */
    public void eventDeadLettered(String channelId, String messageId, String eventSink, String type, String id) {
        append(channelId, messageId, "event_dead_lettered", Map.of("eventSink", eventSink, "type", type, "id", id));
    }

    public void deadLettered(MediaMessage media, String reason, Integer redeliveries) {
        Map<String, Object> step = new LinkedHashMap<>();
        step.put("reason", reason == null ? "" : reason);
        step.put("attempts", redeliveries == null ? 1 : redeliveries + 1);
        append(media, "dead_lettered", step);
    }

    public void replayed(MediaMessage media, String user) {
        append(media, "replayed", Map.of("by", user));
    }

    /** An erasure: the message's steps are forgotten. */
    public void purge(String channelId, String messageId) {
        log.purge(channelId, messageId);
    }

    /** A retention sweep deleted the media from that sink. */
    public void expired(String channelId, String messageId, String sink, String key) {
        append(channelId, messageId, "expired", Map.of("sink", sink, "key", key));
    }

    /** The message's provenance, or null when the connector never saw it. */
    public Map<String, Object> of(String channelId, String messageId) {
        List<Map<String, Object>> steps = log.steps(channelId, messageId);
        if (steps.isEmpty()) {
            return null;
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("channelId", channelId);
        answer.put("messageId", messageId);
        List<Map<String, Object>> takenIn = new ArrayList<>();
        Map<String, Map<String, Object>> sinks = new LinkedHashMap<>();
        List<Map<String, Object>> events = new ArrayList<>();
        Map<String, Object> fetched = null;
        Map<String, Object> deadLetter = null;
        String state = "in_progress";
        for (Map<String, Object> step : steps) {
            Map<String, Object> detail = new LinkedHashMap<>(step);
            String name = (String) detail.remove("step");
            switch (name) {
                case "taken_in", "replayed" -> {
                    takenIn.add(step);
                    deadLetter = null;
                    state = "in_progress";
                }
                case "fetched" -> fetched = detail;
                case "stored" -> {
                    detail.put("storedAt", detail.remove("at"));
                    sinks.put((String) detail.get("name"), detail);
                    state = "stored";
                }
                case "event" -> events.add(detail);
                case "event_dead_lettered" -> {
                    detail.put("deadLettered", true);
                    events.add(detail);
                }
                case "dead_lettered" -> {
                    deadLetter = detail;
                    state = "dead_lettered";
                }
                case "skipped" -> state = "skipped";
                default -> {}
            }
        }
        answer.put("state", state);
        answer.put("takenIn", takenIn);
        answer.put("fetched", fetched);
        answer.put("sinks", new ArrayList<>(sinks.values()));
        answer.put("events", events);
        answer.put("deadLetter", deadLetter);
        answer.put("steps", steps);
        return answer;
    }

    private void append(MediaMessage media, String name, Map<String, Object> detail) {
        append(media.channelId(), media.messageId(), name, detail);
    }

    private void append(String channelId, String messageId, String name, Map<String, Object> detail) {
        Map<String, Object> step = new LinkedHashMap<>();
        step.put("step", name);
        step.put("at", Instant.now().toString());
        step.putAll(detail);
        log.append(channelId, messageId, step);
    }

    /** At shutdown (Spring calls it): the log writes what it still holds. */
    @Override
    public void close() {
        log.close();
    }
}
