package io.whapi.mediarouter.sinks;

import io.whapi.mediarouter.config.ConfigurationProblem;
import java.net.URISyntaxException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.apache.camel.spi.RouteTemplateParameterSource;
import org.springframework.stereotype.Component;

/**
 * Turns {@code media.sinks.<name>.uri} into one route per sink, {@code direct:sink-<name>}, made
 * from the route template of its kind ({@link SinkKinds}: the URI's scheme picks it), and, when
 * the kind has a health template, one probe route {@code direct:sink-health-<name>} (and so for a
 * delete template, {@code direct:sink-delete-<name>}). Camel finds
 * this bean in the registry and creates the routes when it starts, once the route files are read;
 * a sink is configuration, never a class of its own. A URI whose scheme no kind serves, or that
 * sets an option its kind refuses, stops startup here with one line naming the key.
 */
@Component
public class SinkRoutes implements RouteTemplateParameterSource {

    static final String HEALTH_ROUTE_PREFIX = "sink-health-";
    static final String DELETE_ROUTE_PREFIX = "sink-delete-";

    private final SinkProperties media;
    private final SinkKinds kinds;
    private volatile Map<String, Map<String, Object>> routes;

    public SinkRoutes(SinkProperties media, SinkKinds kinds) {
        this.media = media;
        this.kinds = kinds;
    }

    /** Each sink's name and its endpoint URI as the route uses it (safe options added). */
    public Map<String, String> sinkUris() {
        Map<String, String> uris = new LinkedHashMap<>();
        media.getSinks().forEach((name, sink) -> uris.put(name, sinkUri(name)));
        return uris;
    }

    /** One sink's endpoint URI as its route uses it, or null when there is no sink of that name. */
    public String sinkUri(String sink) {
        Map<String, Object> route = routes().get("sink-" + sink);
        return route == null ? null : (String) route.get("uri");
    }

    /** The endpoint that probes the sink for its health, or null when its kind has no probe. */
    public String healthEndpoint(String sink) {
        return routes().containsKey(HEALTH_ROUTE_PREFIX + sink) ? "direct:" + HEALTH_ROUTE_PREFIX + sink : null;
    }

    /** The endpoint that deletes a media from the sink, or null when its kind cannot delete. */
    public String deleteEndpoint(String sink) {
        return routes().containsKey(DELETE_ROUTE_PREFIX + sink) ? "direct:" + DELETE_ROUTE_PREFIX + sink : null;
    }

    @Override
    public Set<String> routeIds() {
        return routes().keySet();
    }

    @Override
    public Map<String, Object> parameters(String routeId) {
        return routes().get(routeId);
    }

    private Map<String, Map<String, Object>> routes() {
        Map<String, Map<String, Object>> built = routes;
        if (built == null) {
            built = new LinkedHashMap<>();
            for (Map.Entry<String, SinkProperties.Sink> sink : media.getSinks().entrySet()) {
                String name = sink.getKey();
                Map<String, Object> given = options(sink.getValue());
                SinkKind kind = kindOf(name, sink.getValue(), given);
                String uri = kind.withSafeOptions(sink.getValue().getUri(), given);
                built.put("sink-" + name, parameters(kind.templateId(), name, uri));
                if (kind.healthTemplate() != null) {
                    built.put(HEALTH_ROUTE_PREFIX + name, parameters(kind.healthTemplate(), name, uri));
                }
                if (kind.deleteTemplate() != null) {
                    built.put(DELETE_ROUTE_PREFIX + name, parameters(kind.deleteTemplate(), name, uri));
                }
            }
            routes = built;
        }
        return built;
    }

    private SinkKind kindOf(String name, SinkProperties.Sink sink, Map<String, Object> given) {
        String key = "media.sinks." + name + ".uri (env MEDIA_SINKS_" + name.toUpperCase() + "_URI)";
        SinkKind kind = kinds.forScheme(sink.scheme());
        if (kind == null) {
            // never the URI itself: it can hold a password
            throw new ConfigurationProblem(
                    "Sink '" + name + "' has an unsupported URI scheme '" + sink.scheme() + "'. Set " + key
                            + " to a URI with one of the schemes " + kinds.schemes() + ".",
                    "Use one of " + kinds.schemes() + ", or add a kind for '" + sink.scheme()
                            + "': a route template sink-<kind> in media.extra-routes-dir (docs/sinks-and-routing.md).");
        }
        Map.Entry<String, String> refusal = kind.refusal(given);
        if (refusal != null) {
            String remove = "Remove " + refusal.getKey() + " from media.sinks." + name + ".uri.";
            throw new ConfigurationProblem(
                    "Sink '" + name + "' asks for " + refusal.getValue() + ". " + remove, remove);
        }
        return kind;
    }

    private static Map<String, Object> options(SinkProperties.Sink sink) {
        try {
            return sink.options();
        } catch (URISyntaxException e) {
            throw new IllegalStateException("checked when the settings were bound", e);
        }
    }

    private static Map<String, Object> parameters(String templateId, String name, String uri) {
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put(TEMPLATE_ID, templateId);
        parameters.put("name", name);
        parameters.put("uri", uri);
        return parameters;
    }
}
