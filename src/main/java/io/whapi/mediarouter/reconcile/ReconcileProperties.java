package io.whapi.mediarouter.reconcile;

import jakarta.validation.constraints.Min;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.convert.DurationUnit;
import org.springframework.validation.annotation.Validated;

/**
 * The {@code media.reconcile.*} settings. Reconciliation with Whapi's message history: every
 * interval, for each channel of whapi.channels, the messages of the lookback window are listed
 * and every media message the ledger does not know is taken in like a webhook's.
 */
@Validated
@ConfigurationProperties("media.reconcile")
public class ReconcileProperties {

    /** How often to reconcile, e.g. 1h; 0 (the default): never. */
    @DurationUnit(ChronoUnit.MILLIS)
    private Duration interval = Duration.ZERO;

    /** How far back each run lists: the gateway gives up redelivering a webhook within 48 hours. */
    @DurationUnit(ChronoUnit.MILLIS)
    private Duration lookback = Duration.ofHours(48);

    /** Listing requests per second to the gateway, all channels together, so live webhooks keep their share. */
    @Min(1)
    private int maxRequestsPerSecond = 5;

    public Duration getInterval() {
        return interval;
    }

    public void setInterval(Duration interval) {
        this.interval = interval;
    }

    public Duration getLookback() {
        return lookback;
    }

    public void setLookback(Duration lookback) {
        this.lookback = lookback;
    }

    public int getMaxRequestsPerSecond() {
        return maxRequestsPerSecond;
    }

    public void setMaxRequestsPerSecond(int maxRequestsPerSecond) {
        this.maxRequestsPerSecond = maxRequestsPerSecond;
    }
}
