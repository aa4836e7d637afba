package io.whapi.mediarouter.pipeline;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.config.MeterFilter;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;

/**
 * Our metrics ({@code whapi.*}) as Prometheus expects them, whoever registers them: label names
 * in snake_case (Camel's micrometer endpoint adds {@code camelContext}, {@code routeId} and the
 * like; {@code promtool check metrics} flags camelCase), and a description (Prometheus HELP) for
 * each, also for the counters the route files create, which cannot state one. One place, so that
 * a counter added to a route file gets its help text here.
 */
@Component // Spring Boot applies MeterFilter beans to the registry
public class MetricConventions implements MeterFilter {

    /**
     * The help text of each of our meters registered without one: the counters route files create
     * (micrometer:counter:...) and those Java counts with the registry's short forms.
     */
    static final Map<String, String> HELP = Map.ofEntries(
            Map.entry("whapi.media.queued", "New media messages durably queued (a redelivery is not counted again)"),
            Map.entry("whapi.sink.stored", "Media stored, per sink"),
            Map.entry("whapi.sink.failures", "Sinks that gave up on a media after their retries"),
            Map.entry(
                    "whapi.dead.letters",
                    "Dead letters by media type; type event: events not taken within their max-age;"
                            + " type webhook: broker records that were no webhook"),
            Map.entry("whapi.events.published", "CloudEvents an event sink took"),
            Map.entry(
                    "whapi.event.failures",
                    "Failed attempts to deliver an event to an event sink (each retried from the outbox)"),
            Map.entry("whapi.webhooks.ignored", "Webhooks that deliver no messages (statuses, other events)"),
            Map.entry("whapi.messages.accepted", "Media messages read from webhooks"),
            Map.entry("whapi.messages.ignored", "Messages of webhooks without a usable id, by reason"),
            Map.entry("whapi.media.skipped", "Media not archived, by the reason media.policy gives"),
            Map.entry("whapi.downloads", "Downloads from the link or Get Media, by outcome"),
            Map.entry("whapi.download.bytes", "Bytes downloaded and verified"),
            Map.entry("whapi.download", "Time to download and verify a media"),
            Map.entry("whapi.reconcile.listed", "Messages listed from Whapi's history by reconciliation"),
            Map.entry("whapi.reconcile.missing", "Media reconciliation found missing and queued"));

    private static final Pattern HUMP = Pattern.compile("([a-z0-9])([A-Z])");

    @Override
    public Meter.Id map(Meter.Id id) {
        if (!id.getName().startsWith("whapi.")) {
            return id;
        }
        List<Tag> tags = id.getTags().stream()
                .map(tag -> Tag.of(snakeCase(tag.getKey()), tag.getValue()))
                .toList();
        String description = id.getDescription() != null ? id.getDescription() : HELP.get(id.getName());
        return new Meter.Id(id.getName(), Tags.of(tags), id.getBaseUnit(), description, id.getType());
    }

    static String snakeCase(String name) {
        Matcher humps = HUMP.matcher(name);
        return humps.replaceAll("$1_$2").toLowerCase();
    }
}
