package io.whapi.mediarouter.queue;

import io.whapi.mediarouter.files.DurableFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * A folder whose files survive a crash or a power cut once {@link #write} returns: each is written
 * under a hidden temporary name (a dot first, which Camel's file consumer and our listings skip),
 * fsynced, renamed into place, and then the folder itself is fsynced, since the rename is a change
 * of the folder that its own fsync makes durable. Renames made at the same time share one folder
 * fsync (group commit, as in the ledger's AppendOnlyLog): one covers every rename done before it began.
 *
 * <p>Camel's file producer cannot be asked for this: it never fsyncs ({@link DurableFiles}).
 */
final class DurableFolder {

    private final Path folder;
    private final Object folderSyncLock = new Object();
    /** Renames done so far and renames known to be on disk; guarded by this and by folderSyncLock. */
    private long renamed;

    private long synced;
    private long folderSyncs;

    public DurableFolder(Path folder) {
        this.folder = folder;
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + folder, e);
        }
    }

    /** Writes the file {@code name} with this content; returns once file and name are on disk. */
    public Path write(String name, byte[] content) {
        Path temporary = folder.resolve(".incoming-" + name);
        Path target = folder.resolve(name);
        try {
            DurableFiles.writeForced(temporary, content);
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            deleteQuietly(temporary);
            throw new UncheckedIOException("cannot write " + target, e);
        }
        long ticket;
        synchronized (this) {
            ticket = ++renamed;
        }
        syncFolder(ticket);
        return target;
    }

    /** How many times the folder was fsynced: fewer than the files written when writers overlap. */
    public synchronized long folderSyncs() {
        return folderSyncs;
    }

    private void syncFolder(long ticket) {
        synchronized (folderSyncLock) {
            if (synced >= ticket) {
                return;
            }
            long upTo;
            synchronized (this) {
                upTo = renamed;
                folderSyncs++;
            }
            try {
                DurableFiles.forceFolder(folder);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot sync the folder " + folder, e);
            }
            synced = upTo;
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // the write failed already: that is what the caller hears about
        }
    }
}
