package io.whapi.mediarouter.deadletter;

import io.whapi.mediarouter.files.DurableFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Dead letters as files in {@code {work-dir}/dead-letter/}, one per message, named by its id:
 * written under a temporary name, fsynced, renamed, the rename fsynced. Moving one into {@code queue/} by hand still
 * replays it.
 */
public class FileDeadLetterStore implements DeadLetterStore {

    private final Path folder;

    public FileDeadLetterStore(Path folder) {
        this.folder = folder;
    }

    @Override
    public void add(String id, String entry) {
        try {
            Files.createDirectories(folder);
            Path temporary = folder.resolve(".incoming-" + id + ".json");
            Files.writeString(temporary, entry);
            // the file's time is the entry's dead_lettered_at, to the microsecond: the listing's
            // order without reading every entry (the file system's own stamp is coarser than that,
            // and is the write's time, not the entry's)
            Files.setLastModifiedTime(temporary, FileTime.from(DeadLetterTimes.deadLetteredAt(entry)));
            DurableFiles.force(temporary);
            DurableFiles.moveIntoPlace(temporary, file(id));
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the dead letter " + id, e);
        }
    }

    @Override
    public List<String> entries(int limit, int offset) {
        return files().skip(offset)
                .limit(limit)
                .map(this::read)
                .flatMap(Optional::stream)
                .toList();
    }

    @Override
    public int total() {
        return (int) files().count();
    }

    @Override
    public Optional<String> entry(String id) {
        return valid(id) ? read(file(id)) : Optional.empty();
    }

    @Override
    public boolean remove(String id) {
        try {
            return valid(id) && Files.deleteIfExists(file(id));
        } catch (IOException e) {
            throw new UncheckedIOException("could not remove the dead letter " + id, e);
        }
    }

    private Path file(String id) {
        return folder.resolve(id + ".json");
    }

    /** An id is a file name's stem: never a path. */
    private static boolean valid(String id) {
        return id != null && id.matches("[A-Za-z0-9._~-]+") && !id.startsWith(".");
    }

    private Stream<Path> files() {
        if (!Files.isDirectory(folder)) {
            return Stream.empty();
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files
                    .filter(f -> Files.isRegularFile(f)
                            && f.getFileName().toString().endsWith(".json")
                            && !f.getFileName().toString().startsWith("."))
                    .sorted(Comparator.comparing(FileDeadLetterStore::modified)
                            .reversed()
                            .thenComparing(Path::getFileName))
                    .toList()
                    .stream();
        } catch (IOException e) {
            throw new UncheckedIOException("could not list " + folder, e);
        }
    }

    private static FileTime modified(Path file) {
        try {
            return Files.getLastModifiedTime(file);
        } catch (IOException gone) {
            return FileTime.fromMillis(0);
        }
    }

    private Optional<String> read(Path file) {
        try {
            return Optional.of(Files.readString(file));
        } catch (NoSuchFileException gone) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + file, e);
        }
    }
}
