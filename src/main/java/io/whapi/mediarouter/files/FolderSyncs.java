package io.whapi.mediarouter.files;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The fsyncs that make renames into folders durable, shared by renames made at the same time
 * (group commit, as {@link io.whapi.mediarouter.files.AppendOnlyLog} does for lines): one fsync of
 * a folder covers every rename into it made before the fsync began. Media stored at the same
 * time go into the same folder (a sink's folder of the day and type, the queue folder), so a
 * rename that finds an fsync of its folder in flight waits for it and, most often, for no other.
 */
public final class FolderSyncs {

    /** A day's folders come and go: past this many, the ones known are forgotten (and shared afresh). */
    private static final int FOLDERS_KEPT = 1024;

    private final Map<Path, Folder> folders = new ConcurrentHashMap<>();
    private final AtomicLong fsyncs = new AtomicLong();

    /**
     * Returns once every rename into the folder made before this call is on disk: an fsync of the
     * folder begun after this call has ended (this caller's own, or one it waited for).
     */
    public void afterRenameInto(Path folder) throws IOException {
        if (folders.size() > FOLDERS_KEPT) {
            // a waiter on a forgotten folder still gets its fsync: it only shares it with fewer
            folders.clear();
        }
        folders.computeIfAbsent(folder, Folder::new).sync();
    }

    /** How many fsyncs were made: fewer than the calls when renames overlap. */
    public long fsyncs() {
        return fsyncs.get();
    }

    private final class Folder {

        private final Path path;
        private final Object syncLock = new Object();
        /** Calls so far (guarded by this), and the calls known to be covered (guarded by syncLock). */
        private long requested;

        private long synced;

        Folder(Path path) {
            this.path = path;
        }

        void sync() throws IOException {
            long ticket;
            synchronized (this) {
                ticket = ++requested;
            }
            synchronized (syncLock) {
                if (synced >= ticket) {
                    return;
                }
                long upTo;
                synchronized (this) {
                    upTo = requested;
                }
                fsyncs.incrementAndGet();
                DurableFiles.forceFolder(path);
                synced = upTo;
            }
        }
    }
}
