package io.whapi.mediarouter.routing;

import io.whapi.mediarouter.config.ConfigurationProblem;
import io.whapi.mediarouter.sinks.SinkProperties;
import java.util.Set;
import java.util.TreeSet;
import org.apache.camel.CamelContext;
import org.apache.camel.model.ModelCamelContext;
import org.apache.camel.model.ProcessorDefinitionHelper;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.model.SetVariableDefinition;
import org.apache.camel.model.language.ExpressionDefinition;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.springframework.stereotype.Component;

/**
 * The one place that checks that the sinks media are routed to exist: those of the routing table
 * ({@code media.routing.*}) and the example rule ({@code media.rules.large-document.sinks}) when
 * the app is built, and those of the routing rules (route {@code routing-rules},
 * {@code routes/21-routing-rules.camel.yaml} or the file of that name in
 * {@code media.extra-routes-dir}) once the route files are read and before anything starts: every
 * sink name must be a {@code media.sinks.<name>} (or {@code none}). Without this a typo passed
 * startup, and every media the rule matched was retried, then dead-lettered. A rule that
 * computes its sinks from the message (an expression with {@code ${...}}) cannot be checked
 * here; an unknown name there fails that media.
 */
@Component
class RoutingRulesCheck implements CamelContextConfiguration {

    static final String ROUTE_ID = "routing-rules";
    static final String SINKS_VARIABLE = "sinks";

    private final Set<String> sinks;

    RoutingRulesCheck(RoutingProperties routing, SinkProperties sinkSettings) {
        this.sinks = new TreeSet<>(sinkSettings.getSinks().keySet());
        routing.getRouting().forEach((type, names) -> checkDefined("media.routing." + type, names));
        checkDefined(
                "media.rules.large-document.sinks",
                routing.getRules().getLargeDocument().getSinks());
    }

    private void checkDefined(String property, String names) {
        for (String name : names.split(",")) {
            String sink = name.trim();
            if (!sink.isEmpty() && !sink.equals(RoutingTable.NO_SINK) && !sinks.contains(sink)) {
                throw new ConfigurationProblem(
                        property + " names sink '" + sink + "', but no sink of that name is defined.",
                        "Define media.sinks." + sink + ".uri (env MEDIA_SINKS_" + sink.toUpperCase()
                                + "_URI) or fix the name.");
            }
        }
    }

    @Override
    public void beforeApplicationStart(CamelContext camel) {
        RouteDefinition rules = ((ModelCamelContext) camel).getRouteDefinition(ROUTE_ID);
        if (rules == null) {
            throw new ConfigurationProblem(
                    "No route '" + ROUTE_ID + "': the router calls direct:" + ROUTE_ID + " for every media.",
                    "Keep a route with id " + ROUTE_ID + " from direct:" + ROUTE_ID
                            + " in your 21-routing-rules.camel.yaml (it may set no sinks at all).");
        }
        String file = rules.getResource() == null
                ? ROUTE_ID
                : rules.getResource().getLocation().replaceFirst(".*[/:]", "");
        for (SetVariableDefinition rule :
                ProcessorDefinitionHelper.filterTypeInOutputs(rules.getOutputs(), SetVariableDefinition.class)) {
            if (!SINKS_VARIABLE.equals(rule.getName())) {
                continue;
            }
            String names = literal(camel, rule.getExpression());
            if (names == null) {
                continue;
            }
            for (String name : names.split(",")) {
                String sink = name.trim();
                if (!sink.equals(RoutingTable.NO_SINK) && !sinks.contains(sink)) {
                    throw new ConfigurationProblem(
                            file + ": a rule routes media to sink '" + sink + "', which is not defined (sinks: " + sinks
                                    + ").",
                            "Define media.sinks." + sink + ".uri, or name one of " + sinks + " in the rule.");
                }
            }
        }
    }

    /** The expression's text with its placeholders resolved, or null when it depends on the message. */
    private static String literal(CamelContext camel, ExpressionDefinition expression) {
        String language = expression.getLanguage();
        String text = camel.resolvePropertyPlaceholders(expression.getExpression());
        if ("constant".equals(language) || ("simple".equals(language) && !text.contains("${"))) {
            return text;
        }
        return null;
    }

    @Override
    public void afterApplicationStart(CamelContext camel) {}
}
