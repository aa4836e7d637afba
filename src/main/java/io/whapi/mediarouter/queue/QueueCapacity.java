package io.whapi.mediarouter.queue;

import io.whapi.mediarouter.config.MediaProperties;
import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import org.springframework.stereotype.Component;

/**
 * Whether the queue folder can take more webhooks: it is a folder, and the disk has room. With
 * the Kafka queue there is no folder: the broker's acknowledgement is the check, made for each
 * record (a broker that cannot take it gives the same 503).
 */
@Component
public class QueueCapacity {

    private final Path queueDir;
    private final long minFreeBytes;
    private final boolean onDisk;
    // found once: looking it up scans the mount table, and this runs for every webhook
    private volatile FileStore fileStore;

    public QueueCapacity(MediaProperties media, QueueProperties queue) {
        this.queueDir = media.getWorkDir().resolve("queue");
        this.minFreeBytes = queue.getMinFreeSpace().toBytes();
        this.onDisk = queue.getType() == QueueProperties.Type.FILE;
    }

    /** The queue folder: the one place that derives it from the work dir on the Java side. */
    public Path queueDir() {
        return queueDir;
    }

    /** Whether the queue is the folder (media.queue.type=file), not a Kafka topic. */
    public boolean onDisk() {
        return onDisk;
    }

    public void checkAcceptingWork() {
        if (!onDisk) {
            return;
        }
        if (!Files.isDirectory(queueDir)) {
            throw new QueueUnavailableException("the queue folder " + queueDir + " is not a folder");
        }
        try {
            long free = fileStore().getUsableSpace();
            if (free < minFreeBytes) {
                throw new QueueUnavailableException("only " + free + " bytes free in " + queueDir
                        + ", under media.queue.min-free-space (" + minFreeBytes + " bytes)");
            }
        } catch (IOException e) {
            throw new QueueUnavailableException("cannot read the free space of " + queueDir + ": " + e.getMessage());
        }
    }

    private FileStore fileStore() throws IOException {
        FileStore store = fileStore;
        if (store == null) {
            store = Files.getFileStore(queueDir);
            fileStore = store;
        }
        return store;
    }
}
