package io.whapi.mediarouter.index;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;

/** The index in the shared database, {@code whapi_media_index} (migration V2): every replica sees it whole. */
public class JdbcMediaIndex implements MediaIndex {

    private static final String TABLE = "whapi_media_index";
    private static final String COLUMNS = "channel_id, message_id, sink, chat_id, sender, type, storage_key, stored_at";

    private final JdbcTemplate jdbc;

    public JdbcMediaIndex(DataSource dataSource) {
        this.jdbc = new JdbcTemplate(dataSource);
    }

    @Override
    public void stored(StoredMedia entry) {
        // UPDATE, then INSERT when there was nothing: plain SQL that PostgreSQL, H2 and the
        // others share; of two replicas inserting at once, the second's key conflict is the same row
        int updated = jdbc.update(
                "UPDATE " + TABLE + " SET chat_id = ?, sender = ?, type = ?, storage_key = ?, stored_at = ?"
                        + " WHERE channel_id = ? AND message_id = ? AND sink = ?",
                entry.chatId(),
                entry.from(),
                entry.type(),
                entry.key(),
                entry.storedAt().toEpochMilli(),
                entry.channelId(),
                entry.messageId(),
                entry.sink());
        if (updated == 0) {
            try {
                jdbc.update(
                        "INSERT INTO " + TABLE + " (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                        entry.channelId(),
                        entry.messageId(),
                        entry.sink(),
                        entry.chatId(),
                        entry.from(),
                        entry.type(),
                        entry.key(),
                        entry.storedAt().toEpochMilli());
            } catch (DuplicateKeyException storedMeanwhile) {
                // another replica indexed the same media in the same sink: one row either way
            }
        }
    }

    @Override
    public void removed(List<StoredMedia> entries) {
        jdbc.batchUpdate(
                "DELETE FROM " + TABLE + " WHERE channel_id = ? AND message_id = ? AND sink = ?",
                entries.stream()
                        .map(e -> new Object[] {e.channelId(), e.messageId(), e.sink()})
                        .toList());
    }

    @Override
    public List<StoredMedia> ofMessage(String channelId, String messageId) {
        return jdbc.query(
                "SELECT " + COLUMNS + " FROM " + TABLE + " WHERE channel_id = ? AND message_id = ? ORDER BY sink",
                JdbcMediaIndex::entry,
                channelId,
                messageId);
    }

    @Override
    public List<StoredMedia> ofChat(String channelId, String chatId) {
        return by("chat_id", channelId, chatId);
    }

    @Override
    public List<StoredMedia> ofSender(String channelId, String from) {
        return by("sender", channelId, from);
    }

    private List<StoredMedia> by(String column, String channelId, String value) {
        List<Object> arguments = new ArrayList<>(List.of(value));
        String sql = "SELECT " + COLUMNS + " FROM " + TABLE + " WHERE " + column + " = ?";
        if (channelId != null) {
            sql += " AND channel_id = ?";
            arguments.add(channelId);
        }
        return jdbc.query(sql + " ORDER BY stored_at, message_id, sink", JdbcMediaIndex::entry, arguments.toArray());
    }

    @Override
    public List<StoredMedia> storedBefore(String sink, Instant before, int limit) {
        return jdbc.query(
                "SELECT " + COLUMNS + " FROM " + TABLE + " WHERE sink = ? AND stored_at < ?"
                        + " ORDER BY stored_at, channel_id, message_id LIMIT ?",
                JdbcMediaIndex::entry,
                sink,
                before.toEpochMilli(),
                limit);
    }

    private static StoredMedia entry(ResultSet row, int number) throws SQLException {
        return new StoredMedia(
                row.getString("channel_id"),
                row.getString("message_id"),
                row.getString("chat_id"),
                row.getString("sender"),
                row.getString("type"),
                row.getString("sink"),
                row.getString("storage_key"),
                Instant.ofEpochMilli(row.getLong("stored_at")));
    }
}
