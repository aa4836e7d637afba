package io.whapi.mediarouter.deadletter;

import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Dead letters in the ledger's database, {@code whapi_dead_letter(id, entry, dead_lettered_at)}:
 * every replica sharing the ledger lists, replays and discards the same ones.
 */
public class JdbcDeadLetterStore implements DeadLetterStore {

    static final String TABLE = "whapi_dead_letter";

    private final JdbcTemplate jdbc;

    public JdbcDeadLetterStore(DataSource dataSource) {
        this.jdbc = new JdbcTemplate(dataSource);
    }

    @Override
    public void add(String id, String entry) {
        long at = DeadLetterTimes.deadLetteredAt(entry).toEpochMilli();
        if (jdbc.update("UPDATE " + TABLE + " SET entry = ?, dead_lettered_at = ? WHERE id = ?", entry, at, id) > 0) {
            return;
        }
        try {
            jdbc.update("INSERT INTO " + TABLE + " (id, entry, dead_lettered_at) VALUES (?, ?, ?)", id, entry, at);
        } catch (DuplicateKeyException addedMeanwhile) {
            jdbc.update("UPDATE " + TABLE + " SET entry = ?, dead_lettered_at = ? WHERE id = ?", entry, at, id);
        }
    }

    @Override
    public List<String> entries(int limit, int offset) {
        return jdbc.queryForList(
                "SELECT entry FROM " + TABLE + " ORDER BY dead_lettered_at DESC, id LIMIT ? OFFSET ?",
                String.class,
                limit,
                offset);
    }

    @Override
    public int total() {
        Integer total = jdbc.queryForObject("SELECT COUNT(*) FROM " + TABLE, Integer.class);
        return total == null ? 0 : total;
    }

    @Override
    public Optional<String> entry(String id) {
        return jdbc.queryForList("SELECT entry FROM " + TABLE + " WHERE id = ?", String.class, id).stream()
                .findFirst();
    }

    @Override
    public boolean remove(String id) {
        return jdbc.update("DELETE FROM " + TABLE + " WHERE id = ?", id) > 0;
    }
}
