package io.whapi.mediarouter.files;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * A file of lines that only grows, made durable by group commit: {@link #append} writes a line
 * and returns its ticket, {@link #sync} returns once that line is on disk. Lines written at the
 * same time share one fsync: the fsync happens outside the lock that orders the lines, and one
 * fsync covers every line written before it started. {@link #rewrite} replaces the whole file
 * atomically (compaction). The file stores of the ledger and of the event outbox keep their
 * state this way.
 */
public final class AppendOnlyLog implements AutoCloseable {

    private final Path file;
    private FileChannel channel;
    /** Lines appended so far, and lines known to be on disk; guarded by this and by {@link #syncLock}. */
    private long written;

    private long synced;
    private long bytes;
    private final Object syncLock = new Object();

    /** Opens the file for appending, creating it (and its folder) when missing. */
    public AppendOnlyLog(Path file) {
        this.file = file;
        try {
            Files.createDirectories(file.getParent());
            channel = open(file);
            bytes = channel.size();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open " + file, e);
        }
    }

    private static FileChannel open(Path file) throws IOException {
        return FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    }

    /**
     * Opens the file for appending after compacting it to these lines (what its reader kept of
     * {@link #readLines}): how a store opens its log.
     */
    public static AppendOnlyLog compacted(Path file, List<String> liveLines) {
        try {
            writeAtomically(file, liveLines);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot compact " + file, e);
        }
        return new AppendOnlyLog(file);
    }

    /** The lines of the file (a last line cut by a crash included: readers skip what they cannot parse). */
    public static List<String> readLines(Path file) {
        try {
            return Files.exists(file) ? Files.readAllLines(file, StandardCharsets.UTF_8) : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** Writes the line (with its newline); returns its ticket for {@link #sync}. */
    public long append(String line) {
        return appendLine((line + '\n').getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Writes these bytes, one whole line that ends with its newline; returns its ticket for
     * {@link #sync}. A write that fails may have left part of the line: the caller writes no more
     * to this file (its readers stop at the last newline).
     */
    public synchronized long appendLine(byte[] lineWithNewline) {
        try {
            ByteBuffer buffer = ByteBuffer.wrap(lineWithNewline);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            bytes += lineWithNewline.length;
            return ++written;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** Returns once the line with this ticket is on disk: by this thread's fsync, or one begun after it was written. */
    public void sync(long ticket) {
        synchronized (syncLock) {
            if (synced >= ticket) {
                return;
            }
            long upTo;
            FileChannel current;
            synchronized (this) {
                upTo = written;
                current = channel;
            }
            // outside this object's lock, so that appends go on meanwhile; rewrite waits (syncLock)
            try {
                current.force(false);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + file, e);
            }
            synced = upTo;
        }
    }

    /**
     * Empties the file, keeping it (and its inode) for the lines that follow: what a reader knew
     * is done with. Every line appended before counts as synced: the caller no longer needs it.
     */
    public void truncate() {
        synchronized (syncLock) {
            synchronized (this) {
                try {
                    channel.truncate(0);
                    bytes = 0;
                    synced = written;
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot empty " + file, e);
                }
            }
        }
    }

    /** The bytes in the file now. */
    public synchronized long size() {
        return bytes;
    }

    /**
     * Replaces the file with these lines: written beside it, fsynced, renamed over it. Every line
     * appended before counts as synced, since the new file holds what it said.
     */
    public void rewrite(List<String> lines) {
        synchronized (syncLock) {
            synchronized (this) {
                try {
                    channel.close();
                    writeAtomically(file, lines);
                    channel = open(file);
                    bytes = channel.size();
                    synced = written;
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot compact " + file, e);
                }
            }
        }
    }

    /**
     * Writes the lines to a file beside {@code file}, fsyncs it, renames it over {@code file} and
     * fsyncs the rename.
     */
    public static void writeAtomically(Path file, List<String> lines) throws IOException {
        Files.createDirectories(file.getParent());
        Path compacted = file.resolveSibling(file.getFileName() + ".compacting");
        Files.write(compacted, lines, StandardCharsets.UTF_8);
        DurableFiles.force(compacted);
        DurableFiles.moveIntoPlace(compacted, file);
    }

    @Override
    public synchronized void close() {
        try {
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close " + file, e);
        }
    }
}
