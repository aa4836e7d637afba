package io.whapi.mediarouter.state;

import io.whapi.mediarouter.MediaMessage;
import io.whapi.mediarouter.MediaVariables;
import io.whapi.mediarouter.config.ConfigurationProblem;
import io.whapi.mediarouter.config.MediaProperties;
import io.whapi.mediarouter.queue.QueueProperties;
import java.util.Collection;
import java.util.List;
import java.util.StringJoiner;
import org.apache.camel.Variable;
import org.apache.camel.spi.IdempotentRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The ledger: which messages (channel + message id) were taken in, so a redelivered webhook
 * downloads nothing twice; which sink has which media, so a retry or a replay writes only to
 * the sinks that lack it; and which event sink has which event, so that it publishes only the
 * events still missing. Entries expire after {@code media.ledger.retention} (Whapi keeps
 * media 30 days). Kept in files under the work dir, or in a database table that replicas share
 * ({@code media.ledger.store}). Also makes the {@link StateStore} every other store opens in.
 */
@Configuration(proxyBeanMethods = false)
public class LedgerConfiguration {

    /**
     * The one state store. The Kafka queue's replicas share their ledger, so it must be the
     * database: checked here, where both settings meet, with the fix in the message.
     */
    @Bean(destroyMethod = "close")
    public StateStore stateStore(LedgerProperties ledger, QueueProperties queue, MediaProperties media) {
        if (queue.getType() == QueueProperties.Type.KAFKA && ledger.getStore() != LedgerProperties.Store.JDBC) {
            throw new ConfigurationProblem(
                    "media.queue.type is kafka, which needs a ledger that replicas share, but media.ledger.store is "
                            + ledger.getStore().name().toLowerCase() + ".",
                    "Set media.ledger.store=jdbc and media.ledger.jdbc.url (PostgreSQL in production).");
        }
        return new StateStore(ledger, media.getWorkDir());
    }

    /**
     * The intake's idempotentConsumer uses it as {@code #messageLedger}. A message's key counts
     * for good only once its queue file is written (on completion): the file store writes it
     * then, the JDBC store marks its pending row done then. A crash in between leaves the
     * gateway's redelivery to be taken in, not answered as a duplicate of nothing.
     */
    @Bean(destroyMethod = "stop")
    public IdempotentRepository messageLedger(StateStore state) {
        return state.ledger("messages", true);
    }

    /** Written by deliver-to-sink after the sink has the media: durable at once. */
    @Bean(destroyMethod = "stop")
    public IdempotentRepository sinkLedger(StateStore state) {
        return state.ledger("sinks", false);
    }

    @Bean
    public Ledger ledger(IdempotentRepository messageLedger, IdempotentRepository sinkLedger) {
        return new Ledger(messageLedger, sinkLedger);
    }

    /** What routes ask of the ledger, by bean name {@code ledger}. */
    public static class Ledger {

        private static final Logger LOG = LoggerFactory.getLogger(Ledger.class);
        /** The event types whose deliveries the ledger keeps (events.CloudEvents, by value: no cycle). */
        private static final List<String> EVENT_TYPES =
                List.of("whapi.media.stored", "whapi.media.dead_lettered", "whapi.media.erased");

        private final IdempotentRepository messages;
        private final IdempotentRepository sinks;

        Ledger(IdempotentRepository messages, IdempotentRepository sinks) {
            this.messages = messages;
            this.sinks = sinks;
        }

        /** The key under which the intake records a message as taken in. */
        public String messageKey(MediaMessage media) {
            return messageKey(media.channelId(), media.messageId());
        }

        private static String messageKey(String channelId, String messageId) {
            return channelId + "/" + messageId;
        }

        /** A message that failed is not "seen": its redelivery or replay is processed again. */
        public void forgetMessage(MediaMessage media) {
            messages.remove(messageKey(media));
        }

        /**
         * An erasure: the ledger forgets the message, its sinks' deliveries and its events', so that
         * it keeps nothing of it in clear (the tombstone, a keyed hash, keeps it from coming back).
         */
        public void forgetAll(
                String channelId, String messageId, Collection<String> sinkNames, Collection<String> eventSinks) {
            messages.remove(messageKey(channelId, messageId));
            for (String sink : sinkNames) {
                sinks.remove(messageKey(channelId, messageId) + "/" + sink);
            }
            for (String eventSink : eventSinks) {
                for (String type : EVENT_TYPES) {
                    sinks.remove(eventKey(channelId, messageId, type, eventSink));
                }
            }
        }

        public void recordDelivery(
                @Variable(MediaVariables.MEDIA) MediaMessage media, @Variable(MediaVariables.SINK) String sink) {
            sinks.add(sinkKey(media, sink));
        }

        private String sinkKey(MediaMessage media, String sink) {
            return messageKey(media) + "/" + sink;
        }

        /**
         * The sinks of these (comma-separated) that lack the media, comma-separated; empty when
         * every one has it (a re-run after a crash, a replay for the events alone): nothing is
         * downloaded then. Logged at DEBUG for each sink that has it.
         */
        public String sinksLacking(
                @Variable(MediaVariables.MEDIA) MediaMessage media, @Variable(MediaVariables.SINKS) String sinkNames) {
            StringJoiner lacking = new StringJoiner(",");
            for (String sink : sinkNames.split(",")) {
                String name = sink.trim();
                if (name.isEmpty()) {
                    continue;
                }
                if (sinks.contains(sinkKey(media, name))) {
                    LOG.debug("Sink {} already has the media of message {}", name, media.messageId());
                } else {
                    lacking.add(name);
                }
            }
            return lacking.toString();
        }

        /**
         * Event deliveries are kept beside sink deliveries, "{channel}/{message}/event/{type}/{event
         * sink}": an event a sink already took is not recorded for it again.
         */
        public boolean eventDelivered(String channelId, String messageId, String type, String eventSink) {
            return sinks.contains(eventKey(channelId, messageId, type, eventSink));
        }

        public void recordEvent(String channelId, String messageId, String type, String eventSink) {
            sinks.add(eventKey(channelId, messageId, type, eventSink));
        }

        private static String eventKey(String channelId, String messageId, String type, String eventSink) {
            return messageKey(channelId, messageId) + "/event/" + type + "/" + eventSink;
        }
    }
}
