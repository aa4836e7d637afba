package io.whapi.mediarouter.state;

import com.zaxxer.hikari.HikariDataSource;
import io.whapi.mediarouter.config.MediaProperties;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.camel.spi.IdempotentRepository;

/**
 * Opens a ledger in the configured store: {@code file} (default: append-only files under
 * {@code {work-dir}/ledger/}, for one connector per work dir) or {@code jdbc} (one table in a
 * database that several replicas share, {@code media.idempotency.jdbc.*}).
 */
public class LedgerStores implements AutoCloseable {

    private final Path ledgerDir;
    private final Duration retention;
    private final HikariDataSource dataSource;

    public LedgerStores(MediaProperties.Idempotency settings, Path workDir) {
        this.ledgerDir = workDir.resolve("ledger");
        this.retention = settings.getRetention();
        if (settings.getStore() == MediaProperties.LedgerStore.JDBC) {
            MediaProperties.Jdbc jdbc = settings.getJdbc();
            dataSource = new HikariDataSource();
            dataSource.setJdbcUrl(jdbc.getUrl());
            dataSource.setUsername(jdbc.getUsername());
            dataSource.setPassword(jdbc.getPassword());
            dataSource.setPoolName("whapi-ledger");
            // the Kafka queue's consumers (8 by default), the intake's requests and the event
            // publishers each hold a connection for a statement at a time
            dataSource.setMaximumPoolSize(16);
        } else {
            dataSource = null;
        }
    }

    /**
     * @param confirmedOnly for a ledger that Camel's idempotent consumer keeps: a key counts for
     *                      good only once the guarded work completes (FileLedger keeps it in memory
     *                      until then, JdbcLedger as a pending row)
     */
    public IdempotentRepository open(String ledger, boolean confirmedOnly) {
        return dataSource != null
                ? new JdbcLedger(dataSource, ledger, retention, confirmedOnly)
                : new FileLedger(ledgerDir.resolve(ledger + ".log"), retention, confirmedOnly);
    }

    /** The shared database, or null when the ledger is kept in files. */
    public javax.sql.DataSource dataSource() {
        return dataSource;
    }

    @Override
    public void close() {
        if (dataSource != null) {
            dataSource.close();
        }
    }
}
