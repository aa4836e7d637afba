package io.whapi.mediarouter.config;

import io.whapi.mediarouter.events.StandardWebhooks;
import io.whapi.mediarouter.intake.MediaTypes;
import io.whapi.mediarouter.routing.RoutingTable;
import io.whapi.mediarouter.sinks.StorageKeys;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The checks of the media settings as a whole, made while they are bound, so that a typo stops
 * startup with one line naming the key and the fix instead of failing the first message. A
 * problem never quotes a sink URI: it can hold a password.
 */
final class MediaSettingsCheck {

    private static final Pattern SINK_NAME = Pattern.compile("[a-z0-9]+");

    private MediaSettingsCheck() {}

    static List<String> problems(MediaProperties media) {
        List<String> problems = new ArrayList<>();
        media.getSinks().forEach((name, sink) -> sinkProblem(name, sink, problems));
        media.getEvents().forEach((name, events) -> eventSinkProblem(name, events, problems));
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
        String keyTemplateProblem = StorageKeys.templateProblem(media.getKeyTemplate());
        if (keyTemplateProblem != null) {
            problems.add(keyTemplateProblem);
        }
        return problems;
    }

    private static void sinkProblem(String name, MediaProperties.Sink sink, List<String> problems) {
        if (!SINK_NAME.matcher(name).matches()) {
            problems.add("Sink name '" + name + "' is not lower-case letters and digits."
                    + " Rename it, so that MEDIA_SINKS_<NAME>_URI can set it from the environment.");
            return;
        }
        String uri = sink.getUri();
        if (uri == null || uri.isBlank()) {
            problems.add("Sink '" + name + "' has no URI. Set media.sinks." + name + ".uri (env MEDIA_SINKS_"
                    + name.toUpperCase() + "_URI), e.g. file:/var/media.");
            return;
        }
        // whether a kind serves its scheme, and takes its options, is checked when the routes are
        // built (SinkRoutes): the kinds are route templates
        try {
            sink.options();
        } catch (URISyntaxException e) {
            problems.add("Sink '" + name + "' has a malformed URI query. Fix media.sinks." + name
                    + ".uri (wrap secrets in RAW(...)).");
        }
    }

    private static void eventSinkProblem(String name, MediaProperties.EventSink events, List<String> problems) {
        if (!SINK_NAME.matcher(name).matches()) {
            problems.add("Event sink name '" + name + "' is not lower-case letters and digits."
                    + " Rename it, so that MEDIA_EVENTS_<NAME>_URI can set it from the environment.");
            return;
        }
        String uri = events.getUri();
        String env = "MEDIA_EVENTS_" + name.toUpperCase();
        if (uri == null || uri.isBlank()) {
            problems.add("Event sink '" + name + "' has no URI. Set media.events." + name + ".uri (env " + env
                    + "_URI), e.g. kafka:whapi.media.events, jms:queue:whapi.media.events or https://host/hook.");
            return;
        }
        // Camel finds a component by this file; without it the route could not start
        String scheme = events.scheme();
        if (scheme.isEmpty()
                || MediaSettingsCheck.class
                                .getClassLoader()
                                .getResource("META-INF/services/org/apache/camel/component/" + scheme)
                        == null) {
            problems.add("Event sink '" + name + "' has a URI scheme '" + scheme + "' that no Camel component here"
                    + " handles. Set media.events." + name + ".uri to a kafka:, jms:, http: or https: URI.");
            return;
        }
        if (events.signed()) {
            if (!scheme.equals("http") && !scheme.equals("https")) {
                problems.add("Event sink '" + name + "' has a secret, but only http: and https: event sinks are"
                        + " signed. Remove media.events." + name + ".secret or use an http(s) URI.");
            } else if (StandardWebhooks.key(events.getSecret()) == null) {
                problems.add("media.events." + name + ".secret is not a Standard Webhooks secret. Set it (env " + env
                        + "_SECRET) to whsec_ followed by the Base64 of a random key of 24 to 64 bytes.");
            }
        }
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
