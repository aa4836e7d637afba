package io.whapi.mediarouter.queue;

import io.whapi.mediarouter.files.DurableFiles;
import io.whapi.mediarouter.files.FolderSyncs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A folder whose files survive a crash or a power cut once {@link #write} returns: each is written
 * under a hidden temporary name (a dot first, which Camel's file consumer and our listings skip),
 * fsynced, renamed into place, and then the folder itself is fsynced, since the rename is a change
 * of the folder that its own fsync makes durable. Renames made at the same time share one folder
 * fsync ({@link FolderSyncs}).
 *
 * <p>Files are recycled, as PostgreSQL recycles its WAL segments: a file whose work is done is
 * emptied and kept under {@code .recycled/} ({@link #recycle}), and the next write renames one into
 * place rather than creating a file. Creating and deleting a small file per media was the largest
 * single cost of the intake on the benchmark's machine: on ext4 without a journal, creating a file
 * searches the inode bitmap past every inode freed in the last minute or so (the kernel's
 * {@code recently_deleted}): 7.3% of the app's CPU in an async-profiler run of small media to the
 * file sink, 0.9% with the files recycled ({@code bench/profile.sh}, docs/benchmarks.md,
 * 2026-12-04). Emptied before it is kept, a recycled file holds no message.
 *
 * <p>Camel's file producer cannot be asked for this: it never fsyncs ({@link DurableFiles}).
 */
final class DurableFolder {

    private static final Logger LOG = LoggerFactory.getLogger(DurableFolder.class);
    /**
     * A burst of webhooks is written while the router works off the one before, so what the last
     * burst finished is what the next one reuses: 256 kept still left 4.7% of the CPU in creating
     * queue files in bursts of 2,000 (the benchmark's). An empty file costs an inode and a name.
     */
    static final int RECYCLED_AT_MOST = 4096;

    private final Path folder;
    private final Path recycledFolder;
    private final BlockingQueue<Path> recycled = new ArrayBlockingQueue<>(RECYCLED_AT_MOST);
    private volatile boolean recycledFolderMade;
    private final FolderSyncs folderSyncs = new FolderSyncs();

    public DurableFolder(Path folder) {
        this.folder = folder;
        this.recycledFolder = folder.resolve(".recycled");
        try {
            Files.createDirectories(folder);
            emptyRecycledFolder();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + folder, e);
        }
    }

    /** A crash between a recycle's rename and its emptying may have left a message there. */
    private void emptyRecycledFolder() throws IOException {
        if (Files.isDirectory(recycledFolder)) {
            try (var left = Files.newDirectoryStream(recycledFolder)) {
                for (Path file : left) {
                    Files.deleteIfExists(file);
                }
            }
        }
    }

    /** Writes the file {@code name} with this content; returns once file and name are on disk. */
    public Path write(String name, byte[] content) {
        Path temporary = folder.resolve(".incoming-" + name);
        Path target = folder.resolve(name);
        try {
            Path reused = recycled.poll();
            if (reused != null) {
                try {
                    Files.move(reused, temporary, StandardCopyOption.ATOMIC_MOVE);
                } catch (IOException e) {
                    // gone (the folder moved, say): a new file, below
                }
            }
            DurableFiles.writeForced(temporary, content);
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            deleteQuietly(temporary);
            throw new UncheckedIOException("cannot write " + target, e);
        }
        try {
            folderSyncs.afterRenameInto(folder);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot sync the folder " + folder, e);
        }
        return target;
    }

    /**
     * The work of this file is done: it leaves the folder (as a deletion would) for
     * {@code .recycled/}, emptied, for a later {@link #write} to reuse. When enough are kept already,
     * or it cannot be moved, it is left where it is for the caller to delete.
     */
    public void recycle(Path done) {
        if (recycled.remainingCapacity() == 0) {
            return;
        }
        // not under its own name: a listing for entries (*.json) must not take it for one
        Path kept = recycledFolder.resolve(done.getFileName() + ".empty");
        try {
            if (!recycledFolderMade) {
                Files.createDirectories(recycledFolder);
                recycledFolderMade = true;
            }
            Files.move(done, kept, StandardCopyOption.ATOMIC_MOVE);
        } catch (NoSuchFileException e) {
            return;
        } catch (IOException e) {
            LOG.debug("Could not recycle {}, it is deleted instead: {}", done, e.getMessage());
            return;
        }
        try {
            FileChannel.open(kept, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)
                    .close();
            if (recycled.offer(kept)) {
                return;
            }
        } catch (IOException e) {
            LOG.debug("Could not empty {}: {}", kept, e.getMessage());
        }
        deleteQuietly(kept);
    }

    /** How many times the folder was fsynced: fewer than the files written when writers overlap. */
    public long folderSyncs() {
        return folderSyncs.fsyncs();
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // the write failed already: that is what the caller hears about
        }
    }
}
