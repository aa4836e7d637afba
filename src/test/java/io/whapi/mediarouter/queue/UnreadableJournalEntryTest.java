package io.whapi.mediarouter.queue;

import static org.assertj.core.api.Assertions.assertThat;

import io.whapi.mediarouter.ConnectorTestSupport;
import io.whapi.mediarouter.support.Webhooks;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * An entry in the queue journal that is no queue entry (the journal holds only what the intake
 * wrote, so this stands for a damaged line) is set aside where an operator looks, not retried
 * forever, and the queue goes on.
 */
class UnreadableJournalEntryTest extends ConnectorTestSupport {

    @Autowired
    private MediaQueueComponent mediaQueue;

    @Test
    void anEntryThatIsNoQueueEntryIsSetAsideAndTheQueueGoesOn() throws Exception {
        mediaQueue.journal().append("{ not a queue entry".getBytes(StandardCharsets.UTF_8));

        Path unreadable = workDir.resolve("dead-letter/unreadable");
        Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(unreadable).isDirectory();
            try (Stream<Path> files = Files.list(unreadable)) {
                List<Path> setAside = files.toList();
                assertThat(setAside).singleElement().satisfies(file -> {
                    assertThat(file.getFileName().toString())
                            .startsWith("queue-entry-")
                            .endsWith(".json");
                    assertThat(file).hasContent("{ not a queue entry");
                });
            }
        });
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> mediaQueue.queued() == 0);

        postAndAwait(webhooks.image("after-unreadable"), 1);
        assertThat(stored(Webhooks.imageKey("after-unreadable"))).exists();
    }
}
