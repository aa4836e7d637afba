package io.whapi.mediarouter.state;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import javax.sql.DataSource;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Records in a table of the shared database, {@code (id, <document>, owner, lease_until)}: a
 * replica works on one only while it holds its lease, renewed as it goes; the lease of a replica
 * that died runs out and another takes the record on from where it was saved.
 */
final class JdbcLeasedRecords<T> implements LeasedRecords<T> {

    private final JdbcTemplate jdbc;
    private final String table;
    private final String document;
    private final Class<T> type;
    private final Function<T, String> id;
    private final ObjectMapper json;

    JdbcLeasedRecords(
            DataSource dataSource,
            String table,
            String document,
            Class<T> type,
            Function<T, String> id,
            ObjectMapper json) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.table = table;
        this.document = document;
        this.type = type;
        this.id = id;
        this.json = json;
    }

    @Override
    public void save(T record) {
        String value = write(record);
        String key = id.apply(record);
        String update = "UPDATE " + table + " SET " + document + " = ? WHERE id = ?";
        if (jdbc.update(update, value, key) == 0) {
            try {
                jdbc.update("INSERT INTO " + table + " (id, " + document + ") VALUES (?, ?)", key, value);
            } catch (DuplicateKeyException savedMeanwhile) {
                jdbc.update(update, value, key);
            }
        }
    }

    @Override
    public List<T> all() {
        return jdbc.queryForList("SELECT " + document + " FROM " + table, String.class).stream()
                .map(this::read)
                .toList();
    }

    @Override
    public Optional<T> get(String key) {
        return jdbc.queryForList("SELECT " + document + " FROM " + table + " WHERE id = ?", String.class, key).stream()
                .findFirst()
                .map(this::read);
    }

    @Override
    public boolean claim(String key, String owner, long leaseUntil) {
        return jdbc.update(
                        "UPDATE " + table + " SET owner = ?, lease_until = ? WHERE id = ?"
                                + " AND (owner IS NULL OR owner = ? OR lease_until < ?)",
                        owner,
                        leaseUntil,
                        key,
                        owner,
                        System.currentTimeMillis())
                == 1;
    }

    private String write(T record) {
        try {
            return json.writeValueAsString(record);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a record is plain values", e);
        }
    }

    private T read(String value) {
        try {
            return json.readValue(value, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a saved record of " + table + " is not JSON", e);
        }
    }
}
