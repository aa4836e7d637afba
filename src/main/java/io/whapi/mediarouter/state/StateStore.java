package io.whapi.mediarouter.state;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.function.Function;
import javax.sql.DataSource;
import org.apache.camel.spi.IdempotentRepository;

/**
 * Where the connector keeps its state, chosen here once ({@code media.ledger.store}): files under
 * the work dir (one connector per work dir), or a database that replicas share, its schema
 * migrated at startup ({@link StateSchema}). Each store keeps its own shape (the ledger's
 * expiring keys here, dead letters' paged documents, provenance's append-only log, backfills'
 * leased records, the event outbox) and asks {@link #open} for the backend it was given.
 */
public final class StateStore implements AutoCloseable {

    private final Path workDir;
    private final Duration retention;
    private final HikariDataSource dataSource;

    StateStore(LedgerProperties settings, Path workDir) {
        this.workDir = workDir;
        this.retention = settings.getRetention();
        if (settings.getStore() == LedgerProperties.Store.JDBC) {
            LedgerProperties.Jdbc jdbc = settings.getJdbc();
            dataSource = new HikariDataSource();
            dataSource.setJdbcUrl(jdbc.getUrl());
            dataSource.setUsername(jdbc.getUsername());
            dataSource.setPassword(jdbc.getPassword());
            dataSource.setPoolName("whapi-state");
            // the Kafka queue's consumers (8 by default), the intake's requests and the event
            // publishers each hold a connection for a statement at a time
            dataSource.setMaximumPoolSize(16);
            try {
                StateSchema.migrate(dataSource);
            } catch (RuntimeException e) {
                dataSource.close();
                throw e;
            }
        } else {
            dataSource = null;
        }
    }

    /**
     * A store in the chosen backend.
     *
     * @param inFiles    the file store, given the work dir
     * @param inDatabase the JDBC store, given the shared database (its tables already migrated)
     */
    public <T> T open(Function<Path, T> inFiles, Function<DataSource, T> inDatabase) {
        return dataSource != null ? inDatabase.apply(dataSource) : inFiles.apply(workDir);
    }

    /**
     * A ledger of expiring keys under this name.
     *
     * @param confirmedOnly for a ledger that Camel's idempotent consumer keeps: a key counts for
     *                      good only once the guarded work completes (FileLedger keeps it in memory
     *                      until then, JdbcLedger as a pending row)
     */
    public IdempotentRepository ledger(String name, boolean confirmedOnly) {
        return open(
                dir -> new FileLedger(dir.resolve("ledger").resolve(name + ".log"), retention, confirmedOnly),
                database -> new JdbcLedger(database, name, retention, confirmedOnly));
    }

    /**
     * A ledger of keys that never expire (erasure tombstones): media.ledger.retention does not
     * apply, a key stays until removed.
     */
    public IdempotentRepository permanentLedger(String name) {
        Duration forever = ChronoUnit.MILLENNIA.getDuration();
        return open(
                dir -> new FileLedger(dir.resolve("ledger").resolve(name + ".log"), forever, false),
                database -> new JdbcLedger(database, name, forever, false));
    }

    /**
     * Long-running work kept across restarts: in files, {@code {work-dir}/ledger/<name>/}; in the
     * database, the migrated {@code table} whose JSON column is {@code document}.
     */
    public <T> LeasedRecords<T> leasedRecords(
            String name, String table, String document, Class<T> type, Function<T, String> id, ObjectMapper json) {
        return open(
                dir -> new FileLeasedRecords<>(dir.resolve("ledger").resolve(name), type, id, json),
                database -> new JdbcLeasedRecords<>(database, table, document, type, id, json));
    }

    /** How long what the state holds is remembered: media.ledger.retention, for every store. */
    public Duration retention() {
        return retention;
    }

    @Override
    public void close() {
        if (dataSource != null) {
            dataSource.close();
        }
    }
}
