package io.whapi.mediarouter.reconcile;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** One JSON file per backfill in {@code {work-dir}/ledger/backfills/}, fsynced and renamed into place. */
public class FileBackfillStore implements BackfillStore {

    private final Path folder;
    private final ObjectMapper json;

    public FileBackfillStore(Path folder, ObjectMapper json) {
        this.folder = folder;
        this.json = json;
    }

    @Override
    public synchronized void save(Backfill backfill) {
        try {
            Files.createDirectories(folder);
            Path temporary = folder.resolve(".incoming-" + backfill.id() + ".json");
            Files.write(temporary, json.writeValueAsBytes(backfill));
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
                channel.force(true);
            }
            Files.move(
                    temporary,
                    folder.resolve(backfill.id() + ".json"),
                    StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("could not save backfill " + backfill.id(), e);
        }
    }

    @Override
    public synchronized List<Backfill> all() {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        List<Backfill> backfills = new ArrayList<>();
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : files.filter(f -> !f.getFileName().toString().startsWith("."))
                    .toList()) {
                backfills.add(json.readValue(file.toFile(), Backfill.class));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the backfills", e);
        }
        backfills.sort(Comparator.comparing(Backfill::startedAt).reversed());
        return backfills;
    }

    @Override
    public Optional<Backfill> get(String id) {
        return all().stream().filter(b -> b.id().equals(id)).findFirst();
    }

    /** One connector per work dir: it is always this one's. */
    @Override
    public boolean claim(String id, String owner, long leaseUntil) {
        return true;
    }
}
