package io.whapi.mediarouter.events;

import io.whapi.mediarouter.config.EndpointUris;
import io.whapi.mediarouter.config.MediaProperties;
import io.whapi.mediarouter.config.SettingNames;
import jakarta.validation.Valid;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.convert.DurationUnit;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;
import org.springframework.validation.annotation.Validated;

/**
 * The event sinks' settings, {@code media.events.<name>.*} and {@code media.event-retry.*},
 * checked as a whole while they are bound: names, URIs and signing secrets.
 */
@Validated
@ConfigurationProperties("media")
public class EventProperties implements Validator {

    /**
     * Event sinks by name (lower-case letters and digits, so that MEDIA_EVENTS_<NAME>_URI can set
     * them): a CloudEvent for every media stored or dead-lettered goes to each, through the outbox.
     * secret: the Standard Webhooks key of an http(s) sink; max-age (7d): how long an event the
     * sink has not taken waits before it becomes a dead letter; unhealthy-after (5m): the sink
     * shows DOWN in /actuator/health once its oldest waiting event is older. Empty: no events.
     */
    @Valid
    private Map<String, EventSink> events = new LinkedHashMap<>();

    @Valid
    private final EventRetry eventRetry = new EventRetry();

    @Override
    public boolean supports(Class<?> type) {
        return EventProperties.class.isAssignableFrom(type);
    }

    @Override
    public void validate(Object target, Errors errors) {
        List<String> problems = new java.util.ArrayList<>();
        check((EventProperties) target, problems);
        problems.forEach(problem -> errors.reject("media.events", problem));
    }

    private static void check(EventProperties media, List<String> problems) {
        media.getEvents().forEach((name, events) -> eventSinkProblem(name, events, problems));
        Duration takeover = media.getEventRetry().getTakeoverAfter();
        if (takeover == null || takeover.isNegative() || takeover.isZero()) {
            problems.add("media.event-retry.takeover-after is " + takeover + ". Set it (env"
                    + " MEDIA_EVENTRETRY_TAKEOVERAFTER) to a positive duration, e.g. 1m.");
        }
    }

    private static void eventSinkProblem(String name, EventProperties.EventSink events, List<String> problems) {
        if (!SettingNames.settableFromEnvironment(name)) {
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
                || EventProperties.class
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

    public Map<String, EventSink> getEvents() {
        return events;
    }

    public void setEvents(Map<String, EventSink> events) {
        this.events = events;
    }

    public EventRetry getEventRetry() {
        return eventRetry;
    }

    public static class EventSink {

        /** The event sink's Camel endpoint URI, e.g. kafka:whapi.media.events; keep secrets in RAW(...). */
        private String uri;

        /**
         * For http: and https: event sinks, the Standard Webhooks signing secret (whsec_ and the
         * Base64 key): each request then carries webhook-id, webhook-timestamp and webhook-signature.
         */
        private String secret;

        /**
         * How long an event the event sink has not taken waits in the outbox, retried with backoff
         * (media.event-retry.*), before it becomes a dead letter of its own.
         */
        private Duration maxAge = Duration.ofDays(7);

        /** The event sink shows DOWN in /actuator/health once its oldest waiting event is older than this. */
        private Duration unhealthyAfter = Duration.ofMinutes(5);

        public String getUri() {
            return uri;
        }

        public Duration getMaxAge() {
            return maxAge;
        }

        public void setMaxAge(Duration maxAge) {
            this.maxAge = maxAge;
        }

        public Duration getUnhealthyAfter() {
            return unhealthyAfter;
        }

        public void setUnhealthyAfter(Duration unhealthyAfter) {
            this.unhealthyAfter = unhealthyAfter;
        }

        public void setUri(String uri) {
            this.uri = uri;
        }

        public String getSecret() {
            return secret;
        }

        public void setSecret(String secret) {
            this.secret = secret;
        }

        /** The URI's scheme, or "" when it has none. */
        public String scheme() {
            return EndpointUris.scheme(uri);
        }

        public boolean signed() {
            return secret != null && !secret.isBlank();
        }
    }

    /**
     * An event sink that failed, retried on its own from the outbox with backoff, oldest event
     * first, until media.events.<name>.max-age; it never holds up storage nor the other event
     * sinks. (max-redeliveries no longer applies to event sinks: they are retried until max-age.)
     */
    public static class EventRetry extends MediaProperties.Retry {

        /** The longest delay between two retries (a number is milliseconds). */
        @DurationUnit(ChronoUnit.MILLIS)
        private Duration maxDelay = Duration.ofSeconds(30);

        /**
         * With the JDBC ledger: how long the events a replica took to publish stay its own. Those a
         * replica took and never delivered (it died) wait this long before another replica publishes
         * them. Keep it well above the time a batch of 100 events takes to publish: a replica still
         * publishing past it may see another send the same events again (with their ids).
         */
        private Duration takeoverAfter = Duration.ofMinutes(1);

        @Override
        public Duration getMaxDelay() {
            return maxDelay;
        }

        public void setMaxDelay(Duration maxDelay) {
            this.maxDelay = maxDelay;
        }

        public Duration getTakeoverAfter() {
            return takeoverAfter;
        }

        public void setTakeoverAfter(Duration takeoverAfter) {
            this.takeoverAfter = takeoverAfter;
        }
    }
}
