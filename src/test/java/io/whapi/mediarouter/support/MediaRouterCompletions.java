package io.whapi.mediarouter.support;

import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.apache.camel.Exchange;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.EventNotifierSupport;

/**
 * Counts media messages that media-router (or media-router-kafka) has finished, stored or failed. Only the exchange
 * the queue consumer made counts: the fan-out's split copies also come "from" media-router
 * and finish one by one, before their parent. (Camel's NotifyBuilder cannot tell them apart
 * when it sees them created, before the split has marked them.)
 */
public class MediaRouterCompletions extends EventNotifierSupport {

    /** The routes that take media messages from the queue: the journal's, the folder's and the topic's. */
    private static final Set<String> CONSUMERS = Set.of("media-router", "media-router-folder", "media-router-kafka");

    private final Semaphore finished = new Semaphore(0);

    public MediaRouterCompletions() {
        setIgnoreCamelContextEvents(true);
        setIgnoreRouteEvents(true);
        setIgnoreServiceEvents(true);
        setIgnoreExchangeCreatedEvent(true);
        setIgnoreExchangeSendingEvents(true);
        setIgnoreExchangeSentEvents(true);
        setIgnoreExchangeRedeliveryEvents(true);
        setIgnoreStepEvents(true);
    }

    @Override
    public void notify(CamelEvent event) {
        if (event instanceof CamelEvent.ExchangeCompletedEvent || event instanceof CamelEvent.ExchangeFailedEvent) {
            Exchange exchange = ((CamelEvent.ExchangeEvent) event).getExchange();
            // a queue file listed again just as it was finished (and deleted) is no message finishing
            if (CONSUMERS.contains(exchange.getFromRouteId())
                    && exchange.getProperty(Exchange.SPLIT_INDEX) == null
                    && exchange.getVariable("queueFileGone") == null) {
                finished.release();
            }
        }
    }

    /** Forget what finished before: call before posting. */
    public void reset() {
        finished.drainPermits();
    }

    public boolean await(int messages, long timeout, TimeUnit unit) throws InterruptedException {
        return finished.tryAcquire(messages, timeout, unit);
    }
}
