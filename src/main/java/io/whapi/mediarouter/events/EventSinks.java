package io.whapi.mediarouter.events;

import io.whapi.mediarouter.config.EndpointUris;
import java.net.URISyntaxException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.apache.camel.spi.RouteTemplateParameterSource;
import org.springframework.stereotype.Component;

/**
 * Turns {@code media.events.<name>.uri} into two routes per event sink: {@code direct:event-<name>}
 * from the template in routes/55-event-sink.camel.yaml (as SinkRoutes does for media sinks), and
 * its publisher {@code event-publisher-<name>}, which delivers what the outbox holds for it
 * (routes/45-media-events.camel.yaml). Adds to a Kafka URI what keeps an event from being lost or
 * published twice by the producer, and timeouts that fail an attempt instead of blocking its
 * publisher for minutes.
 */
@Component
public class EventSinks implements RouteTemplateParameterSource {

    private final Map<String, Map<String, Object>> routes = new LinkedHashMap<>();

    public EventSinks(EventProperties media) {
        media.getEvents().forEach((name, events) -> {
            routes.put("event-sink-" + name, parameters(name, events));
            // the outbox's publisher for this event sink
            routes.put("event-publisher-" + name, Map.of(TEMPLATE_ID, "event-publisher", "name", name));
        });
    }

    public boolean any() {
        return !routes.isEmpty();
    }

    private static Map<String, Object> parameters(String name, EventProperties.EventSink events) {
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put(TEMPLATE_ID, "event-sink");
        parameters.put("name", name);
        String scheme = events.scheme();
        parameters.put("kind", scheme.equals("kafka") ? "kafka" : scheme.startsWith("http") ? "http" : scheme);
        parameters.put("signed", String.valueOf(events.signed()));
        parameters.put("uri", withSafeDefaults(events));
        return parameters;
    }

    static String withSafeDefaults(EventProperties.EventSink events) {
        if (!events.scheme().equals("kafka")) {
            return events.getUri();
        }
        Map<String, Object> given;
        try {
            given = EndpointUris.options(events.getUri());
        } catch (URISyntaxException e) {
            return events.getUri();
        }
        Map<String, String> defaults = new LinkedHashMap<>();
        // written to every in-sync replica, and a producer retry writes no second record
        defaults.put("requestRequiredAcks", "all");
        defaults.put("enableIdempotence", "true");
        // an attempt that the broker does not answer fails within seconds and is retried
        // (media.event-retry), instead of blocking up to the producer's 60 s and 120 s
        defaults.put("maxBlockMs", "10000");
        defaults.put("requestTimeoutMs", "10000");
        defaults.put("deliveryTimeoutMs", "20000");
        return EndpointUris.withDefaults(events.getUri(), given, defaults);
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
