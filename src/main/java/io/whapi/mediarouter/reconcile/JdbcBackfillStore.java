package io.whapi.mediarouter.reconcile;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Backfills in the ledger's database, {@code whapi_backfill(id, backfill, owner, lease_until)}:
 * a replica works on one only while it holds its lease, renewed page after page; the lease of a
 * replica that died runs out and another takes the backfill on from its checkpoint.
 */
public class JdbcBackfillStore implements BackfillStore {

    static final String TABLE = "whapi_backfill";

    private final JdbcTemplate jdbc;
    private final ObjectMapper json;

    public JdbcBackfillStore(DataSource dataSource, ObjectMapper json) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.json = json;
    }

    @Override
    public void save(Backfill backfill) {
        String value = write(backfill);
        if (jdbc.update("UPDATE " + TABLE + " SET backfill = ? WHERE id = ?", value, backfill.id()) == 0) {
            try {
                jdbc.update("INSERT INTO " + TABLE + " (id, backfill) VALUES (?, ?)", backfill.id(), value);
            } catch (DuplicateKeyException savedMeanwhile) {
                jdbc.update("UPDATE " + TABLE + " SET backfill = ? WHERE id = ?", value, backfill.id());
            }
        }
    }

    @Override
    public List<Backfill> all() {
        return jdbc.queryForList("SELECT backfill FROM " + TABLE, String.class).stream()
                .map(this::read)
                .sorted(Comparator.comparing(Backfill::startedAt).reversed())
                .toList();
    }

    @Override
    public Optional<Backfill> get(String id) {
        return jdbc.queryForList("SELECT backfill FROM " + TABLE + " WHERE id = ?", String.class, id).stream()
                .findFirst()
                .map(this::read);
    }

    @Override
    public boolean claim(String id, String owner, long leaseUntil) {
        return jdbc.update(
                        "UPDATE " + TABLE + " SET owner = ?, lease_until = ? WHERE id = ?"
                                + " AND (owner IS NULL OR owner = ? OR lease_until < ?)",
                        owner,
                        leaseUntil,
                        id,
                        owner,
                        System.currentTimeMillis())
                == 1;
    }

    private String write(Backfill backfill) {
        try {
            return json.writeValueAsString(backfill);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a backfill is plain values", e);
        }
    }

    private Backfill read(String value) {
        try {
            return json.readValue(value, Backfill.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a saved backfill is not JSON", e);
        }
    }
}
