package io.whapi.mediarouter.sinks;

import java.net.URISyntaxException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import io.whapi.mediarouter.webhook.MediaTypes;
import org.apache.camel.spi.RouteTemplateParameterSource;
import org.apache.camel.util.URISupport;
import org.springframework.stereotype.Component;

/**
 * Turns {@code media.sinks.<name>.uri} into one route per sink, {@code direct:sink-<name>}, made
 * from the route template of the URI's scheme (see {@code routes/5?-sink-*.camel.yaml: 50-sink-file, 51-sink-s3}). Camel
 * finds this bean in the registry and creates the routes at startup; a sink is configuration,
 * never a class of its own. Checks the whole sink and routing setup first, so a typo stops
 * startup with one line instead of failing the first message, and adds the options that keep
 * media intact when a URI forgets them.
 */
@Component
public class SinkRoutes implements RouteTemplateParameterSource {

    /** URI scheme to the route template that stores into it. */
    private static final Map<String, String> TEMPLATES = Map.of(
            "file", "sink-file",
            "ftp", "sink-file",
            "ftps", "sink-file",
            "sftp", "sink-file",
            "aws2-s3", "sink-s3");

    private static final Pattern SINK_NAME = Pattern.compile("[a-z0-9]+");
    private static final String NO_SINK = "none";

    private final Map<String, Map<String, Object>> routes = new LinkedHashMap<>();

    public SinkRoutes(MediaProperties properties) {
        properties.getSinks().forEach((name, sink) -> routes.put("sink-" + name, parameters(name, sink, properties)));
        properties.getRouting().forEach((type, sinks) -> {
            if (!type.equals("default") && !MediaTypes.ALL.contains(type)) {
                throw new SinkConfigurationException("media.routing." + type + " names no media type",
                        "Use one of " + MediaTypes.ALL + " or 'default'.");
            }
            checkSinksExist("media.routing." + type, sinks, properties);
        });
        checkSinksExist("media.rules.large-document.sinks", properties.getRules().getLargeDocument().getSinks(), properties);
    }

    /** Each sink's name and its endpoint URI as the route uses it (safe defaults added). */
    public Map<String, String> sinkUris() {
        Map<String, String> uris = new LinkedHashMap<>();
        routes.values().forEach(p -> uris.put((String) p.get("name"), (String) p.get("uri")));
        return uris;
    }

    private static Map<String, Object> parameters(String name, MediaProperties.Sink sink, MediaProperties properties) {
        if (!SINK_NAME.matcher(name).matches()) {
            throw new SinkConfigurationException("Sink name '" + name + "' is not lower-case letters and digits",
                    "Rename it, so that MEDIA_SINKS_<NAME>_URI can set it from the environment.");
        }
        String uri = sink.getUri();
        String scheme = uri == null ? "" : scheme(uri);
        String template = TEMPLATES.get(scheme);
        if (template == null) {
            // the URI may carry credentials: name the sink and the scheme, never the URI
            throw new SinkConfigurationException("Sink '" + name + "' has "
                    + (uri == null || uri.isBlank() ? "no URI" : "an unsupported URI scheme '" + scheme + "'"),
                    "Set media.sinks." + name + ".uri to a URI with one of the schemes " + new TreeSet<>(TEMPLATES.keySet()) + ".");
        }
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put(TEMPLATE_ID, template);
        parameters.put("name", name);
        parameters.put("uri", withSafeDefaults(name, scheme, uri, properties));
        if (template.equals("sink-file")) {
            parameters.put("takesLink", String.valueOf(scheme.equals("file")));
        }
        return parameters;
    }

    /**
     * The URI with the options this scheme needs to store media safely, each added only when the
     * user's URI does not set it. What the user wrote otherwise stays as written (RAW(...) too).
     */
    public static String withSafeDefaults(String name, String scheme, String uri, MediaProperties properties) {
        Map<String, Object> given = query(name, uri);
        Map<String, String> defaults = new LinkedHashMap<>();
        switch (scheme) {
            case "file", "ftp", "ftps", "sftp" -> {
                if (!given.containsKey("tempFileName")) {
                    // written under a temporary name, then renamed: no reader sees half a file
                    defaults.put("tempPrefix", ".inprogress-");
                }
                // a retry or a redelivery rewrites the same key, never a second file
                defaults.put("fileExist", "Override");
                if (!scheme.equals("file") && !scheme.equals("sftp")) {
                    // camel-ftp defaults to ASCII (corrupts media) and active mode (fails behind NAT)
                    if ("false".equalsIgnoreCase(String.valueOf(given.get("binary")))) {
                        throw new SinkConfigurationException("Sink '" + name + "' asks for FTP ASCII mode (binary=false), which corrupts media",
                                "Remove binary=false from media.sinks." + name + ".uri.");
                    }
                    defaults.put("binary", "true");
                    defaults.put("passiveMode", "true");
                }
            }
            case "aws2-s3" -> {
                // a File body streams from disk; over the part size it goes up as multipart
                defaults.put("multiPartUpload", "true");
                defaults.put("partSize", String.valueOf(properties.getS3().getMultipartThreshold()));
                // With no fileName, camel-aws2-s3 asks the store for the bucket when the route
                // starts, so a store that is down would keep the whole connector (and its intake)
                // from starting. Every message sets its own key header, which wins over this name.
                defaults.put("fileName", "unkeyed-media");
            }
            default -> {
            }
        }
        StringBuilder result = new StringBuilder(uri);
        defaults.forEach((option, value) -> {
            if (!given.containsKey(option)) {
                result.append(result.indexOf("?") < 0 ? '?' : '&').append(option).append('=').append(value);
            }
        });
        return result.toString();
    }

    private static Map<String, Object> query(String name, String uri) {
        int question = uri.indexOf('?');
        try {
            return question < 0 ? Map.of() : URISupport.parseQuery(uri.substring(question + 1), false, true);
        } catch (URISyntaxException e) {
            throw new SinkConfigurationException("Sink '" + name + "' has a malformed URI query",
                    "Fix media.sinks." + name + ".uri (wrap secrets in RAW(...)).");
        }
    }

    private static void checkSinksExist(String property, String sinks, MediaProperties properties) {
        if (sinks == null || sinks.isBlank()) {
            throw new SinkConfigurationException(property + " is empty",
                    "Name one or more sinks, comma-separated, or 'none' to skip these media.");
        }
        for (String sink : sinks.split(",")) {
            String name = sink.trim();
            if (!name.equals(NO_SINK) && !properties.getSinks().containsKey(name)) {
                throw new SinkConfigurationException(property + " names sink '" + name + "', but no sink of that name is defined",
                        "Define media.sinks." + name + ".uri (env MEDIA_SINKS_" + name.toUpperCase() + "_URI) or fix the name.");
            }
        }
    }

    private static String scheme(String uri) {
        int colon = uri.indexOf(':');
        return colon < 0 ? "" : uri.substring(0, colon);
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
