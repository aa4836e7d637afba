package io.whapi.mediarouter.sinks;

import io.whapi.mediarouter.config.EndpointUris;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One kind of storage, as its route template declares it ({@code routes/5x-sink-*.camel.yaml} or a
 * file in {@code media.extra-routes-dir}); see {@link SinkKinds} for the parameters it reads.
 *
 * @param templateId     the template that stores into a sink of this kind, {@code sink-<kind>}
 * @param schemes        the URI schemes it serves
 * @param safeOptions    per scheme ({@code *} for all), the options added when the URI does not set them
 * @param leftOutWhenSet an option the URI sets, to the safe option it makes unneeded
 * @param refused        {@code option=value} to why the kind refuses it
 * @param location       where a stored media is, {@code field=pattern&...}
 * @param healthTemplate the template that probes a sink of this kind, or null when it has none
 * @param deleteTemplate the template that deletes a media (binary and sidecar) from a sink of this
 *                       kind, for erasure and retention, or null when the kind cannot delete
 */
public record SinkKind(
        String templateId,
        Set<String> schemes,
        Map<String, String> safeOptions,
        Map<String, String> leftOutWhenSet,
        Map<String, String> refused,
        String location,
        String healthTemplate,
        String deleteTemplate) {

    /** The URI with the kind's safe options its scheme takes, each only where the URI is silent. */
    public String withSafeOptions(String uri, Map<String, Object> given) {
        String scheme = EndpointUris.scheme(uri);
        Map<String, String> defaults = new LinkedHashMap<>();
        safeOptions.forEach((forSchemes, options) -> {
            if (forSchemes.equals("*") || List.of(forSchemes.split(",")).contains(scheme)) {
                defaults.putAll(EndpointUris.query(options));
            }
        });
        leftOutWhenSet.forEach((set, leftOut) -> {
            if (given.containsKey(set)) {
                defaults.remove(leftOut);
            }
        });
        return EndpointUris.withDefaults(uri, given, defaults);
    }

    /** The {@code option=value} the URI sets that the kind refuses, with why; null when none. */
    public Map.Entry<String, String> refusal(Map<String, Object> given) {
        for (Map.Entry<String, String> refusedOption : refused.entrySet()) {
            String[] option = refusedOption.getKey().split("=", 2);
            if (given.containsKey(option[0])
                    && String.valueOf(given.get(option[0])).equalsIgnoreCase(option[1])) {
                return refusedOption;
            }
        }
        return null;
    }

    /**
     * Where the media stored under this key is in the sink of this URI, by the location pattern:
     * {@code {scheme}}, {@code {host}} (no user), {@code {root}} (what follows the scheme, no
     * query), {@code {path}} and {@code {path/}} (after the host), {@code {localPath/}} (the root
     * as an absolute local folder) and {@code {key}}. Never a user, a password or a query option.
     */
    public Map<String, Object> locate(String uri, String key) {
        SinkUri parts = SinkUri.of(uri);
        String path = parts.path();
        String values = location.replace("{scheme}", parts.scheme())
                .replace("{host}", parts.host())
                .replace("{root}", parts.root())
                .replace("{path/}", path.isEmpty() ? "" : path + "/")
                .replace("{path}", path)
                .replace("{key}", key);
        if (values.contains("{localPath/}")) {
            String folder =
                    Path.of(parts.afterSlashes()).toAbsolutePath().normalize().toString();
            values = values.replace("{localPath/}", folder.endsWith("/") ? folder : folder + "/");
        }
        return new LinkedHashMap<>(EndpointUris.query(values));
    }
}
