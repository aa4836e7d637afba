package io.whapi.mediarouter.sinks;

import java.net.URISyntaxException;
import java.util.List;
import java.util.regex.Pattern;

/** The sinks' names and URIs, and the key template every sink stores under: checked while SinkProperties is bound. */
class SinkSettingsCheck {

    static final Pattern SINK_NAME = Pattern.compile("[a-z0-9]+");

    void check(SinkProperties media, List<String> problems) {
        media.getSinks().forEach((name, sink) -> sinkProblem(name, sink, problems));
        String keyTemplateProblem = StorageKeys.templateProblem(media.getKeyTemplate());
        if (keyTemplateProblem != null) {
            problems.add(keyTemplateProblem);
        }
    }

    private static void sinkProblem(String name, SinkProperties.Sink sink, List<String> problems) {
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
}
