package io.whapi.mediarouter.state;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.whapi.mediarouter.support.PostgreSqlServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.jdbc.core.JdbcTemplate;

/** The state store's schema on PostgreSQL: made by migrations, and a database from before them kept. */
class StateSchemaTest {

    @RegisterExtension
    static final PostgreSqlServer POSTGRES = PostgreSqlServer.start();

    private final HikariDataSource dataSource = new HikariDataSource();
    private final JdbcTemplate jdbc;

    StateSchemaTest() {
        dataSource.setJdbcUrl(POSTGRES.newDatabase());
        dataSource.setUsername("postgres");
        dataSource.setPassword("postgres");
        jdbc = new JdbcTemplate(dataSource);
    }

    @AfterEach
    void close() {
        dataSource.close();
    }

    @Test
    void anEmptyDatabaseGetsEveryTableAndAHistoryOfItsOwn() {
        StateSchema.migrate(dataSource);

        assertThat(jdbc.queryForList(
                        "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'", String.class))
                .containsExactlyInAnyOrder(
                        "whapi_ledger",
                        "whapi_dead_letter",
                        "whapi_provenance",
                        "whapi_backfill",
                        "whapi_event_outbox",
                        "whapi_media_index",
                        "whapi_erasure",
                        StateSchema.HISTORY_TABLE);
        assertThat(jdbc.queryForList(
                        "SELECT version FROM " + StateSchema.HISTORY_TABLE + " WHERE success ORDER BY installed_rank",
                        String.class))
                .containsExactly("1", "2");
    }

    @Test
    void replicasThatStartTogetherOnAnEmptyDatabaseEachStartAndMigrateItOnce() throws Exception {
        // Flyway alone lets a replica that finds the history table made, but V1 not yet recorded,
        // take the schema for one from before migrations and fail to baseline it; a CI run met it
        int replicas = 4;
        for (int round = 0; round < 5; round++) {
            String database = POSTGRES.newDatabase();
            List<HikariDataSource> pools = new ArrayList<>();
            ExecutorService starts = Executors.newFixedThreadPool(replicas);
            try {
                CyclicBarrier together = new CyclicBarrier(replicas);
                List<Future<?>> migrations = new ArrayList<>();
                for (int r = 0; r < replicas; r++) {
                    HikariDataSource pool = new HikariDataSource();
                    pool.setJdbcUrl(database);
                    pool.setUsername("postgres");
                    pool.setPassword("postgres");
                    pools.add(pool);
                    migrations.add(starts.submit(() -> {
                        together.await();
                        StateSchema.migrate(pool);
                        return null;
                    }));
                }
                for (Future<?> migration : migrations) {
                    migration.get(60, TimeUnit.SECONDS);
                }
                assertThat(new JdbcTemplate(pools.get(0))
                                .queryForList(
                                        "SELECT version FROM " + StateSchema.HISTORY_TABLE + " ORDER BY installed_rank",
                                        String.class))
                        .as("round %d: each migration once, and no baseline", round)
                        .containsExactly("1", "2");
            } finally {
                starts.shutdownNow();
                pools.forEach(HikariDataSource::close);
            }
        }
    }

    @Test
    void aDatabaseMadeBeforeMigrationsIsBaselinedAndKeepsItsKeysAsDone() {
        // the ledger's table as the connector created it before pending keys existed, with a key
        jdbc.execute("CREATE TABLE whapi_ledger (ledger VARCHAR(32) NOT NULL, entry_key VARCHAR(256) NOT NULL,"
                + " added_at BIGINT NOT NULL, PRIMARY KEY (ledger, entry_key))");
        jdbc.update("INSERT INTO whapi_ledger VALUES ('messages', 'ORCHID-Q7K2P/old', ?)", System.currentTimeMillis());
        jdbc.execute("CREATE TABLE whapi_dead_letter (id VARCHAR(256) NOT NULL PRIMARY KEY, entry TEXT NOT NULL,"
                + " dead_lettered_at BIGINT NOT NULL)");
        jdbc.update("INSERT INTO whapi_dead_letter VALUES ('ORCHID-Q7K2P_old', '{}', 1)");

        StateSchema.migrate(dataSource);
        StateSchema.migrate(dataSource);

        JdbcLedger upgraded = new JdbcLedger(dataSource, "messages", Duration.ofDays(35), true);
        assertThat(upgraded.isDone("ORCHID-Q7K2P/old")).isTrue();
        assertThat(upgraded.add("ORCHID-Q7K2P/old"))
                .as("a redelivery is a duplicate")
                .isFalse();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM whapi_dead_letter", Integer.class))
                .isEqualTo(1);
        assertThat(jdbc.queryForList(
                        "SELECT version FROM " + StateSchema.HISTORY_TABLE + " ORDER BY installed_rank", String.class))
                .as("baselined at 0, then V1 added what was missing, and V2 the media index")
                .containsExactly("0", "1", "2");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM whapi_event_outbox", Integer.class))
                .isZero();
    }
}
