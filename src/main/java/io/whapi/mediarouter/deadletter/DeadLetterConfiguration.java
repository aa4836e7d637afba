package io.whapi.mediarouter.deadletter;

import io.whapi.mediarouter.state.StateStore;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The dead letters, in the state store: paged documents, newest first. */
@Configuration(proxyBeanMethods = false)
public class DeadLetterConfiguration {

    @Bean
    public DeadLetterStore deadLetterStore(StateStore state) {
        return state.open(workDir -> new FileDeadLetterStore(workDir.resolve("dead-letter")), JdbcDeadLetterStore::new);
    }
}
