package io.whapi.mediarouter.erasure;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.whapi.mediarouter.deadletter.DeadLetterStore;
import io.whapi.mediarouter.events.CloudEvents;
import io.whapi.mediarouter.events.EventPublisher;
import io.whapi.mediarouter.index.MediaIndex;
import io.whapi.mediarouter.pipeline.Failures;
import io.whapi.mediarouter.provenance.Provenance;
import io.whapi.mediarouter.sinks.SinkProperties;
import io.whapi.mediarouter.sinks.SinkRoutes;
import io.whapi.mediarouter.state.LedgerConfiguration.Ledger;
import io.whapi.mediarouter.state.StateStore;
import java.time.Clock;
import org.apache.camel.ProducerTemplate;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Erasure on request (receipts, tombstones, the erasures in the state store) and retention per sink. */
@Configuration(proxyBeanMethods = false)
public class ErasureConfiguration {

    @Bean
    public Receipts receipts(ErasureProperties settings, ObjectMapper json) {
        return new Receipts(settings.getErasure().getReceiptSecret(), json);
    }

    /** Keyed hashes of erased messages, kept for good: {@code ledger/tombstones.log} or the ledger table. */
    @Bean
    public Tombstones tombstones(StateStore state, Receipts receipts) {
        return new Tombstones(state.permanentLedger("tombstones"), receipts);
    }

    @Bean
    public Erasures erasures(
            StateStore state,
            ObjectMapper json,
            MediaIndex index,
            Tombstones tombstones,
            Receipts receipts,
            SinkRoutes sinkRoutes,
            ProducerTemplate producer,
            Ledger ledger,
            Provenance provenance,
            DeadLetterStore deadLetters,
            EventPublisher events,
            CloudEvents cloudEvents,
            Failures failures) {
        return new Erasures(
                state.leasedRecords("erasures", "whapi_erasure", "erasure", Erasure.class, Erasure::id, json),
                index,
                tombstones,
                receipts,
                sinkRoutes,
                producer,
                ledger,
                provenance,
                deadLetters,
                events,
                cloudEvents,
                failures,
                Clock.systemUTC());
    }

    @Bean
    public RetentionSweep retentionSweep(
            SinkProperties sinks,
            ErasureProperties settings,
            MediaIndex index,
            SinkRoutes sinkRoutes,
            ProducerTemplate producer,
            Provenance provenance,
            MeterRegistry meters,
            Failures failures) {
        return new RetentionSweep(
                sinks,
                settings.getRetention().getInterval(),
                index,
                sinkRoutes,
                producer,
                provenance,
                meters,
                failures,
                Clock.systemUTC());
    }
}
