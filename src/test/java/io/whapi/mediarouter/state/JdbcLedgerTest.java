package io.whapi.mediarouter.state;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The JDBC ledger against a real database: H2 in memory here, PostgreSQL in JdbcLedgerOnPostgreSqlTest. */
class JdbcLedgerTest {

    protected final HikariDataSource dataSource = new HikariDataSource();

    JdbcLedgerTest() {
        dataSource.setJdbcUrl(jdbcUrl());
    }

    @BeforeEach
    void migrate() {
        StateSchema.migrate(dataSource);
    }

    /** A database of its own for each test. */
    protected String jdbcUrl() {
        return "jdbc:h2:mem:ledger-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1";
    }

    @AfterEach
    void close() {
        dataSource.close();
    }

    @Test
    void ofManyReplicasAddingOneKeyAtOnceExactlyOneSucceeds() {
        List<JdbcLedger> replicas = IntStream.range(0, 6)
                .mapToObj(i -> new JdbcLedger(dataSource, "messages", Duration.ofDays(35), false))
                .toList();

        List<Boolean> added = replicas.stream()
                .map(ledger -> CompletableFuture.supplyAsync(() -> ledger.add("ORCHID-Q7K2P/m1")))
                .toList()
                .stream()
                .map(CompletableFuture::join)
                .toList();

        assertThat(added).containsOnlyOnce(true);
        assertThat(replicas.get(5).contains("ORCHID-Q7K2P/m1")).isTrue();
    }

    @Test
    void ledgersInOneTableAreSeparateAndRemovalWorks() {
        JdbcLedger messages = new JdbcLedger(dataSource, "messages", Duration.ofDays(35), false);
        JdbcLedger sinks = new JdbcLedger(dataSource, "sinks", Duration.ofDays(35), false);
        messages.add("k");

        assertThat(sinks.contains("k")).isFalse();
        assertThat(messages.remove("k")).isTrue();
        assertThat(messages.contains("k")).isFalse();
        assertThat(messages.add("k")).isTrue();
    }

    @Test
    void anExpiredEntryIsForgottenAndCanBeAddedAgain() {
        Instant start = Instant.parse("2026-01-01T00:00:00Z");
        new JdbcLedger(dataSource, "messages", Duration.ofDays(35), false, Clock.fixed(start, ZoneOffset.UTC))
                .add("old");

        JdbcLedger later = new JdbcLedger(
                dataSource,
                "messages",
                Duration.ofDays(35),
                false,
                Clock.fixed(start.plus(Duration.ofDays(36)), ZoneOffset.UTC));

        assertThat(later.contains("old")).isFalse();
        assertThat(later.add("old")).isTrue();
    }

    @Test
    void anOverlongKeyIsStoredAsItsHash() {
        JdbcLedger ledger = new JdbcLedger(dataSource, "messages", Duration.ofDays(35), false);
        String hostile = "x".repeat(5000);

        assertThat(ledger.add(hostile)).isTrue();
        assertThat(ledger.contains(hostile)).isTrue();
        assertThat(ledger.add(hostile)).isFalse();
    }

    /**
     * The loss window: an intake that dies after adding a message's key and before queueing the
     * message leaves a pending row. The gateway's redelivery must then be taken in, by this
     * replica after a restart or by another one, not refused as a duplicate.
     */
    @Test
    void aKeyWhoseIntakeDiedBeforeItWasDoneDoesNotRefuseTheRedelivery() {
        Instant crash = Instant.parse("2026-01-01T00:00:00Z");
        JdbcLedger dying = messageLedger(crash);
        assertThat(dying.add("ORCHID-Q7K2P/m1")).isTrue();
        // killed here: the message was never queued, so confirm never came

        JdbcLedger meanwhile = messageLedger(crash.plusSeconds(2));
        assertThat(meanwhile.isDone("ORCHID-Q7K2P/m1")).isFalse();
        // a concurrent duplicate while the first intake may still be working is held off
        assertThat(meanwhile.add("ORCHID-Q7K2P/m1")).isFalse();

        JdbcLedger afterRestart =
                messageLedger(crash.plus(JdbcLedger.PENDING_TIMEOUT).plusSeconds(1));
        assertThat(afterRestart.contains("ORCHID-Q7K2P/m1")).isFalse();
        assertThat(afterRestart.add("ORCHID-Q7K2P/m1"))
                .as("the redelivery is taken in")
                .isTrue();
    }

    @Test
    void aConfirmedKeyIsDoneForGood() {
        Instant start = Instant.parse("2026-01-01T00:00:00Z");
        JdbcLedger intake = messageLedger(start);
        intake.add("ORCHID-Q7K2P/m2");
        intake.confirm("ORCHID-Q7K2P/m2");

        JdbcLedger later = messageLedger(start.plus(JdbcLedger.PENDING_TIMEOUT).plusSeconds(60));
        assertThat(later.isDone("ORCHID-Q7K2P/m2")).isTrue();
        assertThat(later.add("ORCHID-Q7K2P/m2"))
                .as("a redelivery is a duplicate")
                .isFalse();
    }

    @Test
    void aKeyAddedWithoutConfirmationIsDoneAtOnce() {
        JdbcLedger sinks = new JdbcLedger(dataSource, "sinks", Duration.ofDays(35), false);
        sinks.add("ORCHID-Q7K2P/m3/file");

        assertThat(sinks.isDone("ORCHID-Q7K2P/m3/file")).isTrue();
    }

    private JdbcLedger messageLedger(Instant now) {
        return new JdbcLedger(dataSource, "messages", Duration.ofDays(35), true, Clock.fixed(now, ZoneOffset.UTC));
    }
}
