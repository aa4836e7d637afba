package io.whapi.mediarouter.sinks;

import java.util.stream.Stream;
import org.apache.camel.FailedToCreateRouteException;
import org.apache.camel.util.URISupport;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * A sink route that Camel cannot create (an option the component does not know, a bad value)
 * stops startup with one line naming the sink, its URI's secrets masked.
 */
class SinkRouteFailureAnalyzer extends AbstractFailureAnalyzer<FailedToCreateRouteException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, FailedToCreateRouteException cause) {
        String routeId = cause.getRouteId();
        if (routeId == null || !routeId.startsWith("sink-")) {
            return null;
        }
        Throwable root = cause;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        // its store, probe or delete route: the sink's name follows the route's prefix
        String prefix = Stream.of(SinkRoutes.HEALTH_ROUTE_PREFIX, SinkRoutes.DELETE_ROUTE_PREFIX)
                .filter(routeId::startsWith)
                .findFirst()
                .orElse("sink-");
        String sink = routeId.substring(prefix.length());
        return new FailureAnalysis(
                "Sink '" + sink + "' cannot start: " + URISupport.sanitizeUri(root.getMessage()),
                "Fix media.sinks." + sink + ".uri (env MEDIA_SINKS_" + sink.toUpperCase() + "_URI).",
                cause);
    }
}
