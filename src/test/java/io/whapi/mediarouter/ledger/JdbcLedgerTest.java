package io.whapi.mediarouter.ledger;

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
import org.junit.jupiter.api.Test;

/** The JDBC ledger against a real database (H2, in memory). */
class JdbcLedgerTest {

    private final HikariDataSource dataSource = new HikariDataSource();

    JdbcLedgerTest() {
        dataSource.setJdbcUrl("jdbc:h2:mem:ledger-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1");
    }

    @AfterEach
    void close() {
        dataSource.close();
    }

    @Test
    void ofManyReplicasAddingOneKeyAtOnceExactlyOneSucceeds() {
        List<JdbcLedger> replicas = IntStream.range(0, 6)
                .mapToObj(i -> new JdbcLedger(dataSource, "messages", Duration.ofDays(35)))
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
        JdbcLedger messages = new JdbcLedger(dataSource, "messages", Duration.ofDays(35));
        JdbcLedger sinks = new JdbcLedger(dataSource, "sinks", Duration.ofDays(35));
        messages.add("k");

        assertThat(sinks.contains("k")).isFalse();
        assertThat(messages.remove("k")).isTrue();
        assertThat(messages.contains("k")).isFalse();
        assertThat(messages.add("k")).isTrue();
    }

    @Test
    void anExpiredEntryIsForgottenAndCanBeAddedAgain() {
        Instant start = Instant.parse("2026-01-01T00:00:00Z");
        new JdbcLedger(dataSource, "messages", Duration.ofDays(35), Clock.fixed(start, ZoneOffset.UTC)).add("old");

        JdbcLedger later = new JdbcLedger(
                dataSource,
                "messages",
                Duration.ofDays(35),
                Clock.fixed(start.plus(Duration.ofDays(36)), ZoneOffset.UTC));

        assertThat(later.contains("old")).isFalse();
        assertThat(later.add("old")).isTrue();
    }

    @Test
    void anOverlongKeyIsStoredAsItsHash() {
        JdbcLedger ledger = new JdbcLedger(dataSource, "messages", Duration.ofDays(35));
        String hostile = "x".repeat(5000);

        assertThat(ledger.add(hostile)).isTrue();
        assertThat(ledger.contains(hostile)).isTrue();
        assertThat(ledger.add(hostile)).isFalse();
    }
}
