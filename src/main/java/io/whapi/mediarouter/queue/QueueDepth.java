package io.whapi.mediarouter.queue;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.springframework.stereotype.Component;

/**
 * {@code whapi.queue.depth}: media messages acknowledged and not yet stored or dead-lettered: the
 * journal's, and queue files put in the queue folder. The Kafka queue has its consumer group's lag
 * instead (kafka_consumer_* and the broker's own metrics), which no single replica can count.
 */
@Component
public class QueueDepth {

    private final Path queueDir;
    private final MediaQueueComponent journal;

    public QueueDepth(QueueCapacity queue, MediaQueueComponent journal, MeterRegistry registry) {
        this.queueDir = queue.queueDir();
        this.journal = journal;
        if (!queue.onDisk()) {
            return;
        }
        Gauge.builder("whapi.queue.depth", this, QueueDepth::count)
                .description("Media messages waiting in the queue or in work")
                .register(registry);
    }

    /** Exact: the journal counts its entries, and the folder is the queue for files; read on each scrape. */
    double count() {
        try (Stream<Path> files = Files.list(queueDir)) {
            return journal.queued()
                    + files.filter(f -> f.getFileName().toString().endsWith(".json"))
                            .count();
        } catch (IOException e) {
            return Double.NaN;
        }
    }
}
