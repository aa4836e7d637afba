package io.whapi.mediarouter.index;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.whapi.mediarouter.files.AppendOnlyLog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * The index in files under {@code {work-dir}/ledger/index/}: one append-only log per day of storage
 * ({@code 2026-12-02.log}, a JSON line per media and sink), appended with group commit like the
 * ledger. A lookup reads the days' files one at a time, so the heap holds one day's entries at
 * most, never the whole archive; a removal rewrites the days that held the media, so no day file
 * keeps what was erased, and an emptied day's file goes. Suits one connector per work dir, as
 * the other file stores; many millions of media want the JDBC store.
 */
public class FileMediaIndex implements MediaIndex, AutoCloseable {

    private static final DateTimeFormatter DAY =
            DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);
    private static final String SUFFIX = ".log";

    private final Path folder;
    private final ObjectMapper json;
    /** The day files being appended to (today's, and yesterday's around midnight); guarded by this. */
    private final Map<String, AppendOnlyLog> open = new HashMap<>();

    public FileMediaIndex(Path folder, ObjectMapper json) {
        this.folder = folder;
        this.json = json;
    }

    @Override
    public void stored(StoredMedia entry) {
        String line;
        try {
            line = json.writeValueAsString(entry);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write an index entry", e);
        }
        AppendOnlyLog log;
        long ticket;
        synchronized (this) {
            log = open.computeIfAbsent(DAY.format(entry.storedAt()), day -> {
                if (open.size() >= 2) {
                    // the oldest of the open days is over: nothing is appended to it any more
                    String oldest = open.keySet().stream().sorted().findFirst().orElseThrow();
                    open.remove(oldest).close();
                }
                return new AppendOnlyLog(folder.resolve(day + SUFFIX));
            });
            ticket = log.append(line);
        }
        // outside the lock: entries written at the same time share one fsync
        log.sync(ticket);
    }

    @Override
    public synchronized void removed(List<StoredMedia> entries) {
        if (entries.isEmpty()) {
            return;
        }
        Set<String> gone = new HashSet<>();
        entries.forEach(e -> gone.add(identity(e)));
        for (Path file : dayFiles()) {
            List<String> lines = AppendOnlyLog.readLines(file);
            List<String> kept = new ArrayList<>(lines.size());
            for (String line : lines) {
                StoredMedia entry = parse(line);
                if (entry != null && !gone.contains(identity(entry))) {
                    kept.add(line);
                }
            }
            if (kept.size() == lines.size()) {
                continue;
            }
            String day = dayOf(file);
            AppendOnlyLog log = open.get(day);
            try {
                if (kept.isEmpty()) {
                    if (log != null) {
                        open.remove(day).close(); // opened again by the next media of that day
                    }
                    Files.deleteIfExists(file);
                } else if (log != null) {
                    log.rewrite(kept);
                } else {
                    AppendOnlyLog.writeAtomically(file, kept);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot rewrite " + file, e);
            }
        }
    }

    @Override
    public List<StoredMedia> ofMessage(String channelId, String messageId) {
        return find(e -> e.channelId().equals(channelId) && e.messageId().equals(messageId));
    }

    @Override
    public List<StoredMedia> ofChat(String channelId, String chatId) {
        return find(e ->
                e.chatId().equals(chatId) && (channelId == null || e.channelId().equals(channelId)));
    }

    @Override
    public List<StoredMedia> ofSender(String channelId, String from) {
        return find(e ->
                e.from().equals(from) && (channelId == null || e.channelId().equals(channelId)));
    }

    @Override
    public List<StoredMedia> storedBefore(String sink, Instant before, int limit) {
        String lastDay = DAY.format(before);
        List<StoredMedia> found = new ArrayList<>();
        for (Path file : dayFiles()) {
            if (dayOf(file).compareTo(lastDay) > 0 || found.size() >= limit) {
                break; // day files come oldest first
            }
            found.addAll(matching(
                    List.of(file), e -> e.sink().equals(sink) && e.storedAt().isBefore(before)));
        }
        found.sort(Comparator.comparing(StoredMedia::storedAt));
        return found.size() > limit ? found.subList(0, limit) : found;
    }

    private List<StoredMedia> find(Predicate<StoredMedia> wanted) {
        List<StoredMedia> found = matching(dayFiles(), wanted);
        found.sort(Comparator.comparing(StoredMedia::storedAt)
                .thenComparing(StoredMedia::messageId)
                .thenComparing(StoredMedia::sink));
        return found;
    }

    /** The newest entry of each media and sink that these day files hold and that is wanted. */
    private List<StoredMedia> matching(List<Path> files, Predicate<StoredMedia> wanted) {
        Map<String, StoredMedia> latest = new LinkedHashMap<>();
        for (Path file : files) {
            for (String line : AppendOnlyLog.readLines(file)) {
                StoredMedia entry = parse(line);
                if (entry == null) {
                    continue;
                }
                if (wanted.test(entry)) {
                    latest.put(identity(entry), entry);
                } else {
                    latest.remove(identity(entry)); // stored again since, differently
                }
            }
        }
        return new ArrayList<>(latest.values());
    }

    private StoredMedia parse(String line) {
        if (line.isBlank()) {
            return null;
        }
        try {
            return json.readValue(line, StoredMedia.class);
        } catch (IOException e) {
            return null; // a last line cut by a crash: the sink's delivery was not recorded either
        }
    }

    private static String identity(StoredMedia entry) {
        return entry.channelId() + '\n' + entry.messageId() + '\n' + entry.sink();
    }

    /** The day files, oldest first. */
    private List<Path> dayFiles() {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(f -> f.getFileName().toString().endsWith(SUFFIX))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + folder, e);
        }
    }

    private static String dayOf(Path file) {
        String name = file.getFileName().toString();
        return name.substring(0, name.length() - SUFFIX.length());
    }

    @Override
    public synchronized void close() {
        open.values().forEach(AppendOnlyLog::close);
        open.clear();
    }
}
