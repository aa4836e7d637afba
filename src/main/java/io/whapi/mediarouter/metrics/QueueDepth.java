package io.whapi.mediarouter.metrics;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/** {@code whapi.queue.depth}: media messages acknowledged and not yet stored or dead-lettered. */
@Component
public class QueueDepth {

    private final Path queueDir;

    public QueueDepth(@Value("${media.work-dir}") Path workDir, MeterRegistry registry) {
        this.queueDir = workDir.resolve("queue");
        Gauge.builder("whapi.queue.depth", this, QueueDepth::count)
                .description("Media messages waiting in the queue folder or in work").register(registry);
    }

    /** Queue entries on disk (the folder is the queue, so this is exact); read on each scrape. */
    double count() {
        try (Stream<Path> files = Files.list(queueDir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".json")).count();
        } catch (IOException e) {
            return Double.NaN;
        }
    }
}
