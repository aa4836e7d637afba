package io.whapi.mediarouter.routing;

import io.whapi.mediarouter.MediaVariables;
import java.util.Map;
import org.apache.camel.Variable;
import org.springframework.stereotype.Component;

/**
 * The routing table, {@code media.routing.<type>}: the sinks a media type goes to, falling back
 * to {@code media.routing.default}. Looked up once per message by the router; adding a media
 * type needs no change here or in the routes.
 */
@Component
public class RoutingTable {

    /** The routing value that stores a type nowhere. */
    public static final String NO_SINK = "none";

    private final Map<String, String> routing;
    private final String fallback;

    public RoutingTable(RoutingProperties media) {
        this.routing = Map.copyOf(media.getRouting());
        this.fallback = routing.getOrDefault("default", NO_SINK);
    }

    /** Comma-separated sink names for this media type, or {@code none}. */
    public String sinksFor(@Variable(MediaVariables.MEDIA_TYPE) String type) {
        return routing.getOrDefault(type, fallback).trim();
    }
}
