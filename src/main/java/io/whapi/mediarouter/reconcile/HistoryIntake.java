package io.whapi.mediarouter.reconcile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.whapi.mediarouter.MediaMessage;
import io.whapi.mediarouter.MediaVariables;
import io.whapi.mediarouter.intake.WebhookParser;
import io.whapi.mediarouter.state.LedgerConfiguration.Ledger;
import java.io.StringReader;
import java.util.List;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.spi.IdempotentRepository;

/**
 * Takes in the media messages of a page of Whapi's message list the way a webhook's are: the
 * page is read by the webhook parser (the messages have the webhook's shape) and goes through
 * record-media-messages (the message ledger, the durable queue); the router then applies the
 * input policy. What the ledger already knows (its webhook came) is counted, not queued again.
 */
public class HistoryIntake {

    /** Per page: media messages listed, and those the ledger did not know, now queued. */
    public record Outcome(int listed, int queued) {}

    private final WebhookParser parser;
    private final Ledger ledger;
    private final IdempotentRepository messageLedger;
    private final ProducerTemplate producer;
    private final ObjectMapper json;

    public HistoryIntake(
            WebhookParser parser,
            Ledger ledger,
            IdempotentRepository messageLedger,
            ProducerTemplate producer,
            ObjectMapper json) {
        this.parser = parser;
        this.ledger = ledger;
        this.messageLedger = messageLedger;
        this.producer = producer;
        this.json = json;
    }

    public Outcome takeIn(String channelId, List<JsonNode> messages, String via) {
        ObjectNode webhook = json.createObjectNode();
        webhook.putArray("messages").addAll(messages);
        webhook.putObject("event").put("type", "messages").put("event", "post");
        webhook.put("channel_id", channelId);
        List<MediaMessage> media = parser.mediaMessages(new StringReader(webhook.toString()));
        int missing = (int) media.stream()
                .filter(m -> !messageLedger.contains(ledger.messageKey(m)))
                .count();
        if (!media.isEmpty()) {
            Exchange done = producer.send("direct:record-media-messages", exchange -> {
                exchange.getMessage().setBody(media);
                exchange.setVariable(MediaVariables.VIA, via);
            });
            if (done.getException() != null) {
                throw new IllegalStateException(
                        "could not queue the media listed for channel " + channelId, done.getException());
            }
        }
        return new Outcome(media.size(), missing);
    }
}
