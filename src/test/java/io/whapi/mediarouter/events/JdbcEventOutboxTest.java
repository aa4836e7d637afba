package io.whapi.mediarouter.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.whapi.mediarouter.state.StateSchema;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The JDBC outbox as replicas share it: H2 in memory here, PostgreSQL in
 * JdbcEventOutboxOnPostgreSqlTest.
 */
class JdbcEventOutboxTest {

    /** media.event-retry.takeover-after, shorter than its default to show that it is the one applied. */
    private static final Duration LEASE = Duration.ofSeconds(10);

    protected final HikariDataSource dataSource = new HikariDataSource();

    JdbcEventOutboxTest() {
        dataSource.setJdbcUrl(jdbcUrl());
    }

    @BeforeEach
    void migrate() {
        StateSchema.migrate(dataSource);
    }

    protected String jdbcUrl() {
        return "jdbc:h2:mem:outbox-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1";
    }

    @AfterEach
    void close() {
        dataSource.close();
    }

    static EventOutbox.Pending event(String sink, String id, long recordedAt) {
        return new EventOutbox.Pending(
                sink,
                new CloudEvent(
                        id, "whapi.media.stored", "key/" + id, "CHANNEL", "message-" + id, "{\"id\":\"" + id + "\"}"),
                recordedAt);
    }

    private static List<String> ids(List<EventOutbox.Pending> events) {
        return events.stream().map(e -> e.event().id()).toList();
    }

    @Test
    void eventsComeOutOldestFirstPerSinkAndRecordingOneAgainChangesNothing() {
        JdbcEventOutbox outbox = new JdbcEventOutbox(dataSource, LEASE, Clock.systemUTC());
        outbox.record(List.of(event("hooks", "b", 2), event("kafka", "b", 2)));
        outbox.record(List.of(event("hooks", "a", 1)));
        outbox.record(List.of(event("hooks", "b", 3))); // a re-run: b is pending already

        assertThat(ids(outbox.take("hooks", 10))).containsExactly("a", "b");
        assertThat(outbox.take("hooks", 10)).as("taken, so not taken twice").isEmpty();
        assertThat(outbox.pending("hooks")).isEqualTo(2);
        assertThat(outbox.oldestRecordedAt("hooks")).hasValue(1);

        outbox.remove("hooks", "a");
        assertThat(ids(outbox.list("hooks", 10, 0))).containsExactly("b");
        assertThat(ids(outbox.list("kafka", 10, 0))).containsExactly("b");
    }

    @Test
    void twoReplicasTakeDisjointBatchesAndWhatOneReleasesTheOtherTakesAtOnce() {
        JdbcEventOutbox first = new JdbcEventOutbox(dataSource, LEASE, Clock.systemUTC());
        JdbcEventOutbox second = new JdbcEventOutbox(dataSource, LEASE, Clock.systemUTC());
        for (int i = 0; i < 6; i++) {
            first.record(List.of(event("hooks", "e" + i, i)));
        }

        List<String> taken = ids(first.take("hooks", 4));
        assertThat(taken).containsExactly("e0", "e1", "e2", "e3");
        assertThat(ids(second.take("hooks", 4))).containsExactly("e4", "e5");

        first.remove("hooks", "e0");
        first.release("hooks"); // the sink failed on e1: e1 to e3 go back
        assertThat(ids(second.take("hooks", 10))).containsExactly("e1", "e2", "e3");
    }

    @Test
    void whatADeadReplicaTookIsTakenByAnotherOnceTheTakeoverTimeRunsOut() {
        Instant now = Instant.parse("2026-12-01T10:00:00Z");
        JdbcEventOutbox dead = new JdbcEventOutbox(dataSource, LEASE, Clock.fixed(now, ZoneOffset.UTC));
        dead.record(List.of(event("hooks", "e0", 0)));
        assertThat(dead.take("hooks", 10)).hasSize(1);

        JdbcEventOutbox soon = new JdbcEventOutbox(
                dataSource, LEASE, Clock.fixed(now.plus(LEASE).minusSeconds(1), ZoneOffset.UTC));
        assertThat(soon.take("hooks", 10)).isEmpty();
        JdbcEventOutbox later = new JdbcEventOutbox(
                dataSource, LEASE, Clock.fixed(now.plus(LEASE).plus(Duration.ofSeconds(1)), ZoneOffset.UTC));
        assertThat(ids(later.take("hooks", 10))).containsExactly("e0");
    }
}
