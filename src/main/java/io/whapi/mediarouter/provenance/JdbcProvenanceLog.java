package io.whapi.mediarouter.provenance;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.whapi.mediarouter.pipeline.DaemonThreads;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The steps in the ledger's database, {@code whapi_provenance(message_key, at, step)}: any replica
 * answers for a message any other processed. Rows older than the ledger's retention go at start.
 *
 * <p>Steps are written behind: gathered in memory and inserted together every
 * {@link #FLUSH_INTERVAL} in one transaction, so that a message's three or four steps cost no
 * database commit of their own on the path that stores it. Provenance is the operator's record,
 * not a guarantee: a replica killed loses at most the steps of that last moment, and
 * {@link #steps} writes what waits before it reads.
 */
public class JdbcProvenanceLog implements ProvenanceLog {

    private static final Logger LOG = LoggerFactory.getLogger(JdbcProvenanceLog.class);

    static final String TABLE = "whapi_provenance";

    static final Duration FLUSH_INTERVAL = Duration.ofMillis(200);

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final ObjectMapper json;
    /** Rows not yet written: message key, at, step. */
    private final BlockingQueue<Object[]> waiting = new LinkedBlockingQueue<>();

    private final ScheduledExecutorService writer =
            Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("provenance-writer"));

    public JdbcProvenanceLog(DataSource dataSource, Duration retention, ObjectMapper json) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.transaction = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        this.json = json;
        jdbc.update("DELETE FROM " + TABLE + " WHERE at < ?", System.currentTimeMillis() - retention.toMillis());
        long every = FLUSH_INTERVAL.toMillis();
        writer.scheduleWithFixedDelay(this::flushQuietly, every, every, TimeUnit.MILLISECONDS);
    }

    @Override
    public void append(String channelId, String messageId, Map<String, Object> step) {
        try {
            waiting.add(
                    new Object[] {channelId + "/" + messageId, System.currentTimeMillis(), json.writeValueAsString(step)
                    });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a step is plain values", e);
        }
    }

    /** Writes every step that waits, in one transaction. */
    synchronized void flush() {
        List<Object[]> rows = new ArrayList<>();
        waiting.drainTo(rows);
        if (!rows.isEmpty()) {
            transaction.executeWithoutResult(status ->
                    jdbc.batchUpdate("INSERT INTO " + TABLE + " (message_key, at, step) VALUES (?, ?, ?)", rows));
        }
    }

    private void flushQuietly() {
        try {
            flush();
        } catch (RuntimeException e) {
            // the database is away: the steps wait for the next round, the reason is said once a round
            LOG.warn("Provenance steps not written yet ({} wait): {}", waiting.size(), e.getMessage());
        }
    }

    @Override
    public List<Map<String, Object>> steps(String channelId, String messageId) {
        flush();
        return jdbc
                .queryForList(
                        "SELECT step FROM " + TABLE + " WHERE message_key = ? ORDER BY at",
                        String.class,
                        channelId + "/" + messageId)
                .stream()
                .map(this::read)
                .toList();
    }

    @Override
    public void purge(String channelId, String messageId) {
        flush(); // what waits is written first, so that nothing of the message arrives after
        jdbc.update("DELETE FROM " + TABLE + " WHERE message_key = ?", channelId + "/" + messageId);
    }

    private Map<String, Object> read(String step) {
        try {
            return json.readValue(step, new TypeReference<Map<String, Object>>() {});
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a step is JSON", e);
        }
    }

    /** The steps that wait are written before the database goes. */
    @Override
    public void close() {
        writer.shutdown();
        try {
            writer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        flushQuietly();
    }
}
