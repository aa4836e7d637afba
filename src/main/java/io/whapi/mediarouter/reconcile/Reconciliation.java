package io.whapi.mediarouter.reconcile;

import io.micrometer.core.instrument.MeterRegistry;
import io.whapi.mediarouter.gateway.ChannelTokens;
import io.whapi.mediarouter.gateway.MessageHistory;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.camel.spi.IdempotentRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the archive complete when webhooks were lost (the gateway gave up, a wrong URL or
 * secret): every media.reconcile.interval, for each channel of whapi.channels, the messages of
 * the last media.reconcile.lookback are listed and every media message the ledger does not know
 * is taken in. With several replicas the ledger decides which one reconciles a given window: the
 * first to record "reconcile/{channel}/{window}" in it (shared in JDBC mode), not luck.
 */
public class Reconciliation {

    private static final Logger LOG = LoggerFactory.getLogger(Reconciliation.class);

    private final Map<String, String> channels = new LinkedHashMap<>();
    private final ReconcileProperties settings;
    private final MessageHistory history;
    private final HistoryIntake intake;
    private final IdempotentRepository runs;
    private final MeterRegistry metrics;

    public Reconciliation(
            ChannelTokens tokens,
            ReconcileProperties settings,
            MessageHistory history,
            HistoryIntake intake,
            IdempotentRepository runs,
            MeterRegistry metrics) {
        channels.putAll(tokens.configuredChannels());
        this.settings = settings;
        this.history = history;
        this.intake = intake;
        this.runs = runs;
        this.metrics = metrics;
    }

    /** One run over every channel, as the timer calls it; a channel that fails does not stop the others. */
    public void run() throws InterruptedException {
        if (channels.isEmpty()) {
            LOG.warn("media.reconcile.interval is set, but whapi.channels names no channel to reconcile."
                    + " Set whapi.channels[0].id (env WHAPI_CHANNELS_0_ID) and its token or whapi.token.");
            return;
        }
        Instant now = Instant.now();
        long window = now.toEpochMilli() / Math.max(1, settings.getInterval().toMillis());
        for (Map.Entry<String, String> channel : channels.entrySet()) {
            if (!runs.add("reconcile/" + channel.getKey() + "/" + window)) {
                LOG.debug("Channel {} is reconciled by another replica for this window", channel.getKey());
                continue;
            }
            try {
                reconcile(channel.getKey(), now.minus(settings.getLookback()), now);
            } catch (RuntimeException e) {
                LOG.error("Reconciliation of channel {} failed: {}", channel.getKey(), e.getMessage());
            }
        }
    }

    /** Lists the window page by page and takes in what is missing; the figures of the run. */
    public HistoryIntake.Outcome reconcile(String channelId, Instant from, Instant to) throws InterruptedException {
        int listed = 0;
        int queued = 0;
        long offset = 0;
        while (true) {
            MessageHistory.Page page = history.page(channelId, from.getEpochSecond(), to.getEpochSecond(), offset);
            if (page.messages().isEmpty()) {
                break;
            }
            HistoryIntake.Outcome outcome = intake.takeIn(channelId, page.messages(), "reconcile");
            listed += page.messages().size();
            queued += outcome.queued();
            offset += page.messages().size();
            if (offset >= page.total()) {
                break;
            }
        }
        metrics.counter("whapi.reconcile.listed", "channel", channelId).increment(listed);
        metrics.counter("whapi.reconcile.missing", "channel", channelId).increment(queued);
        if (queued > 0) {
            LOG.warn(
                    "Reconciled channel {} over {}: {} messages listed, {} media found missing and queued."
                            + " Webhooks are being lost: check the webhook URL and secret at the gateway.",
                    channelId,
                    Duration.between(from, to),
                    listed,
                    queued);
        } else {
            LOG.info(
                    "Reconciled channel {} over {}: {} messages listed, {} media found missing",
                    channelId,
                    Duration.between(from, to),
                    listed,
                    queued);
        }
        return new HistoryIntake.Outcome(listed, queued);
    }
}
