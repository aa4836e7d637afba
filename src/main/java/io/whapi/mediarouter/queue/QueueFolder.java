package io.whapi.mediarouter.queue;

import io.whapi.mediarouter.MediaMessage;
import java.io.File;
import java.io.IOException;
import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.component.file.GenericFile;
import org.springframework.stereotype.Component;

/**
 * The file media queue's producer side (media.queue.type=file): one entry per media message,
 * {@code {exchange id}.json}, on disk before the intake answers 200. The route's consumer
 * (20-media-router) takes them from the same folder.
 *
 * <p>A bean, not a {@code to: file:} step: Camel's file producer never fsyncs (see
 * {@link DurableFolder}), and a queue file lost after the 200 is a webhook lost, since the ledger
 * answers the gateway's redelivery as a duplicate.
 */
@Component
public class QueueFolder {

    private final QueueEntries entries;
    /** Null with the Kafka queue, which never writes here. */
    private final DurableFolder folder;

    public QueueFolder(QueueEntries entries, QueueCapacity capacity) {
        this.entries = entries;
        this.folder = capacity.onDisk() ? new DurableFolder(capacity.queueDir()) : null;
    }

    /**
     * Writes the entry; unique by the exchange alone, and when it was queued is the file's time
     * (a date in the name made a SimpleDateFormat per media: 1.4% of the CPU, docs/benchmarks.md).
     */
    public void enqueue(@Body MediaMessage media, Exchange exchange) throws IOException {
        folder.write(exchange.getExchangeId() + ".json", entries.toJsonBytes(media));
    }

    /**
     * The router is done with the entry (its message stored or dead-lettered): the file leaves the
     * queue, emptied, for a later {@link #enqueue} to reuse ({@link DurableFolder} says why). The
     * consumer's own delete then finds nothing, or deletes the file when it was not kept. The
     * consumer binds the file it took to the exchange; its headers are gone by now.
     */
    public void recycle(@ExchangeProperty(Exchange.FILE_EXCHANGE_FILE) GenericFile<File> entry) {
        if (folder != null && entry != null) {
            folder.recycle(entry.getFile().toPath());
        }
    }
}
