package io.whapi.mediarouter.provenance;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.whapi.mediarouter.config.MediaProperties;
import io.whapi.mediarouter.sinks.SinkLocations;
import io.whapi.mediarouter.state.LedgerStores;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The provenance log beside the ledger: files with the file ledger, the shared table with the JDBC one. */
@Configuration(proxyBeanMethods = false)
public class ProvenanceConfiguration {

    @Bean
    public Provenance provenance(
            LedgerStores ledgerStores, MediaProperties media, ObjectMapper json, SinkLocations sinkLocations) {
        ProvenanceLog log = ledgerStores.dataSource() != null
                ? new JdbcProvenanceLog(
                        ledgerStores.dataSource(), media.getIdempotency().getRetention(), json)
                : new FileProvenanceLog(
                        media.getWorkDir().resolve("ledger/provenance"),
                        media.getIdempotency().getRetention(),
                        json);
        return new Provenance(log, sinkLocations);
    }
}
