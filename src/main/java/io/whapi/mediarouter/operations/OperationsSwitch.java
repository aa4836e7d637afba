package io.whapi.mediarouter.operations;

import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.actuate.autoconfigure.web.server.ManagementPortType;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Environment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Decides whether the operations API (dead letters, provenance, Camel's developer console) and the
 * console page are on: only when they can be protected, that is when Spring Boot's user has a
 * password ({@code spring.security.user.password}) and the actuator has a port of its own
 * ({@code management.server.port}), never the webhook port. Otherwise they answer 404.
 *
 * <p>The one decision, read twice: before the context exists (to turn Camel's auto-configured
 * console off) and as the condition on our own operations beans
 * ({@code @Conditional(OperationsSwitch.class)}).
 */
public class OperationsSwitch implements EnvironmentPostProcessor, Condition {

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (!isOn(environment)) {
            // Camel's console is auto-configured: off, it is turned off here, so that it is never
            // open without a login. Our own endpoints are not even created then (matches).
            environment
                    .getPropertySources()
                    .addLast(new MapPropertySource(
                            "whapi-operations-switch", Map.of("management.endpoint.camel.access", "none")));
        }
    }

    @Override
    public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
        return isOn(context.getEnvironment());
    }

    /** A password for Spring Boot's user, and the actuator on a port of its own. */
    public static boolean isOn(Environment environment) {
        String password = environment.getProperty("spring.security.user.password", "");
        return !password.isBlank() && ManagementPortType.get(environment) == ManagementPortType.DIFFERENT;
    }
}
