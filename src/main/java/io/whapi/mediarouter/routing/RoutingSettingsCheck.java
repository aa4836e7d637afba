package io.whapi.mediarouter.routing;

import io.whapi.mediarouter.config.MediaProperties;
import io.whapi.mediarouter.config.MediaSettingsCheck;
import io.whapi.mediarouter.intake.MediaTypes;
import java.util.List;

/** The routing table and the example rule's sinks: known media types, defined sinks. */
public class RoutingSettingsCheck implements MediaSettingsCheck {

    @Override
    public void check(MediaProperties media, List<String> problems) {
        media.getRouting().forEach((type, sinks) -> {
            if (!type.equals("default") && !MediaTypes.ALL.contains(type)) {
                problems.add("media.routing." + type + " names no media type. Use one of " + MediaTypes.ALL
                        + " or 'default'.");
            } else {
                sinksProblem("media.routing." + type, sinks, media, problems);
            }
        });
        sinksProblem(
                "media.rules.large-document.sinks",
                media.getRules().getLargeDocument().getSinks(),
                media,
                problems);
    }

    private static void sinksProblem(String property, String sinks, MediaProperties media, List<String> problems) {
        if (sinks == null || sinks.isBlank()) {
            problems.add(
                    property + " is empty. Name one or more sinks, comma-separated, or 'none' to skip these media.");
            return;
        }
        for (String sink : sinks.split(",")) {
            String name = sink.trim();
            if (!name.equals(RoutingTable.NO_SINK) && !media.getSinks().containsKey(name)) {
                problems.add(property + " names sink '" + name + "', but no sink of that name is defined."
                        + " Define media.sinks." + name + ".uri (env MEDIA_SINKS_" + name.toUpperCase()
                        + "_URI) or fix the name.");
            }
        }
    }
}
