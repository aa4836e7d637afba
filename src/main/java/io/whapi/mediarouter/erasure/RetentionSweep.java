package io.whapi.mediarouter.erasure;

import io.micrometer.core.instrument.MeterRegistry;
import io.whapi.mediarouter.MediaVariables;
import io.whapi.mediarouter.index.MediaIndex;
import io.whapi.mediarouter.index.StoredMedia;
import io.whapi.mediarouter.pipeline.DaemonThreads;
import io.whapi.mediarouter.pipeline.Failures;
import io.whapi.mediarouter.provenance.Provenance;
import io.whapi.mediarouter.sinks.SinkProperties;
import io.whapi.mediarouter.sinks.SinkRoutes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;

/**
 * Retention per sink: every {@code media.retention.interval}, each sink with a
 * {@code media.sinks.<name>.retention} loses the media (binary and sidecar) the index says it took
 * longer ago than that, through its kind's delete template. Counted as
 * {@code whapi.media.expired{sink}} and recorded in the message's provenance. A sink that is down
 * keeps its old media until a later sweep reaches it. An S3 lifecycle rule does the same on the
 * store's side (docs/operations.md).
 */
public class RetentionSweep implements ApplicationListener<ApplicationReadyEvent>, DisposableBean {

    private static final Logger LOG = LoggerFactory.getLogger(RetentionSweep.class);
    /** Media deleted per look at the index: a sweep goes on until the sink has nothing too old. */
    static final int BATCH = 200;

    private final SinkProperties sinks;
    private final Duration interval;
    private final MediaIndex index;
    private final SinkRoutes sinkRoutes;
    private final ProducerTemplate producer;
    private final Provenance provenance;
    private final MeterRegistry meters;
    private final Failures failures;
    private final Clock clock;
    private final ScheduledExecutorService sweeper =
            Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("retention"));

    RetentionSweep(
            SinkProperties sinks,
            Duration interval,
            MediaIndex index,
            SinkRoutes sinkRoutes,
            ProducerTemplate producer,
            Provenance provenance,
            MeterRegistry meters,
            Failures failures,
            Clock clock) {
        this.sinks = sinks;
        this.interval = interval;
        this.index = index;
        this.sinkRoutes = sinkRoutes;
        this.producer = producer;
        this.provenance = provenance;
        this.meters = meters;
        this.failures = failures;
        this.clock = clock;
    }

    @Override
    public void onApplicationEvent(ApplicationReadyEvent event) {
        boolean any = sinks.getSinks().values().stream().anyMatch(s -> s.getRetention() != null);
        if (any) {
            long every = interval.toMillis();
            sweeper.scheduleWithFixedDelay(this::sweepQuietly, every, every, TimeUnit.MILLISECONDS);
        }
    }

    private void sweepQuietly() {
        try {
            sweep();
        } catch (RuntimeException e) {
            LOG.warn("Retention sweep stopped early: {}; the next one goes on", failures.reason(e));
        }
    }

    /** One sweep of every sink with a retention; returns how many media were deleted. */
    public int sweep() {
        int expired = 0;
        for (Map.Entry<String, SinkProperties.Sink> sink : sinks.getSinks().entrySet()) {
            Duration retention = sink.getValue().getRetention();
            String endpoint = sinkRoutes.deleteEndpoint(sink.getKey());
            if (retention == null || endpoint == null) {
                continue;
            }
            expired += sweep(sink.getKey(), endpoint, clock.instant().minus(retention));
        }
        return expired;
    }

    private int sweep(String sink, String endpoint, Instant storedBefore) {
        int expired = 0;
        while (true) {
            List<StoredMedia> old = index.storedBefore(sink, storedBefore, BATCH);
            List<StoredMedia> gone = new ArrayList<>();
            for (StoredMedia media : old) {
                Exchange done = producer.send(
                        endpoint, exchange -> exchange.setVariable(MediaVariables.MEDIA_KEY, media.key()));
                if (done.getException() != null) {
                    LOG.warn(
                            "Retention: sink {} could not delete {} ({}); the next sweep tries again",
                            sink,
                            media.key(),
                            failures.reason(done.getException()));
                    index.removed(gone);
                    return expired + gone.size();
                }
                gone.add(media);
                provenance.expired(media.channelId(), media.messageId(), sink, media.key());
                meters.counter("whapi.media.expired", "sink", sink).increment();
            }
            index.removed(gone);
            expired += gone.size();
            if (old.size() < BATCH) {
                if (expired > 0) {
                    LOG.info("Retention: {} media stored before {} deleted from sink {}", expired, storedBefore, sink);
                }
                return expired;
            }
        }
    }

    @Override
    public void destroy() {
        sweeper.shutdownNow();
    }
}
