package io.whapi.mediarouter.queue;

import io.whapi.mediarouter.files.AppendOnlyLog;
import io.whapi.mediarouter.files.DurableFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The file media queue (media.queue.type=file): one log of entries, as a database keeps its
 * write-ahead log. {@link #append} writes an entry and returns once it is on disk; appends made at
 * the same time share one fsync (group commit, {@link AppendOnlyLog}). {@link #take} hands entries
 * out in order, {@link #done} records that an entry's message is stored or dead-lettered.
 *
 * <p>Why a log and not a file per entry: an entry as a file of its own (written, fsynced, renamed,
 * its folder fsynced, taken by a polling consumer, then deleted) cost 198 to 463 µs of CPU per
 * entry in a spike of 16 threads writing 900-byte entries; appended to one file with group commit
 * 71 to 106 µs; and the file queue was about a tenth of the CPU per stored media in
 * {@code bench/profile.sh small-file} (docs/benchmarks.md, "The queue as one log").
 *
 * <p>The log is a row of segment files, {@code {first entry's number}.log}, one line per record:
 * {@code +{n} {entry json}} for an entry, {@code -{n}} for "entry n is done". A done line is
 * written and not waited for: lost with the machine, it only has its entry taken again after the
 * restart, which the sinks' ledger turns into a no-op. A segment goes once every entry in it and
 * in the segments before it is done: the oldest is deleted, and the one being written is emptied
 * in place (its inode kept, as the folder queue recycled its files), so that no message stays on
 * disk once the queue has worked it off. A new segment is begun past {@link #SEGMENT_BYTES}.
 *
 * <p>Opened, it reads what a stop or a crash left: entries without their done line are handed out
 * again, first; a last line cut short by a crash (never acknowledged: its append had not
 * returned) is passed over. Appends go to a new segment. A segment whose write failed is written
 * no more, since a part of a line may be left in it.
 */
public final class QueueJournal implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(QueueJournal.class);
    /** Past this, appends go to a new segment, so that the old one can go once its entries are done. */
    static final long SEGMENT_BYTES = 16L << 20;

    private static final byte ENTRY = '+';
    private static final byte DONE = '-';

    /** One entry taken for work: give it back with {@link #done} or {@link #retry}. */
    public static final class Entry {
        private final long number;
        private final byte[] json;
        private final Segment segment;

        private Entry(long number, byte[] json, Segment segment) {
            this.number = number;
            this.json = json;
            this.segment = segment;
        }

        /** Its number in the journal, unique while it is queued. */
        public long number() {
            return number;
        }

        /** The queue entry's JSON ({@link QueueEntries}). */
        public byte[] json() {
            return json;
        }
    }

    private static final class Segment {
        final Path file;
        /** Null for a segment written before the journal was opened, or one whose write failed. */
        AppendOnlyLog log;
        /** Bytes of whole lines in the file: readers stop there. */
        long end;
        /** Entries in it that are not done. */
        long live;
        /** The number of its first entry, as read when the journal was opened. */
        long firstNumber = Long.MAX_VALUE;

        boolean deleted;

        Segment(Path file) {
            this.file = file;
        }
    }

    private final Path folder;
    private final long segmentBytes;
    /** Oldest first; the last is the one written to, when {@link #writing} is not null. */
    private final ArrayDeque<Segment> segments = new ArrayDeque<>();

    private Segment writing;
    private long nextNumber = 1;
    private long queued;
    /** Entries given back by {@link #retry}, handed out before the log's next one. */
    private final ArrayDeque<Entry> retries = new ArrayDeque<>();
    /** Entries found done when the journal was opened, not yet passed by the reader. */
    private final Set<Long> doneAhead = new HashSet<>();

    private final SegmentReader reader = new SegmentReader();
    private boolean closed;

    /** Opens the journal in this folder (creating it), with what a stop or crash left in it. */
    public QueueJournal(Path folder) {
        this(folder, SEGMENT_BYTES);
    }

    QueueJournal(Path folder, long segmentBytes) {
        this.folder = folder;
        this.segmentBytes = segmentBytes;
        try {
            Files.createDirectories(folder);
            recover();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the queue journal in " + folder, e);
        }
    }

    private void recover() throws IOException {
        List<Path> files;
        try (Stream<Path> listed = Files.list(folder)) {
            files = listed.filter(f -> f.getFileName().toString().endsWith(".log"))
                    .sorted()
                    .toList();
        }
        for (Path file : files) {
            Segment segment = new Segment(file);
            segment.end = lastNewline(file);
            segments.addLast(segment);
        }
        // one pass: an entry's done line always comes after it, in its segment or a later one
        for (Segment segment : segments) {
            reader.open(segment);
            for (byte[] line = reader.nextLine(); line != null; line = reader.nextLine()) {
                long number = number(line);
                if (number < 0) {
                    continue;
                }
                nextNumber = Math.max(nextNumber, number + 1);
                if (line[0] == ENTRY) {
                    segment.live++;
                    queued++;
                    segment.firstNumber = Math.min(segment.firstNumber, number);
                } else {
                    Segment of = segmentHolding(number);
                    if (of != null) {
                        of.live--;
                        queued--;
                        doneAhead.add(number);
                    }
                }
            }
        }
        reader.close();
        releaseDoneSegments();
        reader.open(segments.peekFirst());
        if (queued > 0) {
            LOG.info("The media queue holds {} message(s) left by the last stop; they are taken first", queued);
        }
    }

    /**
     * While opening: the segment read so far whose entries include this number (the last one to
     * begin at or before it; segments not read yet have no first number), or null when its
     * segment is gone.
     */
    private Segment segmentHolding(long number) {
        Segment holding = null;
        for (Segment segment : segments) {
            if (segment.firstNumber <= number) {
                holding = segment;
            }
        }
        return holding;
    }

    /**
     * Appends the entry; returns once it is on disk. Throws when it cannot be written: the intake
     * then answers 503 and the gateway sends the webhook again.
     */
    public void append(byte[] entryJson) {
        Segment segment;
        long ticket;
        synchronized (this) {
            if (closed) {
                throw new QueueUnavailableException("the media queue is closed");
            }
            if (writing == null || writing.end >= segmentBytes) {
                beginSegment();
            }
            segment = writing;
            byte[] prefix = ("+" + nextNumber + " ").getBytes(StandardCharsets.US_ASCII);
            byte[] line = new byte[prefix.length + entryJson.length + 1];
            System.arraycopy(prefix, 0, line, 0, prefix.length);
            System.arraycopy(entryJson, 0, line, prefix.length, entryJson.length);
            line[line.length - 1] = '\n';
            try {
                ticket = segment.log.appendLine(line);
            } catch (UncheckedIOException e) {
                writeNoMore(segment);
                throw e;
            }
            nextNumber++;
            segment.live++;
            segment.end += line.length;
            queued++;
            notifyAll();
        }
        try {
            segment.log.sync(ticket);
        } catch (UncheckedIOException e) {
            synchronized (this) {
                if (segment.deleted || segment.live == 0) {
                    // done and gone already: its message is stored
                    return;
                }
                writeNoMore(segment);
            }
            throw e;
        }
    }

    private void beginSegment() {
        Path file = folder.resolve(String.format("%020d.log", nextNumber));
        Segment segment = new Segment(file);
        try {
            segment.log = new AppendOnlyLog(file);
            // the new file's name must be on disk before an entry in it counts as written
            DurableFiles.forceFolder(folder);
        } catch (IOException | UncheckedIOException e) {
            if (segment.log != null) {
                segment.log.close();
            }
            throw new UncheckedIOException("cannot begin a queue segment in " + folder, asIo(e));
        }
        if (writing != null) {
            writeNoMore(writing);
        }
        segments.addLast(segment);
        writing = segment;
        if (reader.segment == null) {
            reader.open(segment);
        }
    }

    private static IOException asIo(Exception e) {
        return e instanceof UncheckedIOException u ? u.getCause() : (IOException) e;
    }

    /** The segment keeps its entries for the reader; appends go to a new one. */
    private void writeNoMore(Segment segment) {
        if (writing == segment) {
            writing = null;
        }
    }

    /**
     * The next entry to work on, in the order appended (entries given back by {@link #retry}
     * first); null when none comes within the timeout or the journal is closed.
     */
    public synchronized Entry take(long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
        while (!closed) {
            Entry retry = retries.poll();
            if (retry != null) {
                return retry;
            }
            Entry next = readNext();
            if (next != null) {
                return next;
            }
            long waitMillis = (deadline - System.nanoTime()) / 1_000_000L;
            if (waitMillis <= 0) {
                return null;
            }
            wait(waitMillis);
        }
        return null;
    }

    private Entry readNext() {
        while (reader.segment != null) {
            byte[] line = reader.nextLine();
            if (line == null) {
                Segment after = following(reader.segment);
                if (after == null) {
                    return null;
                }
                reader.open(after);
                continue;
            }
            long number = number(line);
            if (number < 0 || line[0] != ENTRY || doneAhead.remove(number)) {
                continue;
            }
            int json = line.length;
            for (int i = 1; i < line.length; i++) {
                if (line[i] == ' ') {
                    json = i + 1;
                    break;
                }
            }
            byte[] entry = new byte[line.length - json];
            System.arraycopy(line, json, entry, 0, entry.length);
            return new Entry(number, entry, reader.segment);
        }
        return null;
    }

    private Segment following(Segment segment) {
        boolean found = false;
        for (Segment each : segments) {
            if (found) {
                return each;
            }
            found = each == segment;
        }
        return null;
    }

    /** The entry's message is stored or dead-lettered: it leaves the queue. */
    public synchronized void done(Entry entry) {
        Segment segment = entry.segment;
        if (segment.deleted || closed) {
            // closed: stopped while its exchange was in flight; it is taken again after the start
            return;
        }
        segment.live--;
        queued--;
        releaseDoneSegments();
        // released (deleted, or emptied in place as the last one): nothing left to mark
        boolean released = segment.deleted || segment.end == 0;
        if (!released) {
            try {
                if (writing == null) {
                    beginSegment();
                }
                // not synced: lost with the machine, the entry is only taken again
                byte[] line = ("-" + entry.number + "\n").getBytes(StandardCharsets.US_ASCII);
                writing.log.appendLine(line);
                writing.end += line.length;
            } catch (UncheckedIOException e) {
                LOG.warn(
                        "Could not record queue entry {} as done ({}); it is taken again after a restart",
                        entry.number,
                        e.getMessage());
                if (writing != null) {
                    writeNoMore(writing);
                }
            }
        }
    }

    /** The entry could not be worked on now: it is handed out again before the log's next. */
    public synchronized void retry(Entry entry) {
        retries.addLast(entry);
        notifyAll();
    }

    /**
     * Deletes the oldest segments while every entry in them is done, and empties the one being
     * written when it is the only one left and done too.
     */
    private void releaseDoneSegments() {
        while (!segments.isEmpty() && segments.peekFirst().live == 0) {
            Segment oldest = segments.peekFirst();
            if (oldest == writing) {
                if (segments.size() == 1 && oldest.end > 0) {
                    oldest.log.truncate();
                    oldest.end = 0;
                    if (reader.segment == oldest) {
                        reader.rewind();
                    } else {
                        reader.open(oldest);
                    }
                }
                break;
            }
            segments.pollFirst();
            oldest.deleted = true;
            if (oldest.log != null) {
                oldest.log.close();
            }
            try {
                Files.deleteIfExists(oldest.file);
            } catch (IOException e) {
                LOG.warn("Could not delete the worked-off queue segment {}: {}", oldest.file, e.getMessage());
            }
            if (reader.segment == oldest) {
                reader.open(segments.peekFirst());
            }
        }
        if (segments.isEmpty()) {
            doneAhead.clear();
        }
    }

    /** Entries appended and not yet done, in work included. */
    public synchronized long queued() {
        return queued;
    }

    @Override
    public synchronized void close() {
        closed = true;
        notifyAll();
        reader.close();
        for (Segment segment : segments) {
            if (segment.log != null) {
                segment.log.close();
            }
        }
    }

    /** The number of a {@code +n ...} or {@code -n} line; -1 for a line that is neither. */
    private static long number(byte[] line) {
        if (line.length < 2 || (line[0] != ENTRY && line[0] != DONE)) {
            return -1;
        }
        long number = 0;
        int i = 1;
        for (; i < line.length && line[i] != ' '; i++) {
            int digit = line[i] - '0';
            if (digit < 0 || digit > 9 || i > 19) {
                return -1;
            }
            number = number * 10 + digit;
        }
        boolean wellFormed = i > 1 && (line[0] == ENTRY ? i < line.length : i == line.length);
        return wellFormed ? number : -1;
    }

    /** The length of the file up to its last newline: a line after it was cut short by a crash. */
    private static long lastNewline(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            ByteBuffer buffer = ByteBuffer.allocate(8192);
            long position = size;
            while (position > 0) {
                int length = (int) Math.min(buffer.capacity(), position);
                position -= length;
                buffer.clear().limit(length);
                while (buffer.hasRemaining() && channel.read(buffer, position + buffer.position()) >= 0) {
                    // read the block whole
                }
                for (int i = length - 1; i >= 0; i--) {
                    if (buffer.get(i) == '\n') {
                        return position + i + 1;
                    }
                }
            }
            return 0;
        }
    }

    /** Reads one segment's whole lines in order, up to its {@code end}, through one buffer. */
    private static final class SegmentReader {
        Segment segment;
        private FileChannel channel;
        private ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
        /** The file offset of the buffer's first byte, and of the next byte to read as a line. */
        private long bufferStart;

        private long position;

        void open(Segment next) {
            close();
            segment = next;
            rewind();
            if (next != null) {
                try {
                    channel = FileChannel.open(next.file, StandardOpenOption.READ);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot read the queue segment " + next.file, e);
                }
            }
        }

        /** Back to the start of the same segment, emptied in place. */
        void rewind() {
            bufferStart = 0;
            position = 0;
            buffer.clear().limit(0);
        }

        /** The next whole line without its newline; null at the segment's end. */
        byte[] nextLine() {
            while (true) {
                int from = (int) (position - bufferStart);
                for (int i = from; i < buffer.limit(); i++) {
                    if (buffer.get(i) == '\n') {
                        byte[] line = new byte[i - from];
                        buffer.get(from, line);
                        position += line.length + 1;
                        return line;
                    }
                }
                long unread = segment.end - (bufferStart + buffer.limit());
                if (unread <= 0 || !fill(from, unread)) {
                    return null;
                }
            }
        }

        /**
         * Keeps the bytes from {@code from} on, at the front, and reads more after them; false when
         * the file has none (shortened by hand under a running journal).
         */
        private boolean fill(int from, long unread) {
            int kept = buffer.limit() - from;
            if (kept == buffer.capacity()) {
                // one line longer than the buffer (a long caption): a larger one
                ByteBuffer larger = ByteBuffer.allocate(buffer.capacity() * 2);
                buffer.position(from);
                larger.put(buffer);
                buffer = larger;
            } else {
                buffer.position(from);
                buffer.compact();
            }
            bufferStart = position;
            int want = (int) Math.min(buffer.capacity() - kept, unread);
            buffer.limit(kept + want);
            buffer.position(kept);
            try {
                while (buffer.hasRemaining()) {
                    if (channel.read(buffer, bufferStart + buffer.position()) < 0) {
                        break;
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the queue segment " + segment.file, e);
            }
            boolean more = buffer.position() > kept;
            buffer.limit(buffer.position());
            return more;
        }

        void close() {
            if (channel != null) {
                try {
                    channel.close();
                } catch (IOException ignored) {
                    // read only: nothing is lost
                }
                channel = null;
            }
            segment = null;
        }
    }
}
