package io.whapi.mediarouter.intake;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.whapi.mediarouter.config.MediaProperties;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.spi.Synchronization;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

/** How many media messages the router may have in work, as the intake's answer times go. */
class IntakePriorityTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final IntakePriority priority = new IntakePriority(properties(Duration.ofMillis(20)), registry);

    @Test
    void aSlowIntakeHalvesTheMediaInWorkDownToOneAndAQuietOneGetsThemBack() throws InterruptedException {
        assertThat(priority.processingConcurrency()).isEqualTo(8);

        for (int i = 0; i < 100; i++) {
            priority.answered(80);
        }
        assertThat(nextLimit()).isEqualTo(4);
        assertThat(nextLimit()).isEqualTo(2);
        assertThat(nextLimit()).isEqualTo(1);
        assertThat(nextLimit()).isEqualTo(1);
        assertThat(registry.get("whapi.media.processing.limit").gauge().value()).isEqualTo(1);

        // quick answers bring the average under the target: one more at a time
        for (int i = 0; i < 100; i++) {
            priority.answered(1);
        }
        assertThat(nextLimit()).isEqualTo(2);
        assertThat(nextLimit()).isEqualTo(3);
    }

    @Test
    void aTargetOfZeroKeepsEveryWorkerInWork() throws InterruptedException {
        IntakePriority off = new IntakePriority(properties(Duration.ZERO), registry);
        for (int i = 0; i < 100; i++) {
            off.answered(500);
        }
        Thread.sleep(150);
        assertThat(off.processingConcurrency()).isEqualTo(8);
    }

    @Test
    void withTheKafkaQueueASlowIntakeHoldsNoConsumerBack() throws InterruptedException {
        MediaProperties kafka = properties(Duration.ofMillis(20));
        kafka.getQueue().setType(MediaProperties.QueueType.KAFKA);
        IntakePriority priority = new IntakePriority(kafka, registry);
        for (int i = 0; i < 100; i++) {
            priority.answered(80); // the broker's and the database's acknowledgements
        }
        Thread.sleep(150);
        assertThat(priority.processingConcurrency()).isEqualTo(8);
    }

    @Test
    void aMessageWaitsForItsTurnUntilOneInWorkIsDone() throws Exception {
        for (int i = 0; i < 100; i++) {
            priority.answered(80);
        }
        while (nextLimit() > 1) {
            // down to one in work
        }
        Exchange first = exchange();
        priority.awaitTurn(first);

        CompletableFuture<Void> second = CompletableFuture.runAsync(() -> {
            try {
                priority.awaitTurn(exchange());
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(300);
        assertThat(second).isNotDone();

        done(first);
        second.get(2, TimeUnit.SECONDS);
    }

    private int nextLimit() throws InterruptedException {
        Thread.sleep(IntakePriority.ADJUST_EVERY_NANOS / 1_000_000 + 10);
        return priority.processingConcurrency();
    }

    private static Exchange exchange() {
        return new DefaultExchange(new DefaultCamelContext());
    }

    private static void done(Exchange exchange) {
        List<Synchronization> completions = exchange.getExchangeExtension().handoverCompletions();
        completions.forEach(c -> c.onComplete(exchange));
    }

    private static MediaProperties properties(Duration target) {
        MediaProperties properties = new MediaProperties();
        properties.getDownload().setIntakeTargetLatency(target);
        return properties;
    }
}
