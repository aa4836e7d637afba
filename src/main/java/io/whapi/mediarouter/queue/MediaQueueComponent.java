package io.whapi.mediarouter.queue;

import io.whapi.mediarouter.config.MediaProperties;
import java.nio.file.Path;
import java.util.Map;
import org.apache.camel.Endpoint;
import org.apache.camel.support.DefaultComponent;
import org.springframework.stereotype.Component;

/**
 * {@code media-queue:journal}, the file media queue as a Camel endpoint: a producer appends a media
 * message and returns once it is on disk (15-media-queue), a consumer hands the entries to the
 * router ({@code concurrentConsumers} at a time, 20-media-router) and takes each out of the queue
 * when its exchange completes, as Camel's file consumer deletes the file it read. Both sides share
 * one {@link QueueJournal} in {work-dir}/queue/journal.
 *
 * <p>A component of our own, not {@code file:} or {@code seda:}: the file component writes a file
 * per entry and never fsyncs (a tenth of the CPU per stored media went to it and to our fsyncs
 * around it, {@link QueueJournal}); seda keeps what waits in memory, lost in a crash.
 */
@Component("media-queue")
public class MediaQueueComponent extends DefaultComponent {

    private final QueueEntries entries;
    private final Path journalFolder;
    private final Path unreadableFolder;
    /** Opened with the first endpoint: with the Kafka queue no route asks for one. */
    private QueueJournal journal;

    public MediaQueueComponent(QueueEntries entries, QueueCapacity capacity, MediaProperties media) {
        this.entries = entries;
        this.journalFolder = capacity.queueDir().resolve("journal");
        this.unreadableFolder = media.getWorkDir().resolve("dead-letter").resolve("unreadable");
    }

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        if (!"journal".equals(remaining)) {
            throw new IllegalArgumentException(
                    "media-queue has one queue, media-queue:journal; " + uri + " names another");
        }
        MediaQueueEndpoint endpoint = new MediaQueueEndpoint(uri, this, journal(), entries, unreadableFolder);
        setProperties(endpoint, parameters);
        return endpoint;
    }

    synchronized QueueJournal journal() {
        if (journal == null) {
            journal = new QueueJournal(journalFolder);
        }
        return journal;
    }

    /** Media messages appended and not yet stored or dead-lettered; 0 before the journal is opened. */
    public synchronized long queued() {
        return journal == null ? 0 : journal.queued();
    }

    @Override
    protected synchronized void doStop() throws Exception {
        super.doStop();
        if (journal != null) {
            journal.close();
            journal = null;
        }
    }
}
