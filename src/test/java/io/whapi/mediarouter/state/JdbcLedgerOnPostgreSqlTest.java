package io.whapi.mediarouter.state;

import io.whapi.mediarouter.support.PostgreSqlServer;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Every JDBC ledger test again on PostgreSQL, the database replicas share in production. */
class JdbcLedgerOnPostgreSqlTest extends JdbcLedgerTest {

    @RegisterExtension
    static final PostgreSqlServer POSTGRES = PostgreSqlServer.start();

    JdbcLedgerOnPostgreSqlTest() {
        dataSource.setUsername("postgres");
        dataSource.setPassword("postgres");
    }

    @Override
    protected String jdbcUrl() {
        return POSTGRES.newDatabase();
    }
}
