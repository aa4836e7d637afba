package io.whapi.mediarouter.pipeline;

import io.whapi.mediarouter.MediaMessage;
import io.whapi.mediarouter.MediaVariables;
import org.apache.camel.Exchange;
import org.apache.camel.support.SynchronizationAdapter;
import org.slf4j.MDC;
import org.springframework.stereotype.Component;

/**
 * Puts the message's channel and id in the logging context (MDC) of the thread that works on it,
 * so that every line logged meanwhile says which message it is about: route logs, Camel's retry
 * warnings, our beans. Called where a message starts on a thread (the router, each sink's copy)
 * and cleared when that exchange is done.
 *
 * <p>Not Camel's own MDC logging (camel.main.use-mdc-logging): that re-applies and pattern-matches
 * the keys around every step of every route, which cost the router about a tenth of its CPU.
 */
@Component
public class MessageLogContext {

    public static final String CHANNEL = "whapi.channel";
    public static final String MESSAGE = "whapi.message";

    private static final SynchronizationAdapter CLEAR = new SynchronizationAdapter() {
        @Override
        public void onDone(Exchange exchange) {
            MDC.remove(CHANNEL);
            MDC.remove(MESSAGE);
        }
    };

    public void enter(Exchange exchange) {
        MediaMessage media = exchange.getVariable(MediaVariables.MEDIA, MediaMessage.class);
        if (media != null) {
            MDC.put(CHANNEL, media.channelId());
            MDC.put(MESSAGE, media.messageId());
            if (!exchange.getExchangeExtension().containsOnCompletion(CLEAR)) {
                exchange.getExchangeExtension().addOnCompletion(CLEAR);
            }
        }
    }
}
