package io.whapi.mediarouter.operations;

import io.whapi.mediarouter.deadletter.DeadLetterOperations;
import io.whapi.mediarouter.provenance.Provenance;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;

/**
 * The operations endpoints exist only when they can be protected ({@link OperationsSwitch}): an
 * operator who exposes every endpoint ("*") without a password still gets 404s, not an open API.
 */
@Configuration(proxyBeanMethods = false)
@Conditional(OperationsOn.class)
public class OperationsConfiguration {

    @Bean
    public DeadLettersEndpoint deadLettersEndpoint(DeadLetterOperations deadLetters) {
        return new DeadLettersEndpoint(deadLetters);
    }

    @Bean
    public BackfillEndpoint backfillEndpoint(io.whapi.mediarouter.history.Backfills backfills) {
        return new BackfillEndpoint(backfills);
    }

    @Bean
    public MediaEndpoint mediaEndpoint(Provenance provenance) {
        return new MediaEndpoint(provenance);
    }
}
