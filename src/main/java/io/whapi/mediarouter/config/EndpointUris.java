package io.whapi.mediarouter.config;

import java.net.URISyntaxException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.camel.util.URISupport;

/**
 * Camel endpoint URIs as the settings give them (sinks, event sinks, broker intakes): their
 * scheme, their options, and the options the connector adds when the URI does not set them.
 * What the user wrote stays as written (RAW(...) too).
 */
public final class EndpointUris {

    private EndpointUris() {}

    /** The URI's scheme, or "" when it has none. */
    public static String scheme(String uri) {
        int colon = uri == null ? -1 : uri.indexOf(':');
        return colon < 0 ? "" : uri.substring(0, colon);
    }

    /** The options of the URI's query, RAW(...) values kept as written. */
    public static Map<String, Object> options(String uri) throws URISyntaxException {
        int question = uri.indexOf('?');
        return question < 0 ? Map.of() : URISupport.parseQuery(uri.substring(question + 1), false, true);
    }

    /**
     * {@code name=value&...} as written in a template's parameter, in its order: no decoding, no
     * RAW(...), the values are the template author's, not a user's.
     */
    public static Map<String, String> query(String options) {
        Map<String, String> result = new LinkedHashMap<>();
        for (String option : options.trim().split("&")) {
            if (!option.isBlank()) {
                String[] pair = option.split("=", 2);
                result.put(pair[0].trim(), pair.length < 2 ? "" : pair[1].trim());
            }
        }
        return result;
    }

    /** The URI with each of these options appended, unless the URI sets it already. */
    public static String withDefaults(String uri, Map<String, Object> given, Map<String, String> defaults) {
        StringBuilder result = new StringBuilder(uri);
        defaults.forEach((option, value) -> {
            if (!given.containsKey(option)) {
                result.append(result.indexOf("?") < 0 ? '?' : '&')
                        .append(option)
                        .append('=')
                        .append(value);
            }
        });
        return result.toString();
    }
}
