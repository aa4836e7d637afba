package io.whapi.mediarouter.intake;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.whapi.mediarouter.fetch.FetchProperties;
import io.whapi.mediarouter.queue.QueueProperties;
import java.time.Clock;
import java.time.Instant;
import org.apache.camel.Exchange;
import org.apache.camel.Route;
import org.apache.camel.support.RoutePolicySupport;
import org.apache.camel.support.SynchronizationAdapter;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The webhook intake comes before the work it queues. A backlog of downloads and uploads takes
 * every core it is given, and a gateway whose webhooks are answered slowly times out and sends
 * them again (more load). So the intake route reports how long each answer took (this is its
 * route policy), and the router waits for its turn ({@link #awaitTurn}) before it works on a
 * media message. Fewer turns are given while the intake is slower than
 * {@code media.download.intake-target-latency} on average, more again once it is quick, between
 * one and {@code media.download.concurrency}. The CPU the router gives back is what the intake
 * needs: about 0.6 ms per webhook (docs/benchmarks.md).
 *
 * <p>The limit halves when the intake is slow and grows by one when it is not, at most once per
 * {@link #ADJUST_EVERY_NANOS}: the same additive-increase, multiplicative-decrease that TCP uses to
 * share a link, which settles without a model of the machine. Webhooks that stop arriving count
 * as a quick intake. With the Kafka queue the gate is open: the intake's answer time there is
 * the broker's and the database's, which the router's work does not lengthen.
 */
@Component
public class IntakePriority extends RoutePolicySupport {

    static final long ADJUST_EVERY_NANOS = 100_000_000L;
    private static final String TURN_HELD = "whapi.intakePriority.turnHeld";
    /** Weight of the newest answer time in the average: the last few dozen answers count. */
    private static final double WEIGHT = 0.05;

    private final int maxConcurrency;
    private final double targetMillis;
    private final Clock clock;
    private double averageMillis;
    private long lastAnswerNanos;
    private long lastAdjustNanos;
    private int limit;
    private int inWork;

    @Autowired
    public IntakePriority(FetchProperties fetch, QueueProperties queue, MeterRegistry registry) {
        this(fetch, queue, registry, Clock.systemUTC());
    }

    /** @param clock what the pace of adjustments is measured by (a test moves it by hand) */
    IntakePriority(FetchProperties fetch, QueueProperties queue, MeterRegistry registry, Clock clock) {
        this.clock = clock;
        this.lastAnswerNanos = nanos();
        this.lastAdjustNanos = nanos();
        this.maxConcurrency = fetch.getDownload().getConcurrency();
        // With the Kafka queue the intake's answer time is the broker's and the database's
        // acknowledgements, not CPU the router takes from it: fewer downloads would not shorten it,
        // and the gate, seeing it over the target, would hold every consumer but one (measured:
        // 1 media in work while a replica took 80 webhooks a second).
        this.targetMillis = queue.getType() == QueueProperties.Type.KAFKA
                ? 0
                : fetch.getDownload().getIntakeTargetLatency().toNanos() / 1e6;
        this.limit = maxConcurrency;
        Gauge.builder("whapi.media.processing.limit", this, IntakePriority::currentLimit)
                .description("Media messages that may be in work at once, fewer while the webhook intake is slow")
                .register(registry);
    }

    @Override
    public void onExchangeDone(Route route, Exchange exchange) {
        answered(exchange.getClock().elapsed());
    }

    /** A webhook was answered after this many milliseconds. */
    synchronized void answered(long millis) {
        averageMillis += WEIGHT * (millis - averageMillis);
        lastAnswerNanos = nanos();
    }

    /**
     * Waits until fewer media messages are in work than {@link #processingConcurrency()} allows,
     * then holds a place for this one until its exchange is done (stored, skipped or failed). A
     * retry of the message (media-errors takes it again from its routing on) keeps the place it
     * holds.
     */
    public void awaitTurn(Exchange exchange) throws InterruptedException {
        if (exchange.getProperty(TURN_HELD) != null) {
            return;
        }
        synchronized (this) {
            while (inWork >= processingConcurrency()) {
                // woken when a message is done, and at the pace the limit may grow
                wait(ADJUST_EVERY_NANOS / 1_000_000);
            }
            inWork++;
        }
        exchange.setProperty(TURN_HELD, Boolean.TRUE);
        exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
            @Override
            public void onDone(Exchange done) {
                synchronized (IntakePriority.this) {
                    inWork--;
                    IntakePriority.this.notifyAll();
                }
            }
        });
    }

    /** How many media messages may be in work now. */
    synchronized int processingConcurrency() {
        if (targetMillis <= 0) {
            return maxConcurrency;
        }
        long now = nanos();
        if (now - lastAdjustNanos >= ADJUST_EVERY_NANOS) {
            lastAdjustNanos = now;
            boolean intakeBusy = now - lastAnswerNanos < 10 * ADJUST_EVERY_NANOS;
            if (intakeBusy && averageMillis > targetMillis) {
                limit = Math.max(1, limit / 2);
            } else {
                limit = Math.min(maxConcurrency, limit + 1);
            }
        }
        return limit;
    }

    private long nanos() {
        Instant now = clock.instant();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    private synchronized double currentLimit() {
        return limit;
    }
}
