package io.whapi.mediarouter.ledger;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import javax.sql.DataSource;
import org.apache.camel.spi.IdempotentRepository;
import org.apache.camel.support.service.ServiceSupport;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The ledger in a database table shared by several replicas: {@code whapi_ledger(ledger,
 * entry_key, added_at)} with a primary key on (ledger, entry_key), so that of two replicas
 * adding the same key at once exactly one succeeds. Expired entries are deleted when the
 * ledger opens and then every 1,000 additions.
 */
public class JdbcLedger extends ServiceSupport implements IdempotentRepository {

    static final String TABLE = "whapi_ledger";
    /** Longer keys (hostile message ids) are stored as their SHA-256, to fit the column. */
    private static final int MAX_KEY_LENGTH = 200;

    private final JdbcTemplate jdbc;
    private final String ledger;
    private final Duration timeToLive;
    private final Clock clock;
    private int additionsSinceExpiry;

    public JdbcLedger(DataSource dataSource, String ledger, Duration timeToLive) {
        this(dataSource, ledger, timeToLive, Clock.systemUTC());
    }

    JdbcLedger(DataSource dataSource, String ledger, Duration timeToLive, Clock clock) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.ledger = ledger;
        this.timeToLive = timeToLive;
        this.clock = clock;
        jdbc.execute("CREATE TABLE IF NOT EXISTS " + TABLE
                + " (ledger VARCHAR(32) NOT NULL, entry_key VARCHAR(256) NOT NULL,"
                + " added_at BIGINT NOT NULL, PRIMARY KEY (ledger, entry_key))");
        deleteExpired();
    }

    private long oldestLive() {
        return clock.millis() - timeToLive.toMillis();
    }

    private void deleteExpired() {
        jdbc.update("DELETE FROM " + TABLE + " WHERE ledger = ? AND added_at < ?", ledger, oldestLive());
    }

    static String stored(String key) {
        if (key.length() <= MAX_KEY_LENGTH) {
            return key;
        }
        try {
            return "sha256:"
                    + HexFormat.of()
                            .formatHex(
                                    MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public boolean add(String key) {
        String stored = stored(key);
        // an expired entry must not block its key
        jdbc.update(
                "DELETE FROM " + TABLE + " WHERE ledger = ? AND entry_key = ? AND added_at < ?",
                ledger,
                stored,
                oldestLive());
        try {
            jdbc.update(
                    "INSERT INTO " + TABLE + " (ledger, entry_key, added_at) VALUES (?, ?, ?)",
                    ledger,
                    stored,
                    clock.millis());
        } catch (DuplicateKeyException e) {
            return false;
        }
        synchronized (this) {
            if (++additionsSinceExpiry >= 1000) {
                additionsSinceExpiry = 0;
                deleteExpired();
            }
        }
        return true;
    }

    @Override
    public boolean contains(String key) {
        Integer count = jdbc.queryForObject(
                "SELECT COUNT(*) FROM " + TABLE + " WHERE ledger = ? AND entry_key = ? AND added_at >= ?",
                Integer.class,
                ledger,
                stored(key),
                oldestLive());
        return count != null && count > 0;
    }

    @Override
    public boolean remove(String key) {
        return jdbc.update("DELETE FROM " + TABLE + " WHERE ledger = ? AND entry_key = ?", ledger, stored(key)) > 0;
    }

    @Override
    public boolean confirm(String key) {
        return true;
    }

    @Override
    public void clear() {
        jdbc.update("DELETE FROM " + TABLE + " WHERE ledger = ?", ledger);
    }
}
