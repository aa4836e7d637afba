package io.whapi.mediarouter.sinks;

import io.whapi.mediarouter.config.EndpointUris;
import io.whapi.mediarouter.config.MediaProperties;
import java.net.URISyntaxException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.apache.camel.spi.RouteTemplateParameterSource;
import org.springframework.stereotype.Component;

/**
 * Turns {@code media.sinks.<name>.uri} into one route per sink, {@code direct:sink-<name>}, made
 * from the route template of the URI's scheme ({@code routes/50-sink-file.camel.yaml},
 * {@code routes/51-sink-s3.camel.yaml}). Camel finds this bean in the registry and creates the
 * routes at startup; a sink is configuration, never a class of its own. The settings were
 * checked when they were bound ({@link MediaProperties}); this adds the options that keep media
 * intact when a URI forgets them.
 */
@Component
public class SinkRoutes implements RouteTemplateParameterSource {

    private final Map<String, Map<String, Object>> routes = new LinkedHashMap<>();

    public SinkRoutes(MediaProperties properties) {
        properties.getSinks().forEach((name, sink) -> routes.put("sink-" + name, parameters(name, sink, properties)));
    }

    /** Each sink's name and its endpoint URI as the route uses it (safe defaults added). */
    public Map<String, String> sinkUris() {
        Map<String, String> uris = new LinkedHashMap<>();
        routes.values().forEach(p -> uris.put((String) p.get("name"), (String) p.get("uri")));
        return uris;
    }

    private static Map<String, Object> parameters(String name, MediaProperties.Sink sink, MediaProperties properties) {
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put(TEMPLATE_ID, sink.template());
        parameters.put("name", name);
        parameters.put("uri", withSafeDefaults(sink, properties));
        if (sink.template().equals("sink-file")) {
            parameters.put("takesLink", String.valueOf(sink.scheme().equals("file")));
        }
        return parameters;
    }

    /**
     * The URI with the options its scheme needs to store media safely, each added only when the
     * user's URI does not set it. What the user wrote otherwise stays as written (RAW(...) too).
     */
    public static String withSafeDefaults(MediaProperties.Sink sink, MediaProperties properties) {
        Map<String, Object> given;
        try {
            given = sink.options();
        } catch (URISyntaxException e) {
            throw new IllegalStateException("checked when the settings were bound", e);
        }
        String scheme = sink.scheme();
        Map<String, String> defaults = new LinkedHashMap<>();
        switch (scheme) {
            case "file", "ftp", "ftps", "sftp" -> {
                if (!given.containsKey("tempFileName")) {
                    // written under a temporary name, then renamed: no reader sees half a file
                    defaults.put("tempPrefix", ".inprogress-");
                }
                // a retry or a redelivery rewrites the same key, never a second file (not
                // TryRename: Apache FtpServer's rename, for one, refuses to replace a file)
                defaults.put("fileExist", "Override");
                if (!scheme.equals("file")) {
                    // Override asks twice per upload whether a name exists: ask for that one name,
                    // not for a listing of the whole folder, which holds a day's media
                    defaults.put("fastExistsCheck", "true");
                    // Camel otherwise changes into each folder of the key, one CWD a level, and
                    // back, around every upload: uploading with the path costs none of those
                    // round trips. Set stepwise=true for a server that refuses paths.
                    defaults.put("stepwise", "false");
                }
                if (scheme.equals("ftp") || scheme.equals("ftps")) {
                    // camel-ftp defaults to ASCII (corrupts media; binary=false is refused when the
                    // settings are bound) and to active mode (fails behind NAT)
                    defaults.put("binary", "true");
                    defaults.put("passiveMode", "true");
                    // A server that never answers an upload's last reply held the worker (and its
                    // media) for Camel's 5 minutes; a minute is ample for a server to confirm a
                    // file it has received, and the sink's retry then starts over.
                    defaults.put("soTimeout", "60000");
                }
            }
            case "aws2-s3" -> {
                // a File body streams from disk; over the part size it goes up as multipart
                defaults.put("multiPartUpload", "true");
                defaults.put(
                        "partSize",
                        String.valueOf(
                                properties.getS3().getMultipartThreshold().toBytes()));
                // With no fileName, camel-aws2-s3 asks the store for the bucket when the route
                // starts, so a store that is down would keep the whole connector (and its intake)
                // from starting. Every message sets its own key header, which wins over this name.
                defaults.put("fileName", "unkeyed-media");
            }
            default -> {}
        }
        return EndpointUris.withDefaults(sink.getUri(), given, defaults);
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
