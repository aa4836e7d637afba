package io.whapi.mediarouter.deadletter;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.whapi.mediarouter.state.StateSchema;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The dead-letter list as the operations API promises it: newest dead_lettered_at first, in both stores. */
class DeadLetterStoreTest {

    @TempDir
    static Path workDir;

    private static final HikariDataSource DATABASE = new HikariDataSource();

    static {
        DATABASE.setJdbcUrl("jdbc:h2:mem:dead-letters-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1");
        StateSchema.migrate(DATABASE);
    }

    static Stream<DeadLetterStore> stores() {
        return Stream.of(new FileDeadLetterStore(workDir.resolve("dead-letter")), new JdbcDeadLetterStore(DATABASE));
    }

    @AfterAll
    static void close() {
        DATABASE.close();
    }

    @AfterEach
    void empty() {
        stores().forEach(store -> store.entries(100, 0).forEach(entry -> store.remove(id(entry))));
    }

    @ParameterizedTest
    @MethodSource("stores")
    void fiveDeadLettersMadeWithinThirtyMillisecondsAreListedNewestFirst(DeadLetterStore store) {
        Instant first = Instant.parse("2026-12-02T10:00:00.000100Z");
        // added out of order, as concurrent workers may add them
        for (int i : new int[] {2, 0, 4, 1, 3}) {
            store.add("m" + i, entry("m" + i, first.plusMillis(7L * i)));
        }

        assertThat(store.entries(10, 0).stream().map(DeadLetterStoreTest::id))
                .containsExactly("m4", "m3", "m2", "m1", "m0");
        assertThat(store.entries(2, 1).stream().map(DeadLetterStoreTest::id)).containsExactly("m3", "m2");
        assertThat(store.total()).isEqualTo(5);
    }

    @ParameterizedTest
    @MethodSource("stores")
    void aDeadLetterAddedAgainMovesToItsNewTime(DeadLetterStore store) {
        Instant first = Instant.parse("2026-12-02T10:00:00Z");
        store.add("m0", entry("m0", first));
        store.add("m1", entry("m1", first.plusSeconds(1)));
        store.add("m0", entry("m0", first.plusSeconds(2)));

        assertThat(store.entries(10, 0).stream().map(DeadLetterStoreTest::id)).containsExactly("m0", "m1");
        assertThat(List.of(store.total())).containsExactly(2);
    }

    private static String entry(String id, Instant at) {
        return "{\"id\": \"" + id + "\", \"dead_lettered_at\": \"" + at + "\"}";
    }

    private static String id(String entry) {
        return entry.replaceAll("(?s).*\"id\": \"([^\"]+)\".*", "$1");
    }
}
