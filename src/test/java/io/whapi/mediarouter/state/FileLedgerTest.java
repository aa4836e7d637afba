package io.whapi.mediarouter.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileLedgerTest {

    @TempDir
    Path dir;

    private final Duration retention = Duration.ofDays(35);

    @Test
    void keysSurviveReopeningAndRemovalsToo() throws Exception {
        Path file = dir.resolve("ledger.log");
        FileLedger ledger = new FileLedger(file, retention);
        assertThat(ledger.add("ORCHID-Q7K2P/a")).isTrue();
        assertThat(ledger.add("ORCHID-Q7K2P/a")).isFalse();
        ledger.add("ORCHID-Q7K2P/b\nwith a newline");
        ledger.add("ORCHID-Q7K2P/c");
        ledger.remove("ORCHID-Q7K2P/c");
        ledger.stop();

        FileLedger reopened = new FileLedger(file, retention);

        assertThat(reopened.contains("ORCHID-Q7K2P/a")).isTrue();
        assertThat(reopened.contains("ORCHID-Q7K2P/b\nwith a newline")).isTrue();
        assertThat(reopened.contains("ORCHID-Q7K2P/c")).isFalse();
    }

    @Test
    void entriesExpireAfterTheRetentionAndAreDroppedFromTheFile() throws Exception {
        Path file = dir.resolve("ledger.log");
        Instant start = Instant.parse("2026-01-01T00:00:00Z");
        FileLedger ledger = new FileLedger(file, retention, Clock.fixed(start, ZoneOffset.UTC));
        ledger.add("old");
        ledger.stop();

        Clock later = Clock.fixed(start.plus(Duration.ofDays(36)), ZoneOffset.UTC);
        FileLedger reopened = new FileLedger(file, retention, later);

        assertThat(reopened.contains("old")).isFalse();
        assertThat(reopened.add("old")).isTrue();
        assertThat(Files.readAllLines(file)).hasSize(1);
    }

    @Test
    void aLineCutShortByACrashIsIgnored() throws IOException {
        Path file = dir.resolve("ledger.log");
        Files.writeString(file, "+" + System.currentTimeMillis() + " kept\n+17672");

        FileLedger ledger = new FileLedger(file, retention);

        assertThat(ledger.contains("kept")).isTrue();
    }

    @Test
    void aKeyKeptUntilConfirmedHoldsOffDuplicatesButReachesTheDiskOnlyWhenConfirmed() throws Exception {
        Path file = dir.resolve("messages.log");
        FileLedger ledger = new FileLedger(file, Duration.ofDays(1), true);

        assertThat(ledger.add("c/queued-then-crash")).isTrue();
        assertThat(ledger.add("c/queued-then-crash"))
                .as("a concurrent duplicate")
                .isFalse();
        assertThat(ledger.add("c/done")).isTrue();
        ledger.confirm("c/done");
        assertThat(ledger.add("c/failed")).isTrue();
        ledger.remove("c/failed");
        ledger.stop();

        // a restart after a crash: only the confirmed key is there
        FileLedger reopened = new FileLedger(file, Duration.ofDays(1), true);
        assertThat(reopened.contains("c/done")).isTrue();
        assertThat(reopened.contains("c/queued-then-crash")).isFalse();
        assertThat(reopened.contains("c/failed")).isFalse();
    }
}
