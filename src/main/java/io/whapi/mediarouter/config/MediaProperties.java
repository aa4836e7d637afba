package io.whapi.mediarouter.config;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.nio.file.Path;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.convert.DurationUnit;
import org.springframework.validation.annotation.Validated;

/**
 * The {@code media.*} settings every stage shares: the work dir and the extra route files. Each
 * stage's own settings are a properties class beside its code (sinks.SinkProperties,
 * routing.RoutingProperties, fetch.FetchProperties, queue.QueueProperties,
 * events.EventProperties, reconcile.ReconcileProperties, state.LedgerProperties), each checking
 * its own settings while they are bound. Every default is stated once, in its class;
 * {@link ConfigurationDefaults} hands them all to Camel's placeholders.
 */
@Validated
@ConfigurationProperties("media")
public class MediaProperties {

    /** All state the connector keeps: queue, staging, ledger, dead letters, and the default file sink's media. */
    @NotNull
    private Path workDir = Path.of("./data");

    public Path getWorkDir() {
        return workDir;
    }

    public void setWorkDir(Path workDir) {
        this.workDir = workDir;
    }

    /**
     * A folder of extra *.camel.yaml route files, loaded beside the packaged ones; a file named as a
     * packaged one replaces it (21-routing-rules.camel.yaml, the routing rules). Empty: none.
     */
    private String extraRoutesDir = "";

    public String getExtraRoutesDir() {
        return extraRoutesDir;
    }

    public void setExtraRoutesDir(String extraRoutesDir) {
        this.extraRoutesDir = extraRoutesDir;
    }

    /** A failed step retried with exponential backoff: initial-delay, doubling up to max-delay. */
    public abstract static class Retry {

        /** Retries after the first attempt. */
        @Min(0)
        private int maxRedeliveries = 5;

        /** The first retry's delay (a number is milliseconds). */
        @DurationUnit(ChronoUnit.MILLIS)
        private Duration initialDelay = Duration.ofSeconds(1);

        public int getMaxRedeliveries() {
            return maxRedeliveries;
        }

        public void setMaxRedeliveries(int maxRedeliveries) {
            this.maxRedeliveries = maxRedeliveries;
        }

        public Duration getInitialDelay() {
            return initialDelay;
        }

        public void setInitialDelay(Duration initialDelay) {
            this.initialDelay = initialDelay;
        }

        public abstract Duration getMaxDelay();
    }
}
