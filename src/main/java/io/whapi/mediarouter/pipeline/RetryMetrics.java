package io.whapi.mediarouter.pipeline;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.whapi.mediarouter.MediaVariables;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.EventNotifierSupport;
import org.springframework.stereotype.Component;

/**
 * {@code whapi.retries}: every redelivery, by stage. Redeliveries happen inside Camel's error
 * handler, where no route step runs, so they are counted from its events: a copy of a message
 * on its way to one sink (it has a {@code sink} variable) is a sink retry, anything else a fetch.
 */
@Component // Camel adds EventNotifier beans to itself as it starts
public class RetryMetrics extends EventNotifierSupport {

    private final Counter fetchRetries;
    private final Counter sinkRetries;

    public RetryMetrics(MeterRegistry registry) {
        this.fetchRetries = Counter.builder("whapi.retries")
                .tag("stage", "fetch")
                .description("Redeliveries")
                .register(registry);
        this.sinkRetries = Counter.builder("whapi.retries")
                .tag("stage", "sink")
                .description("Redeliveries")
                .register(registry);
        setIgnoreCamelContextEvents(true);
        setIgnoreRouteEvents(true);
        setIgnoreServiceEvents(true);
        setIgnoreStepEvents(true);
        setIgnoreExchangeCreatedEvent(true);
        setIgnoreExchangeCompletedEvent(true);
        setIgnoreExchangeSendingEvents(true);
        setIgnoreExchangeSentEvents(true);
    }

    @Override
    public boolean isEnabled(CamelEvent event) {
        return event instanceof CamelEvent.ExchangeRedeliveryEvent;
    }

    @Override
    public void notify(CamelEvent event) {
        CamelEvent.ExchangeRedeliveryEvent redelivery = (CamelEvent.ExchangeRedeliveryEvent) event;
        (redelivery.getExchange().getVariable(MediaVariables.SINK) != null ? sinkRetries : fetchRetries).increment();
    }
}
