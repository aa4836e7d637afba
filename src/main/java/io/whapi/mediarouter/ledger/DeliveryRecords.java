package io.whapi.mediarouter.ledger;

import java.nio.file.Path;
import java.time.Duration;

import io.whapi.mediarouter.webhook.MediaMessage;
import org.apache.camel.spi.IdempotentRepository;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The two idempotency records: which messages (channel + message id) were taken in, so a
 * redelivered webhook downloads nothing twice; and which sink has which media, so a retry or a
 * replay writes only to the sinks that lack it. Entries expire after
 * {@code media.idempotency.retention} (Whapi keeps media 30 days). Kept in files under the work
 * dir, or in a shared database table ({@code media.idempotency.store=jdbc}).
 */
@Configuration(proxyBeanMethods = false)
public class DeliveryRecords {

    @Bean
    public LedgerStores ledgerStores(@Value("${media.idempotency.store}") String store,
                                     @Value("${media.work-dir}") Path workDir,
                                     @Value("${media.idempotency.retention}") Duration retention,
                                     @Value("${media.idempotency.jdbc.url:}") String url,
                                     @Value("${media.idempotency.jdbc.username:}") String username,
                                     @Value("${media.idempotency.jdbc.password:}") String password) {
        return new LedgerStores(store, workDir, retention, url, username, password);
    }

    /**
     * Used by the intake's idempotentConsumer as {@code #messageLedger}. A message's key is written
     * once its queue file is (on completion), never before: a crash in between must leave the
     * gateway's redelivery to be taken in, not answered as a duplicate of nothing.
     */
    @Bean(destroyMethod = "stop")
    public IdempotentRepository messageLedger(LedgerStores stores) {
        return stores.open("messages", true);
    }

    /** Written by deliver-to-sink after the sink has the media: durable at once. */
    @Bean(destroyMethod = "stop")
    public IdempotentRepository sinkLedger(LedgerStores stores) {
        return stores.open("sinks", false);
    }

    @Bean
    public Deliveries deliveries(IdempotentRepository messageLedger, IdempotentRepository sinkLedger) {
        return new Deliveries(messageLedger, sinkLedger);
    }

    /** What routes ask of the ledgers, by bean name {@code deliveries}. */
    public static class Deliveries {

        private final IdempotentRepository messages;
        private final IdempotentRepository sinks;

        Deliveries(IdempotentRepository messages, IdempotentRepository sinks) {
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
