package io.whapi.mediarouter.events;

import static io.whapi.mediarouter.events.JdbcEventOutboxTest.event;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The file outbox of one connector: what is recorded survives a restart, what is delivered does not come back. */
class FileEventOutboxTest {

    @TempDir
    Path dir;

    private FileEventOutbox open() {
        return new FileEventOutbox(dir.resolve("outbox.log"), new ObjectMapper());
    }

    private static List<String> ids(List<EventOutbox.Pending> events) {
        return events.stream().map(e -> e.event().id()).toList();
    }

    @Test
    void whatWasRecordedAndNotDeliveredIsThereAfterARestartInOrder() throws Exception {
        FileEventOutbox outbox = open();
        outbox.record(List.of(event("hooks", "a", 1), event("kafka", "a", 1)));
        outbox.record(List.of(event("hooks", "b", 2)));
        outbox.record(List.of(event("hooks", "a", 3))); // a re-run: pending already
        outbox.remove("hooks", "a");
        outbox.close();
        // a crash in the middle of a line: it was never acknowledged
        Files.writeString(dir.resolve("outbox.log"), "+{\"sink\":\"hooks\",\"id\":\"c", StandardOpenOption.APPEND);

        FileEventOutbox reopened = open();
        assertThat(ids(reopened.take("hooks", 10))).containsExactly("b");
        assertThat(ids(reopened.take("kafka", 10))).containsExactly("a");
        assertThat(reopened.take("kafka", 10).get(0).event().json()).isEqualTo("{\"id\":\"a\"}");
        assertThat(reopened.oldestRecordedAt("hooks")).hasValue(2);
        reopened.close();
    }

    @Test
    void theFileIsCompactedOnceWhatWasDeliveredOutweighsWhatWaits() throws Exception {
        FileEventOutbox outbox = open();
        // in batches: one fsync each
        for (int batch = 0; batch < 20; batch++) {
            int first = batch * 1_000;
            outbox.record(IntStream.range(first, first + 1_000)
                    .mapToObj(i -> event("hooks", "e" + i, i))
                    .toList());
        }
        long full = Files.size(dir.resolve("outbox.log"));
        IntStream.range(0, 19_999).forEach(i -> outbox.remove("hooks", "e" + i));

        assertThat(Files.size(dir.resolve("outbox.log"))).isLessThan(full / 2);
        assertThat(ids(outbox.take("hooks", 10))).containsExactly("e19999");
        outbox.close();
        assertThat(ids(open().take("hooks", 10))).containsExactly("e19999");
    }
}
