package io.whapi.mediarouter.routing;

import io.whapi.mediarouter.MediaTypes;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;
import org.springframework.validation.annotation.Validated;

/**
 * Which media are archived and where they go: the routing table {@code media.routing.*}, the
 * input policy {@code media.policy.*} and the example rule's {@code media.rules.*}; the media
 * types checked while they are bound, the sinks they name once the sinks are known too
 * ({@link RoutingRulesCheck}).
 */
@Validated
@ConfigurationProperties("media")
public class RoutingProperties implements Validator {

    @Override
    public boolean supports(Class<?> type) {
        return RoutingProperties.class.isAssignableFrom(type);
    }

    @Override
    public void validate(Object target, Errors errors) {
        List<String> problems = new ArrayList<>();
        check((RoutingProperties) target, problems);
        problems.forEach(problem -> errors.reject("media", problem));
    }

    /**
     * The routing table: media type (image, video, gif, short, audio, voice, document, sticker)
     * or "default" to comma-separated sink names, or "none" to skip. A type without an entry
     * takes the default.
     */
    private Map<String, String> routing = new LinkedHashMap<>(Map.of("default", "file"));

    private static void check(RoutingProperties media, List<String> problems) {
        media.getRouting().forEach((type, sinks) -> {
            if (!type.equals("default") && !MediaTypes.ALL.contains(type)) {
                problems.add("media.routing." + type + " names no media type. Use one of " + MediaTypes.ALL
                        + " or 'default'.");
            } else if (sinks == null || sinks.isBlank()) {
                problems.add("media.routing." + type
                        + " is empty. Name one or more sinks, comma-separated, or 'none' to skip these media.");
            }
        });
        String ruleSinks = media.getRules().getLargeDocument().getSinks();
        if (ruleSinks == null || ruleSinks.isBlank()) {
            problems.add("media.rules.large-document.sinks is empty. Name one or more sinks, comma-separated, or"
                    + " 'none' to skip these media.");
        }
    }

    public Map<String, String> getRouting() {
        return routing;
    }

    public void setRouting(Map<String, String> routing) {
        this.routing = routing;
    }

    @Valid
    private final Policy policy = new Policy();

    public Policy getPolicy() {
        return policy;
    }

    private final Rules rules = new Rules();

    public Rules getRules() {
        return rules;
    }

    /** Which media messages are archived at all; the others are answered 200, counted and logged at debug. */
    public static class Policy {

        /** Chat ids, or patterns with *, comma-separated; empty: every chat. */
        private List<String> includeChats = new ArrayList<>();

        /** Chat ids, or patterns with *, comma-separated, whose media are not archived. */
        private List<String> excludeChats = new ArrayList<>();

        /** Archive media from group chats (@g.us). */
        private boolean groups = true;

        /** Archive media from WhatsApp Channels (@newsletter). */
        private boolean newsletters = true;

        /** Archive media from stories (status@broadcast). */
        private boolean stories = true;

        /** Archive media sent as view-once. */
        private boolean viewOnce = true;

        /** Archive media the channel itself sent (from_me). */
        private boolean outgoing = true;

        /** Per media type, the largest announced size archived, e.g. video: 100MB (MEDIA_POLICY_MAXSIZE_VIDEO). */
        private Map<String, DataSize> maxSize = new LinkedHashMap<>();

        public List<String> getIncludeChats() {
            return includeChats;
        }

        public void setIncludeChats(List<String> includeChats) {
            this.includeChats = includeChats;
        }

        public List<String> getExcludeChats() {
            return excludeChats;
        }

        public void setExcludeChats(List<String> excludeChats) {
            this.excludeChats = excludeChats;
        }

        public boolean isGroups() {
            return groups;
        }

        public void setGroups(boolean groups) {
            this.groups = groups;
        }

        public boolean isNewsletters() {
            return newsletters;
        }

        public void setNewsletters(boolean newsletters) {
            this.newsletters = newsletters;
        }

        public boolean isStories() {
            return stories;
        }

        public void setStories(boolean stories) {
            this.stories = stories;
        }

        public boolean isViewOnce() {
            return viewOnce;
        }

        public void setViewOnce(boolean viewOnce) {
            this.viewOnce = viewOnce;
        }

        public boolean isOutgoing() {
            return outgoing;
        }

        public void setOutgoing(boolean outgoing) {
            this.outgoing = outgoing;
        }

        public Map<String, DataSize> getMaxSize() {
            return maxSize;
        }

        public void setMaxSize(Map<String, DataSize> maxSize) {
            this.maxSize = maxSize;
        }
    }

    /** Settings of the routing rules in routes/21-routing-rules.camel.yaml (the example rule). */
    public static class Rules {

        private final LargeDocument largeDocument = new LargeDocument();

        public LargeDocument getLargeDocument() {
            return largeDocument;
        }
    }

    public static class LargeDocument {

        /**
         * Documents announced larger than this many bytes take this rule's sinks. A number of bytes,
         * not a size such as 50MB, because the route's Simple predicate compares it as a number.
         */
        @Min(0)
        private long minBytes = 52_428_800;

        /** Sinks for large documents; by default those of media.routing.document. */
        private String sinks = "${media.routing.document:${media.routing.default}}";

        public long getMinBytes() {
            return minBytes;
        }

        public void setMinBytes(long minBytes) {
            this.minBytes = minBytes;
        }

        public String getSinks() {
            return sinks;
        }

        public void setSinks(String sinks) {
            this.sinks = sinks;
        }
    }
}
