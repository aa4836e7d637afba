package io.whapi.mediarouter.state;

import io.whapi.mediarouter.files.AppendOnlyLog;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.camel.spi.IdempotentRepository;
import org.apache.camel.support.service.ServiceSupport;

/**
 * A set of keys that survives restarts and forgets each key after a time to live: an
 * append-only log ({@code +millis key} to add, {@code -millis key} to remove), fsynced before a
 * change returns ({@link AppendOnlyLog}: changes made at the same time share one fsync; a
 * confirmation is written, not waited for, see {@link #confirm}),
 * compacted (expired and removed keys dropped) each time it is opened. The ledger's file
 * store ({@code media.ledger.store=file}): one connector per work dir.
 */
public class FileLedger extends ServiceSupport implements IdempotentRepository {

    private final Path file;
    private final Duration timeToLive;
    private final Clock clock;
    private final Map<String, Long> entries = new ConcurrentHashMap<>();
    /** Keys added and not yet confirmed: held in memory only (see {@link #confirmedOnly}). */
    private final Set<String> pending = ConcurrentHashMap.newKeySet();

    private final boolean confirmedOnly;
    private AppendOnlyLog log;

    public FileLedger(Path file, Duration timeToLive) {
        this(file, timeToLive, Clock.systemUTC(), false);
    }

    /**
     * @param confirmedOnly a key reaches the disk only when confirmed, that is when the work it
     *                      guards is done (Camel's idempotent consumer confirms on completion).
     *                      Until then it holds off duplicates in memory only, so a crash before the
     *                      work was done leaves no key behind that would make its redelivery a
     *                      "duplicate" and lose it.
     */
    public FileLedger(Path file, Duration timeToLive, boolean confirmedOnly) {
        this(file, timeToLive, Clock.systemUTC(), confirmedOnly);
    }

    FileLedger(Path file, Duration timeToLive, Clock clock) {
        this(file, timeToLive, clock, false);
    }

    FileLedger(Path file, Duration timeToLive, Clock clock, boolean confirmedOnly) {
        this.confirmedOnly = confirmedOnly;
        this.file = file;
        this.timeToLive = timeToLive;
        this.clock = clock;
        open();
    }

    private synchronized void open() {
        for (String line : AppendOnlyLog.readLines(file)) {
            replay(line);
        }
        long oldest = clock.millis() - timeToLive.toMillis();
        entries.values().removeIf(added -> added < oldest);
        List<String> lines = new ArrayList<>();
        entries.forEach((key, millis) -> lines.add(line('+', millis, key)));
        log = AppendOnlyLog.compacted(file, lines);
    }

    private void replay(String line) {
        int space = line.indexOf(' ');
        if (line.length() < 3 || space < 0) {
            return; // a line cut by a crash mid-write
        }
        String key = URLDecoder.decode(line.substring(space + 1), StandardCharsets.UTF_8);
        try {
            long millis = Long.parseLong(line.substring(1, space));
            if (line.charAt(0) == '+') {
                entries.put(key, millis);
            } else if (line.charAt(0) == '-') {
                entries.remove(key);
            }
        } catch (NumberFormatException e) {
            // a line cut by a crash mid-write
        }
    }

    private static String line(char op, long millis, String key) {
        return op + Long.toString(millis) + ' ' + URLEncoder.encode(key, StandardCharsets.UTF_8);
    }

    /** Writes the line (the caller holds this object's lock); returns its ticket for {@link AppendOnlyLog#sync}. */
    private long append(char op, long millis, String key) {
        return log.append(line(op, millis, key));
    }

    private boolean live(String key) {
        Long added = entries.get(key);
        return added != null && added >= clock.millis() - timeToLive.toMillis();
    }

    @Override
    public boolean add(String key) {
        long ticket;
        synchronized (this) {
            if (live(key)) {
                return false;
            }
            long now = clock.millis();
            entries.put(key, now);
            if (confirmedOnly) {
                pending.add(key);
                return true;
            }
            ticket = append('+', now, key);
        }
        log.sync(ticket);
        return true;
    }

    @Override
    public boolean contains(String key) {
        return live(key);
    }

    @Override
    public boolean remove(String key) {
        long ticket;
        synchronized (this) {
            if (entries.remove(key) == null) {
                return false;
            }
            if (pending.remove(key)) {
                return true; // never written
            }
            ticket = append('-', clock.millis(), key);
        }
        log.sync(ticket);
        return true;
    }

    /**
     * Writes the key, and does not wait for its fsync: the next change's fsync, or the kernel's
     * write-back, takes it to disk. Only a confirmed-only ledger has anything to confirm, and what
     * it confirms (the message ledger: a queue file written) is durable already; a confirmation
     * lost with the machine only lets a redelivery of that message be taken in again, a re-run
     * that the sinks' ledger (fsynced) keeps from storing twice. Waiting for its fsync was 1.4% of
     * the CPU per small media, on the request thread before the answer (docs/benchmarks.md).
     */
    @Override
    public boolean confirm(String key) {
        synchronized (this) {
            if (!pending.remove(key)) {
                return true;
            }
            Long added = entries.get(key);
            append('+', added == null ? clock.millis() : added, key);
        }
        return true;
    }

    @Override
    public void clear() {
        long ticket = 0;
        synchronized (this) {
            for (String key : entries.keySet()) {
                ticket = append('-', clock.millis(), key);
            }
            entries.clear();
            pending.clear();
        }
        log.sync(ticket);
    }

    @Override
    protected synchronized void doStop() throws Exception {
        if (log != null) {
            log.close();
        }
    }
}
