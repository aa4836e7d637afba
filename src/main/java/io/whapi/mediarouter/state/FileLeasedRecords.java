package io.whapi.mediarouter.state;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.whapi.mediarouter.files.DurableFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;

/** One JSON file per record in a folder of the work dir, fsynced and renamed into place. */
final class FileLeasedRecords<T> implements LeasedRecords<T> {

    private final Path folder;
    private final Class<T> type;
    private final Function<T, String> id;
    private final ObjectMapper json;

    FileLeasedRecords(Path folder, Class<T> type, Function<T, String> id, ObjectMapper json) {
        this.folder = folder;
        this.type = type;
        this.id = id;
        this.json = json;
    }

    @Override
    public synchronized void save(T record) {
        String name = id.apply(record);
        try {
            Files.createDirectories(folder);
            Path temporary = folder.resolve(".incoming-" + name + ".json");
            DurableFiles.writeForced(temporary, json.writeValueAsBytes(record));
            DurableFiles.moveIntoPlace(temporary, folder.resolve(name + ".json"));
        } catch (IOException e) {
            throw new UncheckedIOException("could not save " + folder.getFileName() + " " + name, e);
        }
    }

    @Override
    public synchronized List<T> all() {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        List<T> records = new ArrayList<>();
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : files.filter(f -> !f.getFileName().toString().startsWith("."))
                    .toList()) {
                records.add(json.readValue(file.toFile(), type));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + folder, e);
        }
        return records;
    }

    @Override
    public synchronized Optional<T> get(String wanted) {
        Path file = folder.resolve(wanted + ".json");
        if (wanted.startsWith(".") || wanted.contains("/") || !Files.exists(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(json.readValue(file.toFile(), type));
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + file, e);
        }
    }

    /** One connector per work dir: it is always this one's. */
    @Override
    public boolean claim(String id, String owner, long leaseUntil) {
        return true;
    }
}
