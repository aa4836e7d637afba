package io.whapi.mediarouter.events;

import io.whapi.mediarouter.support.PostgreSqlServer;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Every JDBC outbox test again on PostgreSQL, the database replicas share in production. */
class JdbcEventOutboxOnPostgreSqlTest extends JdbcEventOutboxTest {

    @RegisterExtension
    static final PostgreSqlServer POSTGRES = PostgreSqlServer.start();

    JdbcEventOutboxOnPostgreSqlTest() {
        dataSource.setUsername("postgres");
        dataSource.setPassword("postgres");
    }

    @Override
    protected String jdbcUrl() {
        return POSTGRES.newDatabase();
    }
}
