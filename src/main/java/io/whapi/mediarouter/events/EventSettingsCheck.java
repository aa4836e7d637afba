package io.whapi.mediarouter.events;

import java.util.List;
import java.util.regex.Pattern;

/** The event sinks' names, URIs and signing secrets, checked while EventProperties is bound. */
class EventSettingsCheck {

    private static final Pattern SINK_NAME = Pattern.compile("[a-z0-9]+");

    void check(EventProperties media, List<String> problems) {
        media.getEvents().forEach((name, events) -> eventSinkProblem(name, events, problems));
    }

    private static void eventSinkProblem(String name, EventProperties.EventSink events, List<String> problems) {
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
                || EventSettingsCheck.class
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
}
