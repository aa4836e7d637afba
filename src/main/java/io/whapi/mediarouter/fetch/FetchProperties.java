package io.whapi.mediarouter.fetch;

import io.whapi.mediarouter.config.MediaProperties;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.convert.DurationUnit;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * How media are fetched and verified: {@code media.download.*}, {@code media.fetch-retry.*},
 * {@code media.verify.*} and {@code media.max-size}.
 */
@Validated
@ConfigurationProperties("media")
public class FetchProperties {

    /** Media larger than this (announced, declared by the server or read) are not stored: dead letter. */
    private DataSize maxSize = DataSize.ofGigabytes(2);

    public DataSize getMaxSize() {
        return maxSize;
    }

    public void setMaxSize(DataSize maxSize) {
        this.maxSize = maxSize;
    }

    @Valid
    private final Download download = new Download();

    public Download getDownload() {
        return download;
    }

    @Valid
    private final FetchRetry fetchRetry = new FetchRetry();

    public FetchRetry getFetchRetry() {
        return fetchRetry;
    }

    private final Verify verify = new Verify();

    public Verify getVerify() {
        return verify;
    }

    /** Where CloudEvents go: any Camel endpoint (kafka:, jms:, http:, https: ...). */
    public static class Download {

        /**
         * Media messages processed at once (downloads and uploads). Each waits on the network and
         * on fsyncs more than it computes, so more than the cores.
         */
        @Min(1)
        private int concurrency = 8;

        /**
         * Hosts links may be fetched from (comma-separated, *. wildcards); an internal address only
         * when named exactly. Other links fall back to Get Media.
         */
        private List<String> allowedLinkHosts = List.of("*.wasabisys.com");

        /**
         * The webhook intake comes first: while it takes longer than this on average to answer,
         * fewer media messages are processed at once (down to one), and more again once it is
         * quick. The gateway times out and retries slow answers. 0 keeps all of concurrency in
         * work whatever the intake's answer times. File queue only: with the Kafka queue the
         * intake waits for the broker's and the database's acknowledgements, which fewer
         * downloads would not shorten.
         */
        private Duration intakeTargetLatency = Duration.ofMillis(20);

        public Duration getIntakeTargetLatency() {
            return intakeTargetLatency;
        }

        public void setIntakeTargetLatency(Duration intakeTargetLatency) {
            this.intakeTargetLatency = intakeTargetLatency;
        }

        public int getConcurrency() {
            return concurrency;
        }

        public void setConcurrency(int concurrency) {
            this.concurrency = concurrency;
        }

        public List<String> getAllowedLinkHosts() {
            return allowedLinkHosts;
        }

        public void setAllowedLinkHosts(List<String> allowedLinkHosts) {
            this.allowedLinkHosts = allowedLinkHosts;
        }
    }

    /**
     * A failed download and its verification, retried as a unit with jitter; Get Media's
     * 400/401/403/404 are not retried, and a 429/503 Retry-After wins over the backoff.
     */
    public static class FetchRetry extends MediaProperties.Retry {

        /** The longest delay between two retries (a number is milliseconds). */
        @DurationUnit(ChronoUnit.MILLIS)
        private Duration maxDelay = Duration.ofSeconds(60);

        @Override
        public Duration getMaxDelay() {
            return maxDelay;
        }

        public void setMaxDelay(Duration maxDelay) {
            this.maxDelay = maxDelay;
        }
    }

    public static class Verify {

        /** What a sha256 mismatch means: strict, a failed download; warn, logged and stored; off, not checked. */
        private Sha256Check sha256 = Sha256Check.STRICT;

        public Sha256Check getSha256() {
            return sha256;
        }

        public void setSha256(Sha256Check sha256) {
            this.sha256 = sha256;
        }
    }

    /** What a sha256 mismatch means: Whapi documents the field only as "Checksum". */
    public enum Sha256Check {
        STRICT,
        WARN,
        OFF
    }
}
