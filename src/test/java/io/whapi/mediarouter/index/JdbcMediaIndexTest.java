package io.whapi.mediarouter.index;

import com.zaxxer.hikari.HikariDataSource;
import io.whapi.mediarouter.state.StateSchema;
import org.junit.jupiter.api.AfterEach;

/** The index in the database, H2 in memory here, PostgreSQL in JdbcMediaIndexOnPostgreSqlTest. */
class JdbcMediaIndexTest extends MediaIndexContract {

    protected final HikariDataSource dataSource = new HikariDataSource();

    @Override
    protected MediaIndex index() {
        dataSource.setJdbcUrl(jdbcUrl());
        StateSchema.migrate(dataSource);
        return new JdbcMediaIndex(dataSource);
    }

    /** A database of its own for each test. */
    protected String jdbcUrl() {
        return "jdbc:h2:mem:index-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1";
    }

    @AfterEach
    void close() {
        dataSource.close();
    }
}
