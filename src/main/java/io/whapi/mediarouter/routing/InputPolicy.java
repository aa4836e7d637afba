package io.whapi.mediarouter.routing;

import io.micrometer.core.instrument.MeterRegistry;
import io.whapi.mediarouter.MediaMessage;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;
import org.springframework.util.unit.DataSize;

/**
 * The one decision of which media messages are not archived: {@code media.policy.*} (chats to
 * include or exclude, groups, newsletters, stories, view-once, outgoing, a maximum size per type)
 * and a routing table entry of {@code none}. A skipped message is answered 200 like any other,
 * counted as {@code whapi.media.skipped} with the reason, and logged at debug by the router.
 */
@Component
public class InputPolicy {

    /**
     * Why a message is skipped.
     *
     * @param reason the metric's tag: a closed set of words
     * @param detail one line for the log, naming the setting
     */
    public record Skip(String reason, String detail) {

        @Override
        public String toString() {
            return detail;
        }
    }

    private final RoutingProperties.Policy policy;
    private final List<Pattern> includeChats;
    private final List<Pattern> excludeChats;
    private final MeterRegistry meters;

    public InputPolicy(RoutingProperties media, MeterRegistry meters) {
        this.policy = media.getPolicy();
        this.includeChats = patterns(policy.getIncludeChats());
        this.excludeChats = patterns(policy.getExcludeChats());
        this.meters = meters;
    }

    /**
     * Why the message is not archived, or null when it is.
     *
     * @param sinks the sinks the router chose for it
     */
    public Skip skip(MediaMessage media, String sinks) {
        Skip skip = decide(media, sinks);
        if (skip != null) {
            meters.counter("whapi.media.skipped", "reason", skip.reason(), "type", media.type())
                    .increment();
        }
        return skip;
    }

    private Skip decide(MediaMessage media, String sinks) {
        String chat = media.chatId() == null ? "" : media.chatId();
        if (!includeChats.isEmpty()
                && includeChats.stream().noneMatch(p -> p.matcher(chat).matches())) {
            return new Skip("chat_not_included", "chat " + chat + " is not in media.policy.include-chats");
        }
        if (excludeChats.stream().anyMatch(p -> p.matcher(chat).matches())) {
            return new Skip("chat_excluded", "chat " + chat + " is in media.policy.exclude-chats");
        }
        if (!policy.isGroups() && chat.endsWith("@g.us")) {
            return new Skip("group", "groups are excluded (media.policy.groups=false)");
        }
        if (!policy.isNewsletters() && chat.endsWith("@newsletter")) {
            return new Skip("newsletter", "newsletters are excluded (media.policy.newsletters=false)");
        }
        if (!policy.isStories() && (chat.equals("stories") || chat.equals("status@broadcast"))) {
            return new Skip("story", "stories are excluded (media.policy.stories=false)");
        }
        if (!policy.isViewOnce() && media.viewOnce()) {
            return new Skip("view_once", "view-once media are excluded (media.policy.view-once=false)");
        }
        if (!policy.isOutgoing() && media.fromMe()) {
            return new Skip("outgoing", "outgoing media are excluded (media.policy.outgoing=false)");
        }
        DataSize max = policy.getMaxSize().get(media.type());
        if (max != null && media.announcedSize() > max.toBytes()) {
            return new Skip(
                    "over_max_size",
                    media.type() + " of " + media.announcedSize() + " bytes is over media.policy.max-size."
                            + media.type());
        }
        if (RoutingTable.NO_SINK.equals(sinks)) {
            return new Skip("routed_to_none", "routed to none (media.routing." + media.type() + ")");
        }
        return null;
    }

    private static List<Pattern> patterns(List<String> globs) {
        return globs.stream()
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .map(glob -> Pattern.compile(
                        Arrays.stream(glob.toLowerCase(Locale.ROOT).split("\\*", -1))
                                .map(Pattern::quote)
                                .collect(Collectors.joining(".*")),
                        Pattern.CASE_INSENSITIVE))
                .toList();
    }
}
