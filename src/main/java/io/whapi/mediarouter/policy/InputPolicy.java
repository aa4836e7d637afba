package io.whapi.mediarouter.policy;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import io.micrometer.core.instrument.MeterRegistry;
import io.whapi.mediarouter.webhook.MediaMessage;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.stereotype.Component;
import org.springframework.util.unit.DataSize;

/**
 * Which media messages are archived at all ({@code media.policy.*}): chats to include or
 * exclude (ids, or patterns with {@code *}), groups, newsletters, stories, view-once media, and
 * a maximum size per type. A message the policy refuses is answered 200 like any other,
 * counted, and logged at debug by the router.
 */
@Component
@ConfigurationProperties("media.policy")
public class InputPolicy {

    private String includeChats = "";
    private String excludeChats = "";
    private boolean groups = true;
    private boolean newsletters = true;
    private boolean stories = true;
    private boolean viewOnce = true;
    private Map<String, DataSize> maxSize = new HashMap<>();

    private final MeterRegistry meters;

    public InputPolicy(MeterRegistry meters) {
        this.meters = meters;
    }

    /** Why the message is not archived, or null when it is. */
    public String refusal(MediaMessage media) {
        String reason = reason(media);
        if (reason != null) {
            meters.counter("whapi.messages.filtered", "type", media.type()).increment();
        }
        return reason;
    }

    private String reason(MediaMessage media) {
        String chat = media.chatId() == null ? "" : media.chatId();
        if (!includeChats.isBlank() && patterns(includeChats).stream().noneMatch(p -> p.matcher(chat).matches())) {
            return "chat " + chat + " is not in media.policy.include-chats";
        }
        if (patterns(excludeChats).stream().anyMatch(p -> p.matcher(chat).matches())) {
            return "chat " + chat + " is in media.policy.exclude-chats";
        }
        if (!groups && chat.endsWith("@g.us")) {
            return "groups are excluded (media.policy.groups=false)";
        }
        if (!newsletters && chat.endsWith("@newsletter")) {
            return "newsletters are excluded (media.policy.newsletters=false)";
        }
        if (!stories && (chat.equals("stories") || chat.equals("status@broadcast"))) {
            return "stories are excluded (media.policy.stories=false)";
        }
        if (!viewOnce && media.viewOnce()) {
            return "view-once media are excluded (media.policy.view-once=false)";
        }
        DataSize max = maxSize.get(media.type());
        if (max != null && media.announcedSize() > max.toBytes()) {
            return media.type() + " of " + media.announcedSize() + " bytes is over media.policy.max-size." + media.type();
        }
        return null;
    }

    private static List<Pattern> patterns(String list) {
        return Arrays.stream(list.split(",")).map(String::trim).filter(s -> !s.isEmpty())
                .map(glob -> Pattern.compile(Arrays.stream(glob.toLowerCase(Locale.ROOT).split("\\*", -1))
                        .map(Pattern::quote).reduce((a, b) -> a + ".*" + b).orElse(""), Pattern.CASE_INSENSITIVE))
                .toList();
    }

    public void setIncludeChats(String includeChats) {
        this.includeChats = includeChats;
    }

    public void setExcludeChats(String excludeChats) {
        this.excludeChats = excludeChats;
    }

    public void setGroups(boolean groups) {
        this.groups = groups;
    }

    public void setNewsletters(boolean newsletters) {
        this.newsletters = newsletters;
    }

    public void setStories(boolean stories) {
        this.stories = stories;
    }

    public void setViewOnce(boolean viewOnce) {
        this.viewOnce = viewOnce;
    }

    public Map<String, DataSize> getMaxSize() {
        return maxSize;
    }

    public void setMaxSize(Map<String, DataSize> maxSize) {
        this.maxSize = maxSize;
    }
}
