package io.whapi.mediarouter.routing;

import io.micrometer.core.instrument.MeterRegistry;
import io.whapi.mediarouter.MediaMessage;
import io.whapi.mediarouter.MediaVariables;
import io.whapi.mediarouter.erasure.Tombstones;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.camel.Variable;
import org.springframework.stereotype.Component;
import org.springframework.util.unit.DataSize;

/**
 * The one decision of which media messages are not archived: {@code media.policy.*} (chats to
 * include or exclude, groups, newsletters, stories, view-once, outgoing, a maximum size per type),
 * a routing table entry of {@code none}, and an erasure's tombstone. A skipped message is answered 200 like any other,
 * counted as {@code whapi.media.skipped} with the reason, and logged at debug by the router.
 */
@Component
public class InputPolicy {

    /** The reason of a message an erasure buried: no provenance is written for it again. */
    public static final String ERASED = "erased";

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
    private final Tombstones tombstones;

    public InputPolicy(RoutingProperties media, MeterRegistry meters, Tombstones tombstones) {
        this.policy = media.getPolicy();
        this.includeChats = patterns(policy.getIncludeChats());
        this.excludeChats = patterns(policy.getExcludeChats());
        this.meters = meters;
        this.tombstones = tombstones;
    }

    /**
     * At the intake: whether the message was erased, so that it is not even taken in (answered
     * 200 all the same, counted as skipped with reason {@code erased}). Messages queued before
     * their erasure meet the same tombstone in {@link #skip}.
     */
    public boolean erased(@Variable(MediaVariables.MEDIA) MediaMessage media) {
        if (!tombstones.erased(media)) {
            return false;
        }
        meters.counter("whapi.media.skipped", "reason", ERASED, "type", media.type())
                .increment();
        return true;
    }

    /**
     * Why the message is not archived, or null when it is.
     *
     * @param sinks the sinks the router chose for it
     */
    public Skip skip(@Variable(MediaVariables.MEDIA) MediaMessage media, @Variable(MediaVariables.SINKS) String sinks) {
        Skip skip = decide(media, sinks);
        if (skip != null) {
            meters.counter("whapi.media.skipped", "reason", skip.reason(), "type", media.type())
                    .increment();
        }
        return skip;
    }

    private Skip decide(MediaMessage media, String sinks) {
        if (tombstones.erased(media)) {
            return new Skip(ERASED, "message " + media.messageId() + " was erased (a tombstone of an erasure)");
        }
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
