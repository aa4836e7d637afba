package io.whapi.mediarouter.state;

import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * The JDBC store's tables, as versioned migrations ({@code db/state/V*__*.sql}) that Flyway runs
 * at startup: the next column is a new migration, never an edit to a store. The history is kept
 * in a table of its own, so a database that an application's own Flyway also migrates is not
 * confused. A database made before migrations (by the stores' own CREATE TABLEs) has no history:
 * it is baselined at version 0, and V1, written with IF NOT EXISTS, adds only what it lacked.
 * Flyway's lock lets replicas that start together migrate once.
 */
public final class StateSchema {

    static final String HISTORY_TABLE = "whapi_state_schema_history";

    private StateSchema() {}

    public static void migrate(DataSource dataSource) {
        Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/state")
                .table(HISTORY_TABLE)
                .baselineOnMigrate(true)
                .baselineVersion("0")
                .load()
                .migrate();
    }
}
