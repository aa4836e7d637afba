package io.whapi.mediarouter.logging;

import io.whapi.mediarouter.webhook.MediaMessage;
import org.slf4j.MDC;
import org.springframework.stereotype.Component;

/**
 * Puts the message's channel and id in the logging context (MDC), so that every line logged while
 * it is processed says which message it is about: route logs, Camel's retry warnings, our beans.
 * Camel carries the keys (camel.main.mdc-logging-keys-pattern: whapi.*) onto the threads the
 * message moves to, and clears them when it is done.
 */
@Component
public class MessageLogContext {

    public static final String CHANNEL = "whapi.channel";
    public static final String MESSAGE = "whapi.message";

    public void enter(MediaMessage media) {
        MDC.put(CHANNEL, media.channelId());
        MDC.put(MESSAGE, media.messageId());
    }
}
