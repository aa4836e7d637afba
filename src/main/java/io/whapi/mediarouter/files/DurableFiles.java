package io.whapi.mediarouter.files;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * The two fsyncs every durable write here is made of: a file's bytes, and the folder that a rename
 * changed. Camel's file producer does neither (in Camel 4.17 its {@code forceWrites} option is read
 * by nothing), so what must survive a power cut is written or followed up through these.
 */
public final class DurableFiles {

    private DurableFiles() {}

    /** Writes the file (created, or emptied first) and returns once its bytes are on disk. */
    public static void writeForced(Path file, byte[] content) throws IOException {
        try (FileChannel out = FileChannel.open(
                file, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
            ByteBuffer buffer = ByteBuffer.wrap(content);
            while (buffer.hasRemaining()) {
                out.write(buffer);
            }
            out.force(true);
        }
    }

    /** Returns once what is already in the file is on disk. */
    public static void force(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }

    /**
     * Renames a written and forced file over the target (atomically: a reader sees the old file or
     * the new one) and returns once the rename is on disk. Without the folder's fsync a power cut
     * can undo the rename after the caller was told the file is there: ext4 keeps renames in
     * order with its journal, other file systems (btrfs, xfs) do not.
     */
    public static void moveIntoPlace(Path written, Path target) throws IOException {
        Files.move(written, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        forceFolder(target.getParent());
    }

    /**
     * Returns once the folder's entries (a rename into it, a file created in it) are on disk: Linux
     * opens a folder for reading and fsyncs it like a file.
     */
    public static void forceFolder(Path folder) throws IOException {
        force(folder);
    }
}
