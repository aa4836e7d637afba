package io.whapi.mediarouter.state;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JDBC store's tables, as versioned migrations ({@code db/state/V*__*.sql}) that Flyway runs
 * at startup: the next column is a new migration, never an edit to a store. The history is kept
 * in a table of its own, so a database that an application's own Flyway also migrates is not
 * confused. A database made before migrations (by the stores' own CREATE TABLEs) has no history:
 * it is baselined at version 0, and V1, written with IF NOT EXISTS, adds only what it lacked.
 *
 * <p>Replicas that start together migrate one after another. Flyway's own lock covers creating
 * the history table and each migration, not the look before them: a replica that finds the
 * history table just made by another, V1 not yet recorded, takes the schema for one from before
 * migrations and fails to baseline it (flyway/flyway's Flyway.migrate, to 13.0). So on PostgreSQL
 * the whole migration runs under a session advisory lock of our own, which a replica that dies
 * gives back with its connection. Other databases here are in-process (H2) and need none.
 */
public final class StateSchema {

    private static final Logger LOG = LoggerFactory.getLogger(StateSchema.class);

    static final String HISTORY_TABLE = "whapi_state_schema_history";

    /** "whapi-st" in ASCII: a key of our own, apart from Flyway's ("F" in the top bits). */
    private static final long MIGRATION_LOCK = 0x7768617069_2D7374L;

    private StateSchema() {}

    public static void migrate(DataSource dataSource) {
        Flyway flyway = Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/state")
                .table(HISTORY_TABLE)
                .baselineOnMigrate(true)
                .baselineVersion("0")
                .load();
        try (Connection lockHolder = dataSource.getConnection()) {
            if (!"PostgreSQL".equals(lockHolder.getMetaData().getDatabaseProductName())) {
                flyway.migrate();
                return;
            }
            try (Statement statement = lockHolder.createStatement()) {
                if (!tryLock(statement)) {
                    LOG.info("Another replica is migrating the state schema; waiting for it to finish");
                    statement.execute("SELECT pg_advisory_lock(" + MIGRATION_LOCK + ")");
                }
                try {
                    flyway.migrate();
                } finally {
                    statement.execute("SELECT pg_advisory_unlock(" + MIGRATION_LOCK + ")");
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(
                    "Could not migrate the state database (media.ledger.jdbc.url): " + e.getMessage(), e);
        }
    }

    private static boolean tryLock(Statement statement) throws SQLException {
        try (ResultSet result = statement.executeQuery("SELECT pg_try_advisory_lock(" + MIGRATION_LOCK + ")")) {
            return result.next() && result.getBoolean(1);
        }
    }
}
