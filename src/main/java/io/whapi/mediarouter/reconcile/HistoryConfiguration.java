package io.whapi.mediarouter.reconcile;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.whapi.mediarouter.gateway.ChannelTokens;
import io.whapi.mediarouter.gateway.MessageHistory;
import io.whapi.mediarouter.gateway.WhapiGateway;
import io.whapi.mediarouter.intake.WebhookParser;
import io.whapi.mediarouter.state.LedgerConfiguration.Ledger;
import io.whapi.mediarouter.state.StateStore;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.spi.IdempotentRepository;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Whapi's message history: the client, the intake of its pages, and the reconciliation routes/12 runs. */
@Configuration(proxyBeanMethods = false)
public class HistoryConfiguration {

    @Bean
    public MessageHistory messageHistory(WhapiGateway gateway, ReconcileProperties reconcile, ObjectMapper json) {
        return new MessageHistory(gateway, reconcile.getMaxRequestsPerSecond(), json);
    }

    @Bean
    public HistoryIntake historyIntake(
            WebhookParser parser,
            Ledger ledger,
            IdempotentRepository messageLedger,
            ProducerTemplate producer,
            ObjectMapper json) {
        return new HistoryIntake(parser, ledger, messageLedger, producer, json);
    }

    /** Which replica reconciled which window: "reconcile/{channel}/{window}", in the ledger's store. */
    @Bean(destroyMethod = "stop")
    public IdempotentRepository runLedger(StateStore state) {
        return state.ledger("runs", false);
    }

    /** Backfills and their checkpoints: {@code ledger/backfills/} or the table {@code whapi_backfill}. */
    @Bean
    public Backfills backfills(StateStore state, ObjectMapper json, MessageHistory history, HistoryIntake intake) {
        return new Backfills(
                state.leasedRecords("backfills", "whapi_backfill", "backfill", Backfill.class, Backfill::id, json),
                history,
                intake);
    }

    @Bean
    public Reconciliation reconciliation(
            ChannelTokens tokens,
            ReconcileProperties reconcile,
            MessageHistory history,
            HistoryIntake intake,
            IdempotentRepository runLedger,
            MeterRegistry metrics) {
        return new Reconciliation(tokens, reconcile, history, intake, runLedger, metrics);
    }
}
