package io.whapi.mediarouter.erasure;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/** Erasure on request ({@code media.erasure.*}) and the retention sweep ({@code media.retention.*}). */
@ConfigurationProperties("media")
public class ErasureProperties {

    private final Erasure erasure = new Erasure();
    private final Retention retention = new Retention();

    public Erasure getErasure() {
        return erasure;
    }

    public Retention getRetention() {
        return retention;
    }

    public static class Erasure {

        /**
         * Key of the erasure receipts' HMAC-SHA256 signature and of the keyed hashes that stand for
         * identifiers in receipts and tombstones. Required to erase; keep it: a new one no longer
         * recognises the tombstones made with the old, so their messages could be archived again.
         */
        private String receiptSecret;

        public String getReceiptSecret() {
            return receiptSecret;
        }

        public void setReceiptSecret(String receiptSecret) {
            this.receiptSecret = receiptSecret;
        }
    }

    public static class Retention {

        /** How often each sink with a retention (media.sinks.<name>.retention) is swept of older media. */
        private Duration interval = Duration.ofHours(1);

        public Duration getInterval() {
            return interval;
        }

        public void setInterval(Duration interval) {
            this.interval = interval;
        }
    }
}
