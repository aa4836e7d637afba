package io.whapi.mediarouter.state;

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
 * entry_key, added_at, pending)} with a primary key on (ledger, entry_key), so that of two
 * replicas adding the same key at once exactly one succeeds. Expired entries are deleted when
 * the ledger opens and then every 1,000 additions.
 *
 * <p>A ledger that Camel's idempotent consumer keeps ({@code confirmedOnly}, the message ledger)
 * inserts a key as <em>pending</em> when the intake starts and marks it done when the intake
 * completes, that is once the message is durably queued. A crash in between leaves a pending
 * row, which counts only for {@link #PENDING_TIMEOUT}: long enough to hold off the concurrent
 * duplicates of a webhook being taken in, short enough that the gateway's redelivery of a webhook
 * whose intake died is taken in, not refused as a duplicate of work nobody recorded.
 */
public class JdbcLedger extends ServiceSupport implements IdempotentRepository {

    static final String TABLE = "whapi_ledger";

    /**
     * How long a pending key counts. An intake records its messages within the gateway's patience
     * (about 5 s) or fails and removes the key; one still pending after this has died.
     */
    static final Duration PENDING_TIMEOUT = Duration.ofMinutes(1);

    /** Longer keys (hostile message ids) are stored as their SHA-256, to fit the column. */
    private static final int MAX_KEY_LENGTH = 200;

    /** Counts: done, or pending and not yet stale. Parameters: ledger, key, oldest live, oldest pending. */
    private static final String LIVE =
            "ledger = ? AND entry_key = ? AND added_at >= ? AND (pending = FALSE OR added_at >= ?)";

    private final JdbcTemplate jdbc;
    private final String ledger;
    private final Duration timeToLive;
    private final boolean confirmedOnly;
    private final Clock clock;
    private int additionsSinceExpiry;

    /**
     * @param confirmedOnly a key is pending until {@link #confirm} (the message ledger); otherwise
     *                      it is done when added (the sink ledger, written after the work)
     */
    public JdbcLedger(DataSource dataSource, String ledger, Duration timeToLive, boolean confirmedOnly) {
        this(dataSource, ledger, timeToLive, confirmedOnly, Clock.systemUTC());
    }

    JdbcLedger(DataSource dataSource, String ledger, Duration timeToLive, boolean confirmedOnly, Clock clock) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.ledger = ledger;
        this.timeToLive = timeToLive;
        this.confirmedOnly = confirmedOnly;
        this.clock = clock;
        deleteExpired();
    }

    private long oldestLive() {
        return clock.millis() - timeToLive.toMillis();
    }

    private long oldestPending() {
        return clock.millis() - PENDING_TIMEOUT.toMillis();
    }

    private void deleteExpired() {
        jdbc.update(
                "DELETE FROM " + TABLE + " WHERE ledger = ? AND (added_at < ? OR (pending = TRUE AND added_at < ?))",
                ledger,
                oldestLive(),
                oldestPending());
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
        // one statement, one commit, for a new key, which nearly every key is
        if (!insert(stored)) {
            // an expired entry, or a pending one whose intake died, must not block its key
            int stale = jdbc.update(
                    "DELETE FROM " + TABLE + " WHERE ledger = ? AND entry_key = ?"
                            + " AND (added_at < ? OR (pending = TRUE AND added_at < ?))",
                    ledger,
                    stored,
                    oldestLive(),
                    oldestPending());
            if (stale == 0 || !insert(stored)) {
                return false;
            }
        }
        synchronized (this) {
            if (++additionsSinceExpiry >= 1000) {
                additionsSinceExpiry = 0;
                deleteExpired();
            }
        }
        return true;
    }

    /** False when the key is there already. */
    private boolean insert(String stored) {
        try {
            jdbc.update(
                    "INSERT INTO " + TABLE + " (ledger, entry_key, added_at, pending) VALUES (?, ?, ?, ?)",
                    ledger,
                    stored,
                    clock.millis(),
                    confirmedOnly);
            return true;
        } catch (DuplicateKeyException e) {
            return false;
        }
    }

    /** Whether the key is there and counts: done, or pending for less than {@link #PENDING_TIMEOUT}. */
    @Override
    public boolean contains(String key) {
        return exists(key, LIVE);
    }

    /** Whether the key is done: what a restart, or another replica, takes as recorded for good. */
    public boolean isDone(String key) {
        return exists(key, LIVE + " AND pending = FALSE");
    }

    private boolean exists(String key, String condition) {
        Integer count = jdbc.queryForObject(
                "SELECT COUNT(*) FROM " + TABLE + " WHERE " + condition,
                Integer.class,
                ledger,
                stored(key),
                oldestLive(),
                oldestPending());
        return count != null && count > 0;
    }

    @Override
    public boolean remove(String key) {
        return jdbc.update("DELETE FROM " + TABLE + " WHERE ledger = ? AND entry_key = ?", ledger, stored(key)) > 0;
    }

    /** The guarded work is done (the message is durably queued): the key is no longer pending. */
    @Override
    public boolean confirm(String key) {
        jdbc.update("UPDATE " + TABLE + " SET pending = FALSE WHERE ledger = ? AND entry_key = ?", ledger, stored(key));
        return true;
    }

    @Override
    public void clear() {
        jdbc.update("DELETE FROM " + TABLE + " WHERE ledger = ?", ledger);
    }
}
