package io.whapi.mediarouter.routing;

import io.whapi.mediarouter.MediaTypes;
import java.util.List;

/**
 * The routing table's media types, checked while RoutingProperties is bound. The sinks it and
 * the rules name are checked once the sinks are known too (RoutingRulesCheck).
 */
class RoutingSettingsCheck {

    void check(RoutingProperties media, List<String> problems) {
        media.getRouting().forEach((type, sinks) -> {
            if (!type.equals("default") && !MediaTypes.ALL.contains(type)) {
                problems.add("media.routing." + type + " names no media type. Use one of " + MediaTypes.ALL
                        + " or 'default'.");
            } else if (sinks == null || sinks.isBlank()) {
                problems.add("media.routing." + type
                        + " is empty. Name one or more sinks, comma-separated, or 'none' to skip these media.");
            }
        });
        String ruleSinks = media.getRules().getLargeDocument().getSinks();
        if (ruleSinks == null || ruleSinks.isBlank()) {
            problems.add("media.rules.large-document.sinks is empty. Name one or more sinks, comma-separated, or"
                    + " 'none' to skip these media.");
        }
    }
}
