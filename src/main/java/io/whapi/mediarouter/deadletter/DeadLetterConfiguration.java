package io.whapi.mediarouter.deadletter;

import io.whapi.mediarouter.config.MediaProperties;
import io.whapi.mediarouter.state.LedgerStores;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The dead-letter store beside the ledger: files with the file ledger, the table with the JDBC one. */
@Configuration(proxyBeanMethods = false)
public class DeadLetterConfiguration {

    @Bean
    public DeadLetterStore deadLetterStore(LedgerStores ledgerStores, MediaProperties media) {
        return ledgerStores.dataSource() != null
                ? new JdbcDeadLetterStore(ledgerStores.dataSource())
                : new FileDeadLetterStore(media.getWorkDir().resolve("dead-letter"));
    }
}
