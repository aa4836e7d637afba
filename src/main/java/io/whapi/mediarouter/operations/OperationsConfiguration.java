package io.whapi.mediarouter.operations;

import io.whapi.mediarouter.deadletter.DeadLetterOperations;
import io.whapi.mediarouter.events.EventPublisher;
import io.whapi.mediarouter.provenance.Provenance;
import io.whapi.mediarouter.reconcile.Backfills;
import java.util.List;
import org.apache.camel.CamelContext;
import org.apache.camel.console.DevConsoleRegistry;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;

/**
 * The operations endpoints exist only when they can be protected ({@link OperationsSwitch}): an
 * operator who exposes every endpoint ("*") without a password still gets 404s, not an open API.
 */
@Configuration(proxyBeanMethods = false)
@Conditional(OperationsSwitch.class)
public class OperationsConfiguration {

    @Bean
    public DeadLettersEndpoint deadLettersEndpoint(DeadLetterOperations deadLetters) {
        return new DeadLettersEndpoint(deadLetters);
    }

    @Bean
    public EventsEndpoint eventsEndpoint(EventPublisher publisher) {
        return new EventsEndpoint(publisher);
    }

    @Bean
    public BackfillEndpoint backfillEndpoint(Backfills backfills) {
        return new BackfillEndpoint(backfills);
    }

    /**
     * The Camel developer consoles that tell nothing secret. Others print what the connector must
     * never show, even behind a login: bean properties (the channel token), endpoint URIs (sink
     * passwords), system properties (the command line).
     */
    static final List<String> SAFE_CAMEL_CONSOLES = List.of(
            "context",
            "health",
            "inflight",
            "blocked",
            "jvm",
            "memory",
            "thread",
            "gc",
            "route-controller",
            "micrometer",
            "event");

    /**
     * Camel's developer consoles on /actuator/camel/{id}: Camel Spring Boot exposes the endpoint,
     * but it answers 404 until the context is told to keep consoles; this does, then keeps the
     * safe consoles only, and only when the login is on.
     */
    @Bean
    public CamelContextConfiguration camelDevConsoles() {
        return new CamelContextConfiguration() {
            @Override
            public void beforeApplicationStart(CamelContext camel) {
                camel.setDevConsole(true);
                // without scanning the packaged jar for every console there is (36 s a start)
                ConsolesByIdOnly.install(camel);
            }

            @Override
            public void afterApplicationStart(CamelContext camel) {
                DevConsoleRegistry consoles = DevConsoleRegistry.get(camel);
                if (consoles != null) {
                    consoles.setEnabled(true);
                    // the safe ones only, resolved by id (the start scanned for none)
                    SAFE_CAMEL_CONSOLES.forEach(consoles::resolveById);
                    consoles.stream()
                            .filter(console -> !SAFE_CAMEL_CONSOLES.contains(console.getId()))
                            .toList()
                            .forEach(consoles::unregister);
                }
            }
        };
    }

    @Bean
    public MediaEndpoint mediaEndpoint(Provenance provenance) {
        return new MediaEndpoint(provenance);
    }
}
