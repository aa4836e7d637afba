package io.whapi.mediarouter.intake;

import io.whapi.mediarouter.config.EndpointUris;
import io.whapi.mediarouter.config.WhapiProperties;
import java.net.URISyntaxException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.apache.camel.spi.RouteTemplateParameterSource;
import org.springframework.stereotype.Component;

/**
 * Turns {@code whapi.intake.<name>.uri} into one route per broker intake, from the template in
 * routes/11-broker-intake.camel.yaml. Adds to the URI what makes a record acknowledged only once
 * its media messages are durably queued, each option only when the URI does not set it: for
 * Kafka a manual commit after the work and no skipping past a failure; for JMS a local
 * transaction, committed when the work is done and rolled back (redelivered) when it fails.
 */
@Component
public class BrokerIntakes implements RouteTemplateParameterSource {

    private final Map<String, Map<String, Object>> routes = new LinkedHashMap<>();

    public BrokerIntakes(WhapiProperties whapi) {
        whapi.getIntake().forEach((name, intake) -> {
            Map<String, Object> parameters = new LinkedHashMap<>();
            parameters.put(TEMPLATE_ID, "broker-intake");
            parameters.put("name", name);
            parameters.put("kind", intake.kind());
            parameters.put("uri", withSafeDefaults(intake));
            routes.put("broker-intake-" + name, parameters);
        });
    }

    static String withSafeDefaults(WhapiProperties.BrokerIntake intake) {
        String uri = intake.getUri();
        Map<String, Object> given;
        try {
            given = EndpointUris.options(uri);
        } catch (URISyntaxException e) {
            return uri;
        }
        Map<String, String> defaults = new LinkedHashMap<>();
        if ("kafka".equals(intake.kind())) {
            defaults.put("groupId", "whapi-media-router-intake");
            // a group that joins later still takes what the ESB produced before
            defaults.put("autoOffsetReset", "earliest");
            // committed by the route once the webhook's media are queued, never before, never past a failure
            defaults.put("autoCommitEnable", "false");
            defaults.put("allowManualCommit", "true");
            defaults.put("breakOnFirstError", "true");
            defaults.put("maxPollRecords", "20");
        } else if (!given.containsKey("acknowledgementModeName") && !given.containsKey("acknowledgementMode")) {
            defaults.put("transacted", "true");
        }
        return EndpointUris.withDefaults(uri, given, defaults);
    }

    @Override
    public Set<String> routeIds() {
        return routes.keySet();
    }

    @Override
    public Map<String, Object> parameters(String routeId) {
        return routes.get(routeId);
    }
}
