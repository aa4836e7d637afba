package io.whapi.mediarouter.provenance;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The steps in the ledger's database, {@code whapi_provenance(message_key, at, step)}: any replica
 * answers for a message any other processed. Rows older than the ledger's retention go at start.
 */
public class JdbcProvenanceLog implements ProvenanceLog {

    static final String TABLE = "whapi_provenance";

    private final JdbcTemplate jdbc;
    private final ObjectMapper json;

    public JdbcProvenanceLog(DataSource dataSource, Duration retention, ObjectMapper json) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.json = json;
        jdbc.execute("CREATE TABLE IF NOT EXISTS " + TABLE
                + " (message_key VARCHAR(256) NOT NULL, at BIGINT NOT NULL, step TEXT NOT NULL)");
        jdbc.execute("CREATE INDEX IF NOT EXISTS " + TABLE + "_by_message ON " + TABLE + " (message_key, at)");
        jdbc.update("DELETE FROM " + TABLE + " WHERE at < ?", System.currentTimeMillis() - retention.toMillis());
    }

    @Override
    public void append(String channelId, String messageId, Map<String, Object> step) {
        try {
            jdbc.update(
                    "INSERT INTO " + TABLE + " (message_key, at, step) VALUES (?, ?, ?)",
                    channelId + "/" + messageId,
                    System.currentTimeMillis(),
                    json.writeValueAsString(step));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a step is plain values", e);
        }
    }

    @Override
    public List<Map<String, Object>> steps(String channelId, String messageId) {
        return jdbc
                .queryForList(
                        "SELECT step FROM " + TABLE + " WHERE message_key = ? ORDER BY at",
                        String.class,
                        channelId + "/" + messageId)
                .stream()
                .map(this::read)
                .toList();
    }

    private Map<String, Object> read(String step) {
        try {
            return json.readValue(step, new TypeReference<Map<String, Object>>() {});
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a step is JSON", e);
        }
    }
}
