package io.whapi.mediarouter.index;

import io.whapi.mediarouter.support.PostgreSqlServer;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Every index test again on PostgreSQL, the database replicas share in production. */
class JdbcMediaIndexOnPostgreSqlTest extends JdbcMediaIndexTest {

    @RegisterExtension
    static final PostgreSqlServer POSTGRES = PostgreSqlServer.start();

    JdbcMediaIndexOnPostgreSqlTest() {
        dataSource.setUsername("postgres");
        dataSource.setPassword("postgres");
    }

    @Override
    protected String jdbcUrl() {
        return POSTGRES.newDatabase();
    }
}
