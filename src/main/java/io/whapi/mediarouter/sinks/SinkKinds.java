package io.whapi.mediarouter.sinks;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.camel.CamelContext;
import org.apache.camel.model.ModelCamelContext;
import org.apache.camel.model.RouteTemplateDefinition;
import org.apache.camel.model.RouteTemplateParameterDefinition;
import org.springframework.stereotype.Component;

/**
 * The kinds of storage there are: every route template whose id is {@code sink-<kind>}, packaged
 * ({@code routes/}) or in {@code media.extra-routes-dir}, read from Camel's model once the route
 * files are read. A sink's URI scheme picks its kind. What is particular to a kind is in its
 * template file, as parameters with a default value, never in Java:
 * <ul>
 *   <li>{@code schemes}: the URI schemes it serves, comma-separated (default: the kind's name);
 *   <li>{@code safeOptions}: lines of {@code <schemes or *>: <option=value&...>}, added to a URI
 *       that does not set them (property placeholders allowed);
 *   <li>{@code leftOutWhenSet}: lines of {@code <option>: <safe option>}, the safe option left
 *       out when the URI sets the other, which does its job;
 *   <li>{@code refusedOptions}: lines of {@code <option=value>: <why>}, a value that stops startup;
 *   <li>{@code location}: where a stored media is, for sidecars, provenance and events
 *       ({@link SinkKind#locate}).
 * </ul>
 * A template {@code sink-<kind>-health} beside it probes a sink of that kind for
 * {@code /actuator/health}; a template {@code sink-<kind>-delete} deletes a media from one, for
 * erasures and retention (given variable {@code mediaKey}, it leaves variable {@code deleted}
 * true, or false when the sink had neither the binary nor its sidecar).
 */
@Component
public class SinkKinds {

    static final String TEMPLATE_PREFIX = "sink-";
    static final String HEALTH_SUFFIX = "-health";
    static final String DELETE_SUFFIX = "-delete";
    /** The parameters that declare the kind, read by the connector; the others are the routes'. */
    static final Set<String> DECLARATIONS =
            Set.of("schemes", "safeOptions", "leftOutWhenSet", "refusedOptions", "location");

    private final CamelContext camel;
    private volatile Map<String, SinkKind> byScheme;

    public SinkKinds(CamelContext camel) {
        this.camel = camel;
    }

    /** The kind serving this URI scheme, or null when no template serves it. */
    public SinkKind forScheme(String scheme) {
        return byScheme().get(scheme);
    }

    /** Every scheme a kind serves, sorted. */
    public Set<String> schemes() {
        return new TreeSet<>(byScheme().keySet());
    }

    private Map<String, SinkKind> byScheme() {
        Map<String, SinkKind> kinds = byScheme;
        if (kinds == null) {
            kinds = read();
            byScheme = kinds;
        }
        return kinds;
    }

    private Map<String, SinkKind> read() {
        List<RouteTemplateDefinition> templates = ((ModelCamelContext) camel).getRouteTemplateDefinitions();
        Map<String, RouteTemplateDefinition> byId = new LinkedHashMap<>();
        templates.forEach(template -> byId.put(template.getId(), template));
        Map<String, SinkKind> kinds = new LinkedHashMap<>();
        for (RouteTemplateDefinition template : templates) {
            String id = template.getId();
            if (!id.startsWith(TEMPLATE_PREFIX) || id.endsWith(HEALTH_SUFFIX) || id.endsWith(DELETE_SUFFIX)) {
                continue;
            }
            Map<String, String> declared = new LinkedHashMap<>();
            for (RouteTemplateParameterDefinition parameter : parametersOf(template)) {
                if (DECLARATIONS.contains(parameter.getName()) && parameter.getDefaultValue() != null) {
                    declared.put(parameter.getName(), camel.resolvePropertyPlaceholders(parameter.getDefaultValue()));
                }
            }
            RouteTemplateDefinition health = byId.get(id + HEALTH_SUFFIX);
            RouteTemplateDefinition delete = byId.get(id + DELETE_SUFFIX);
            SinkKind kind = new SinkKind(
                    id,
                    new LinkedHashSet<>(List.of(declared.getOrDefault("schemes", id.substring(TEMPLATE_PREFIX.length()))
                            .replace(" ", "")
                            .split(","))),
                    lines(declared.get("safeOptions")),
                    lines(declared.get("leftOutWhenSet")),
                    lines(declared.get("refusedOptions")),
                    declared.getOrDefault("location", "url={scheme}://{root}/{key}"),
                    health == null ? null : health.getId(),
                    delete == null ? null : delete.getId());
            kind.schemes().forEach(scheme -> kinds.put(scheme, kind));
        }
        return kinds;
    }

    private static List<RouteTemplateParameterDefinition> parametersOf(RouteTemplateDefinition template) {
        return template.getTemplateParameters() == null ? List.of() : template.getTemplateParameters();
    }

    /** Lines of {@code <key>: <value>}, in their order; a blank or missing text has none. */
    private static Map<String, String> lines(String text) {
        Map<String, String> entries = new LinkedHashMap<>();
        if (text != null) {
            for (String line : text.split("\n")) {
                int colon = line.indexOf(": ");
                if (colon > 0) {
                    entries.put(
                            line.substring(0, colon).trim(),
                            line.substring(colon + 2).trim());
                }
            }
        }
        return entries;
    }
}
