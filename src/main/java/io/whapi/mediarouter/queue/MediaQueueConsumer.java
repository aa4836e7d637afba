package io.whapi.mediarouter.queue;

import io.whapi.mediarouter.files.DurableFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.support.DefaultConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands the journal's entries to the route, each on one of {@code concurrentConsumers} threads,
 * and settles each entry when its exchange is over: done when it completed (the message stored or
 * dead-lettered); set aside into dead-letter/unreadable and done when it is no queue entry at all;
 * given back to be taken again otherwise (the dead-letter store itself failing, say), after a
 * pause, so that a failure that lasts does not spin.
 */
final class MediaQueueConsumer extends DefaultConsumer {

    private static final Logger LOG = LoggerFactory.getLogger(MediaQueueConsumer.class);
    /** How long a worker waits for an entry before it looks whether it should stop. */
    private static final long TAKE_TIMEOUT_MILLIS = 500;
    /** The pause after an entry was given back for a failure other than its message's. */
    private static final long PAUSE_AFTER_FAILURE_MILLIS = 1000;

    private final QueueJournal journal;
    private final int concurrentConsumers;
    private final Path unreadableFolder;
    private ExecutorService workers;

    MediaQueueConsumer(MediaQueueEndpoint endpoint, Processor processor) {
        super(endpoint, processor);
        this.journal = endpoint.journal();
        this.concurrentConsumers = endpoint.getConcurrentConsumers();
        this.unreadableFolder = endpoint.unreadableFolder();
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        workers = getEndpoint()
                .getCamelContext()
                .getExecutorServiceManager()
                .newFixedThreadPool(this, "MediaQueue", concurrentConsumers);
        for (int i = 0; i < concurrentConsumers; i++) {
            workers.execute(this::work);
        }
    }

    @Override
    protected void doStop() throws Exception {
        if (workers != null) {
            // each worker ends its exchange and stops at the next take; not waited for here:
            // Camel's shutdown strategy waits for exchanges in flight (camel.main.shutdown-timeout),
            // and an entry whose exchange is cut off stays in the journal for the next start
            workers.shutdown();
            workers = null;
        }
        super.doStop();
    }

    private void work() {
        while (isRunAllowed()) {
            QueueJournal.Entry entry;
            try {
                entry = journal.take(TAKE_TIMEOUT_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (entry == null) {
                continue;
            }
            if (!isRunAllowed()) {
                journal.retry(entry);
                return;
            }
            if (!process(entry)) {
                try {
                    Thread.sleep(PAUSE_AFTER_FAILURE_MILLIS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /** Runs the entry through the route and settles it; false when it was given back. */
    private boolean process(QueueJournal.Entry entry) {
        // what the logs call it, and its file's name if it is set aside: numbers begin again at 1
        // once a restart finds the queue empty, the time keeps names apart
        String name = "queue-entry-" + System.currentTimeMillis() + "-" + entry.number() + ".json";
        Exchange exchange = createExchange(false);
        exchange.getIn().setBody(entry.json());
        exchange.getIn().setHeader(Exchange.FILE_NAME, name);
        try {
            getProcessor().process(exchange);
        } catch (Exception e) {
            exchange.setException(e);
        }
        try {
            Throwable failure = exchange.getException();
            if (failure == null) {
                journal.done(entry);
                return true;
            }
            if (exchange.getException(UnreadableQueueEntryException.class) != null) {
                setAside(entry, name);
                return true;
            }
            LOG.error(
                    "Queue entry {} could not be finished, it is taken again: {}", entry.number(), failure.toString());
            journal.retry(entry);
            return false;
        } finally {
            releaseExchange(exchange, false);
        }
    }

    /** Not a queue entry (a line written by hand, say): kept where an operator looks, and done. */
    private void setAside(QueueJournal.Entry entry, String name) {
        try {
            Files.createDirectories(unreadableFolder);
            Path written = unreadableFolder.resolve(".incoming-" + name);
            DurableFiles.writeForced(written, entry.json());
            DurableFiles.moveIntoPlace(written, unreadableFolder.resolve(name));
            journal.done(entry);
        } catch (IOException e) {
            LOG.error(
                    "Queue entry {} could not be set aside in {}, it is taken again: {}",
                    entry.number(),
                    unreadableFolder,
                    e.getMessage());
            journal.retry(entry);
        }
    }
}
