package io.whapi.mediarouter.erasure;

import io.whapi.mediarouter.MediaMessage;
import org.apache.camel.spi.IdempotentRepository;

/**
 * What the state keeps of an erased message: a keyed hash of its channel and id, for good (no
 * retention), so that a redelivered webhook, a reconciliation, a backfill or a replay of it
 * stores nothing again. The input policy asks it ({@code reason=erased}).
 */
public class Tombstones {

    private final IdempotentRepository ledger;
    private final Receipts receipts;

    Tombstones(IdempotentRepository ledger, Receipts receipts) {
        this.ledger = ledger;
        this.receipts = receipts;
    }

    public void bury(String channelId, String messageId) {
        ledger.add(key(channelId, messageId));
    }

    public boolean erased(MediaMessage media) {
        return receipts.ready() && ledger.contains(key(media.channelId(), media.messageId()));
    }

    private String key(String channelId, String messageId) {
        return receipts.hash(channelId + "/" + messageId);
    }
}
