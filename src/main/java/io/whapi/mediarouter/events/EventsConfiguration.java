package io.whapi.mediarouter.events;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.whapi.mediarouter.pipeline.Failures;
import io.whapi.mediarouter.state.LedgerConfiguration.Ledger;
import io.whapi.mediarouter.state.StateStore;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.actuate.health.CompositeHealthContributor;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthContributor;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The event outbox in the state store, its publisher and its health.
 */
@Configuration(proxyBeanMethods = false)
public class EventsConfiguration {

    @Bean
    public EventOutbox eventOutbox(StateStore state, ObjectMapper json, EventProperties media) {
        return state.open(
                workDir -> new FileEventOutbox(workDir.resolve("ledger/outbox.log"), json),
                dataSource ->
                        new JdbcEventOutbox(dataSource, media.getEventRetry().getTakeoverAfter(), Clock.systemUTC()));
    }

    @Bean
    public EventPublisher eventPublisher(
            EventOutbox eventOutbox, Ledger ledger, Failures failures, EventProperties media, MeterRegistry registry) {
        return new EventPublisher(eventOutbox, ledger, failures, media, registry, Clock.systemUTC());
    }

    /**
     * "eventSinks" in /actuator/health: each event sink UP while its oldest undelivered event is
     * younger than its unhealthy-after, DOWN past it; in neither probe, since storage goes on
     * whatever an event sink does.
     */
    @Bean
    public CompositeHealthContributor eventSinksHealthContributor(EventPublisher publisher) {
        Map<String, HealthContributor> sinks = new LinkedHashMap<>();
        for (String sink : publisher.sinkNames()) {
            sinks.put(sink, (HealthIndicator) () -> {
                EventPublisher.SinkStatus status = publisher.status(sink);
                Health.Builder health = status.unhealthy() ? Health.down() : Health.up();
                status.details().forEach((key, value) -> {
                    if (value != null) {
                        health.withDetail(key, value);
                    }
                });
                return health.build();
            });
        }
        return CompositeHealthContributor.fromMap(sinks);
    }
}
