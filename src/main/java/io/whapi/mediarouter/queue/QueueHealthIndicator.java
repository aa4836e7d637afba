package io.whapi.mediarouter.queue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * "queue" (in readiness): the intake can record webhooks, the same check it makes before
 * answering 200. Not ready means the gateway gets 503 and retries, so a load balancer should
 * send webhooks elsewhere.
 */
@Component("queue")
public class QueueHealthIndicator implements HealthIndicator {

    private final QueueCapacity capacity;
    private final Path queueDir;

    public QueueHealthIndicator(QueueCapacity capacity) {
        this.capacity = capacity;
        this.queueDir = capacity.queueDir();
    }

    @Override
    public Health health() {
        if (!capacity.onDisk()) {
            // the Kafka queue: each record's acknowledgement is the check (503 when it fails)
            return Health.up().withDetail("queue", "kafka").build();
        }
        try {
            capacity.checkAcceptingWork();
            if (!Files.isWritable(queueDir)) {
                return Health.down()
                        .withDetail("reason", "the queue folder is not writable")
                        .build();
            }
            return Health.up().build();
        } catch (QueueUnavailableException e) {
            return Health.down().withDetail("reason", e.getMessage()).build();
        }
    }
}
