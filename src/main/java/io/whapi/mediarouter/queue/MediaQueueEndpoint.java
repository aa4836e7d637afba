package io.whapi.mediarouter.queue;

import io.whapi.mediarouter.MediaMessage;
import java.nio.file.Path;
import org.apache.camel.Consumer;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.support.DefaultEndpoint;
import org.apache.camel.support.DefaultProducer;

/** {@code media-queue:journal} ({@link MediaQueueComponent}). */
public class MediaQueueEndpoint extends DefaultEndpoint {

    private final QueueJournal journal;
    private final QueueEntries entries;
    private final Path unreadableFolder;
    /** How many entries are in work at once, each on a thread of its own. */
    private int concurrentConsumers = 1;

    MediaQueueEndpoint(
            String uri,
            MediaQueueComponent component,
            QueueJournal journal,
            QueueEntries entries,
            Path unreadableFolder) {
        super(uri, component);
        this.journal = journal;
        this.entries = entries;
        this.unreadableFolder = unreadableFolder;
    }

    public int getConcurrentConsumers() {
        return concurrentConsumers;
    }

    public void setConcurrentConsumers(int concurrentConsumers) {
        if (concurrentConsumers < 1) {
            throw new IllegalArgumentException("concurrentConsumers must be at least 1, not " + concurrentConsumers);
        }
        this.concurrentConsumers = concurrentConsumers;
    }

    QueueJournal journal() {
        return journal;
    }

    /** Where an entry that is no queue entry is set aside. */
    Path unreadableFolder() {
        return unreadableFolder;
    }

    /** Appends the body, a {@link MediaMessage}, as a queue entry; returns once it is on disk. */
    @Override
    public Producer createProducer() {
        return new DefaultProducer(this) {
            @Override
            public void process(Exchange exchange) throws Exception {
                journal.append(entries.toJsonBytes(exchange.getIn().getMandatoryBody(MediaMessage.class)));
            }
        };
    }

    @Override
    public Consumer createConsumer(Processor processor) throws Exception {
        Consumer consumer = new MediaQueueConsumer(this, processor);
        configureConsumer(consumer);
        return consumer;
    }
}
