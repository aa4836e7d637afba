package io.whapi.mediarouter.events;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The outbox in the JDBC ledger's database, {@code whapi_event_outbox}, one row per event and
 * event sink, deleted once delivered. Every replica's publisher takes the oldest rows of its sink
 * with a lease ({@code claimed_by}, {@code claimed_until}): two replicas rarely take the same
 * event, and the events a replica took and never delivered (it died) are taken by another once
 * the lease runs out. An event may so be published more than once, with its id, never not at all.
 */
public class JdbcEventOutbox implements EventOutbox {

    static final String TABLE = "whapi_event_outbox";

    private static final String COLUMNS = "sink, event_id, type, subject, channel_id, message_id, body, recorded_at";

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final Clock clock;
    /** media.event-retry.takeover-after: what a dead replica held waits this long. */
    private final Duration lease;
    /** This replica's current claim per sink: the token its taken rows carry. */
    private final Map<String, String> claims = new ConcurrentHashMap<>();

    public JdbcEventOutbox(DataSource dataSource, Duration lease, Clock clock) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.transaction = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        this.lease = lease;
        this.clock = clock;
    }

    @Override
    public void record(List<Pending> events) {
        try {
            // one transaction, one commit, for all the sinks of a message
            transaction.executeWithoutResult(status -> events.forEach(this::insertIfAbsent));
        } catch (DuplicateKeyException recordedMeanwhile) {
            // another replica re-ran the same message at the same moment: row by row, keeping theirs
            for (Pending event : events) {
                try {
                    insertIfAbsent(event);
                } catch (DuplicateKeyException alreadyThere) {
                    // pending already
                }
            }
        }
    }

    private void insertIfAbsent(Pending pending) {
        CloudEvent event = pending.event();
        jdbc.update(
                "INSERT INTO " + TABLE + " (" + COLUMNS + ") SELECT ?, ?, ?, ?, ?, ?, ?, ?"
                        + " WHERE NOT EXISTS (SELECT 1 FROM " + TABLE + " WHERE sink = ? AND event_id = ?)",
                pending.sink(),
                event.id(),
                event.type(),
                event.subject(),
                event.channelId(),
                event.messageId(),
                event.json(),
                pending.recordedAt(),
                pending.sink(),
                event.id());
    }

    @Override
    public List<Pending> take(String sink, int limit) {
        long now = clock.millis();
        String token = UUID.randomUUID().toString();
        claims.put(sink, token);
        // Rows another replica holds are skipped; of two replicas claiming at once, the second
        // finds the rows the first claimed no longer free once it gets their locks.
        int claimed = jdbc.update(
                "UPDATE " + TABLE + " SET claimed_by = ?, claimed_until = ? WHERE sink = ? AND claimed_until < ?"
                        + " AND event_id IN (SELECT event_id FROM " + TABLE
                        + " WHERE sink = ? AND claimed_until < ? ORDER BY recorded_at, event_id LIMIT ?)",
                token,
                now + lease.toMillis(),
                sink,
                now,
                sink,
                now,
                limit);
        if (claimed == 0) {
            return List.of();
        }
        return jdbc.query(
                "SELECT " + COLUMNS + " FROM " + TABLE + " WHERE sink = ? AND claimed_by = ?"
                        + " ORDER BY recorded_at, event_id",
                JdbcEventOutbox::pending,
                sink,
                token);
    }

    private static Pending pending(ResultSet row, int number) throws SQLException {
        return new Pending(
                row.getString("sink"),
                new CloudEvent(
                        row.getString("event_id"),
                        row.getString("type"),
                        row.getString("subject"),
                        row.getString("channel_id"),
                        row.getString("message_id"),
                        row.getString("body")),
                row.getLong("recorded_at"));
    }

    @Override
    public void remove(String sink, String eventId) {
        jdbc.update("DELETE FROM " + TABLE + " WHERE sink = ? AND event_id = ?", sink, eventId);
    }

    @Override
    public void release(String sink) {
        String token = claims.remove(sink);
        if (token != null) {
            jdbc.update(
                    "UPDATE " + TABLE + " SET claimed_by = NULL, claimed_until = 0 WHERE sink = ? AND claimed_by = ?",
                    sink,
                    token);
        }
    }

    @Override
    public long pending(String sink) {
        Long count = jdbc.queryForObject("SELECT COUNT(*) FROM " + TABLE + " WHERE sink = ?", Long.class, sink);
        return count == null ? 0 : count;
    }

    @Override
    public OptionalLong oldestRecordedAt(String sink) {
        Long oldest =
                jdbc.queryForObject("SELECT MIN(recorded_at) FROM " + TABLE + " WHERE sink = ?", Long.class, sink);
        return oldest == null ? OptionalLong.empty() : OptionalLong.of(oldest);
    }

    @Override
    public List<Pending> list(String sink, int limit, int offset) {
        return jdbc.query(
                "SELECT " + COLUMNS + " FROM " + TABLE + " WHERE sink = ? ORDER BY recorded_at, event_id"
                        + " LIMIT ? OFFSET ?",
                JdbcEventOutbox::pending,
                sink,
                limit,
                offset);
    }
}
