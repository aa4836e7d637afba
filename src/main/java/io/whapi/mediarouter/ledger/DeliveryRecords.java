package io.whapi.mediarouter.ledger;

import java.nio.file.Path;
import java.time.Duration;

import io.whapi.mediarouter.webhook.MediaMessage;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The two idempotency records, under {@code {work-dir}/ledger/}: which messages (channel +
 * message id) were taken in, so a redelivered webhook downloads nothing twice; and which sink
 * has which media, so a retry or a replay writes only to the sinks that lack it. Entries expire
 * after {@code media.idempotency.retention} (Whapi keeps media 30 days).
 */
@Configuration(proxyBeanMethods = false)
public class DeliveryRecords {

    /** Used by the intake's idempotentConsumer as {@code #messageLedger}. */
    @Bean(destroyMethod = "stop")
    public PersistentLedger messageLedger(@Value("${media.work-dir}") Path workDir,
                                          @Value("${media.idempotency.retention}") Duration retention) {
        return new PersistentLedger(workDir.resolve("ledger/messages.log"), retention);
    }

    @Bean(destroyMethod = "stop")
    public PersistentLedger sinkLedger(@Value("${media.work-dir}") Path workDir,
                                       @Value("${media.idempotency.retention}") Duration retention) {
        return new PersistentLedger(workDir.resolve("ledger/sinks.log"), retention);
    }

    @Bean
    public Deliveries deliveries(PersistentLedger messageLedger, PersistentLedger sinkLedger) {
        return new Deliveries(messageLedger, sinkLedger);
    }

    /** What routes ask of the ledgers, by bean name {@code deliveries}. */
    public static class Deliveries {

        private final PersistentLedger messages;
        private final PersistentLedger sinks;

        Deliveries(PersistentLedger messages, PersistentLedger sinks) {
            this.messages = messages;
            this.sinks = sinks;
        }

        /** The key under which the intake records a message as taken in. */
        public String messageKey(MediaMessage media) {
            return media.channelId() + "/" + media.messageId();
        }

        /** A message that failed is not "seen": its redelivery or replay is processed again. */
        public void forgetMessage(MediaMessage media) {
            messages.remove(messageKey(media));
        }

        public boolean delivered(MediaMessage media, String sink) {
            return sinks.contains(messageKey(media) + "/" + sink);
        }

        public void recordDelivery(MediaMessage media, String sink) {
            sinks.add(messageKey(media) + "/" + sink);
        }
    }
}
