package io.whapi.mediarouter.provenance;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.whapi.mediarouter.sinks.SinkLocations;
import io.whapi.mediarouter.state.StateStore;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The provenance log, in the state store: append-only, expiring with media.ledger.retention. */
@Configuration(proxyBeanMethods = false)
public class ProvenanceConfiguration {

    @Bean
    public Provenance provenance(StateStore state, ObjectMapper json, SinkLocations sinkLocations) {
        ProvenanceLog log = state.open(
                workDir -> new FileProvenanceLog(workDir.resolve("ledger/provenance"), state.retention(), json),
                database -> new JdbcProvenanceLog(database, state.retention(), json));
        return new Provenance(log, sinkLocations);
    }
}
