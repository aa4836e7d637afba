package io.whapi.mediarouter.ledger;

import java.nio.file.Path;
import java.time.Duration;

import com.zaxxer.hikari.HikariDataSource;
import org.apache.camel.spi.IdempotentRepository;

/**
 * Opens a ledger in the configured store: {@code file} (default: append-only files under
 * {@code {work-dir}/ledger/}, for one connector per work dir) or {@code jdbc} (one table in a
 * database that several replicas share, {@code media.idempotency.jdbc.*}).
 */
public class LedgerStores implements AutoCloseable {

    private final String store;
    private final Path workDir;
    private final Duration retention;
    private final HikariDataSource dataSource;

    public LedgerStores(String store, Path workDir, Duration retention, String url, String username, String password) {
        this.store = store;
        this.workDir = workDir;
        this.retention = retention;
        if (store.equals("jdbc")) {
            if (url == null || url.isBlank()) {
                throw new IllegalStateException("media.idempotency.store is jdbc, but media.idempotency.jdbc.url is not set");
            }
            dataSource = new HikariDataSource();
            dataSource.setJdbcUrl(url);
            dataSource.setUsername(username);
            dataSource.setPassword(password);
            dataSource.setPoolName("whapi-ledger");
            dataSource.setMaximumPoolSize(8);
        } else if (store.equals("file")) {
            dataSource = null;
        } else {
            throw new IllegalStateException("media.idempotency.store is '" + store + "'; use file or jdbc");
        }
    }

    /**
     * @param confirmedOnly for a ledger that Camel's idempotent consumer keeps: a key is made
     *                      durable when the guarded work completes (file store; see PersistentLedger)
     */
    public IdempotentRepository open(String ledger, boolean confirmedOnly) {
        return dataSource != null
                ? new JdbcLedger(dataSource, ledger, retention)
                : new PersistentLedger(workDir.resolve("ledger/" + ledger + ".log"), retention, confirmedOnly);
    }

    @Override
    public void close() {
        if (dataSource != null) {
            dataSource.close();
        }
    }
}
