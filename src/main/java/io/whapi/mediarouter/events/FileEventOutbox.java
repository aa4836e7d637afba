package io.whapi.mediarouter.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.whapi.mediarouter.files.AppendOnlyLog;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * The outbox in a file beside the file ledger, for one connector per work dir: one JSON line per
 * change ({@code +} an event recorded for a sink, {@code -} gone), kept in memory per sink in the
 * order recorded. Recording is fsynced before it returns (group commit); a removal is not, since
 * losing one to a crash only publishes its event once more, with its id. The file is compacted
 * when opened and whenever it has grown to twice what is still pending.
 */
public class FileEventOutbox implements EventOutbox, AutoCloseable {

    /** Below this the file is never compacted while running: a rewrite would cost more than it saves. */
    private static final long COMPACT_AT_LEAST = 4L * 1024 * 1024;

    private final ObjectMapper json;
    private final AppendOnlyLog log;
    /**
     * Per sink, event id to the event and the length of its line, in the order recorded; guarded
     * by this. The line itself is not kept (it is written again at compaction): a waiting event
     * costs its JSON once in memory, 1 to 2 KB.
     */
    private final Map<String, LinkedHashMap<String, Line>> pending = new HashMap<>();

    private long pendingBytes;

    private record Line(int length, Pending event) {}

    public FileEventOutbox(Path file, ObjectMapper json) {
        this.json = json;
        for (String text : AppendOnlyLog.readLines(file)) {
            replay(text);
        }
        this.log = AppendOnlyLog.compacted(file, liveLines());
    }

    private void replay(String text) {
        try {
            JsonNode node = json.readTree(text.substring(1));
            String sink = node.path("sink").asText();
            if (text.charAt(0) == '+') {
                Pending event = new Pending(
                        sink,
                        new CloudEvent(
                                node.path("id").asText(),
                                node.path("type").asText(),
                                node.path("subject").asText(),
                                node.path("channelId").asText(),
                                node.path("messageId").asText(),
                                node.path("json").asText()),
                        node.path("recordedAt").asLong());
                add(new Line(text.length(), event));
            } else if (text.charAt(0) == '-') {
                forget(sink, node.path("id").asText());
            }
        } catch (IOException | RuntimeException cutByACrash) {
            // the last line of a crash mid-write: it was never acknowledged
        }
    }

    private boolean add(Line line) {
        Pending event = line.event();
        if (pending.computeIfAbsent(event.sink(), s -> new LinkedHashMap<>())
                        .putIfAbsent(event.event().id(), line)
                == null) {
            pendingBytes += line.length() + 1;
            return true;
        }
        return false;
    }

    private boolean forget(String sink, String id) {
        LinkedHashMap<String, Line> events = pending.get(sink);
        Line gone = events == null ? null : events.remove(id);
        if (gone != null) {
            pendingBytes -= gone.length() + 1;
        }
        return gone != null;
    }

    private List<String> liveLines() {
        List<String> lines = new ArrayList<>();
        pending.values().forEach(events -> events.values().forEach(line -> lines.add("+" + toJson(line.event()))));
        return lines;
    }

    @Override
    public void record(List<Pending> events) {
        long ticket = 0;
        synchronized (this) {
            for (Pending event : events) {
                String text = "+" + toJson(event);
                if (add(new Line(text.length(), event))) {
                    ticket = log.append(text);
                }
            }
        }
        if (ticket > 0) {
            log.sync(ticket);
        }
    }

    private String toJson(Pending pending) {
        ObjectNode node = json.createObjectNode();
        node.put("sink", pending.sink());
        node.put("recordedAt", pending.recordedAt());
        CloudEvent event = pending.event();
        node.put("id", event.id());
        node.put("type", event.type());
        node.put("subject", event.subject());
        node.put("channelId", event.channelId());
        node.put("messageId", event.messageId());
        node.put("json", event.json());
        try {
            return json.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an outbox line is plain values", e);
        }
    }

    @Override
    public synchronized List<Pending> take(String sink, int limit) {
        return list(sink, limit, 0);
    }

    @Override
    public synchronized void remove(String sink, String eventId) {
        if (!forget(sink, eventId)) {
            return;
        }
        ObjectNode node = json.createObjectNode().put("sink", sink).put("id", eventId);
        log.append("-" + node);
        if (log.size() > Math.max(COMPACT_AT_LEAST, 2 * pendingBytes)) {
            log.rewrite(liveLines());
        }
    }

    @Override
    public void release(String sink) {
        // one publisher per sink in one process: nothing is held from anyone
    }

    @Override
    public synchronized long pending(String sink) {
        LinkedHashMap<String, Line> events = pending.get(sink);
        return events == null ? 0 : events.size();
    }

    @Override
    public synchronized OptionalLong oldestRecordedAt(String sink) {
        LinkedHashMap<String, Line> events = pending.get(sink);
        return events == null || events.isEmpty()
                ? OptionalLong.empty()
                : OptionalLong.of(events.values().iterator().next().event().recordedAt());
    }

    @Override
    public synchronized List<Pending> list(String sink, int limit, int offset) {
        LinkedHashMap<String, Line> events = pending.get(sink);
        if (events == null) {
            return List.of();
        }
        return events.values().stream()
                .skip(offset)
                .limit(limit)
                .map(Line::event)
                .toList();
    }

    @Override
    public void close() {
        log.close();
    }
}
