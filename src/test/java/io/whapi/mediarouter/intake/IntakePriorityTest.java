package io.whapi.mediarouter.intake;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.whapi.mediarouter.fetch.FetchProperties;
import io.whapi.mediarouter.queue.QueueProperties;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.spi.Synchronization;
import org.apache.camel.support.DefaultExchange;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** How many media messages the router may have in work, as the intake's answer times go. */
class IntakePriorityTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final MovingClock clock = new MovingClock();
    private final IntakePriority priority =
            new IntakePriority(properties(Duration.ofMillis(20)), new QueueProperties(), registry, clock);

    @Test
    void aSlowIntakeHalvesTheMediaInWorkDownToOneAndAQuietOneGetsThemBack() {
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
        IntakePriority off = new IntakePriority(properties(Duration.ZERO), new QueueProperties(), registry, clock);
        for (int i = 0; i < 100; i++) {
            off.answered(500);
        }
        clock.advance(Duration.ofMillis(150));
        assertThat(off.processingConcurrency()).isEqualTo(8);
    }

    @Test
    void withTheKafkaQueueASlowIntakeHoldsNoConsumerBack() throws InterruptedException {
        QueueProperties kafka = new QueueProperties();
        kafka.setType(QueueProperties.Type.KAFKA);
        IntakePriority priority = new IntakePriority(properties(Duration.ofMillis(20)), kafka, registry, clock);
        for (int i = 0; i < 100; i++) {
            priority.answered(80); // the broker's and the database's acknowledgements
        }
        clock.advance(Duration.ofMillis(150));
        assertThat(priority.processingConcurrency()).isEqualTo(8);
    }

    @Test
    void aMessageWaitsForItsTurnUntilOneInWorkIsDone() throws Exception {
        downToOneInWork();
        Exchange first = exchange();
        priority.awaitTurn(first);

        CompletableFuture<Void> second = new CompletableFuture<>();
        Thread waiting = new Thread(() -> {
            try {
                priority.awaitTurn(exchange());
                second.complete(null);
            } catch (InterruptedException e) {
                second.completeExceptionally(e);
            }
        });
        waiting.start();
        // the clock stands still, so the limit stays at one: once the second message is waiting
        // for its turn, only the first one's end can let it in
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> waiting.getState() == Thread.State.TIMED_WAITING);
        assertThat(second).isNotDone();

        done(first);
        second.get(2, TimeUnit.SECONDS);
    }

    @Test
    void aRetriedMessageKeepsItsTurnInsteadOfWaitingForItself() throws Exception {
        downToOneInWork();
        Exchange retried = exchange();
        priority.awaitTurn(retried);
        // media-errors takes the message again from its routing on, awaitTurn included: with one
        // place in work, waiting for a second place would wait forever
        turnWithinTwoSeconds(retried);

        // and once it is done its one place is free for the next message
        done(retried);
        turnWithinTwoSeconds(exchange());
    }

    /** Fails (times out) unless the exchange is given its turn within two seconds. */
    private void turnWithinTwoSeconds(Exchange exchange) throws Exception {
        CompletableFuture.runAsync(() -> {
                    try {
                        priority.awaitTurn(exchange);
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                })
                .get(2, TimeUnit.SECONDS);
    }

    /** A slow intake until the gate lets one media message in work at a time. */
    private void downToOneInWork() {
        for (int i = 0; i < 100; i++) {
            priority.answered(80);
        }
        while (nextLimit() > 1) {
            // halved again
        }
    }

    private int nextLimit() {
        clock.advance(Duration.ofNanos(IntakePriority.ADJUST_EVERY_NANOS));
        return priority.processingConcurrency();
    }

    /** A clock that moves only when told to. */
    private static final class MovingClock extends Clock {

        private volatile Instant now = Instant.parse("2026-12-02T10:00:00Z");

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }

    private static Exchange exchange() {
        return new DefaultExchange(new DefaultCamelContext());
    }

    private static void done(Exchange exchange) {
        List<Synchronization> completions = exchange.getExchangeExtension().handoverCompletions();
        completions.forEach(c -> c.onComplete(exchange));
    }

    private static FetchProperties properties(Duration target) {
        FetchProperties properties = new FetchProperties();
        properties.getDownload().setIntakeTargetLatency(target);
        return properties;
    }
}
