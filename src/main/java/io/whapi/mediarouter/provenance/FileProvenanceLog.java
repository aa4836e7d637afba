package io.whapi.mediarouter.provenance;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.whapi.mediarouter.sinks.StorageKeys;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * One file of JSON lines per message, {@code {work-dir}/ledger/provenance/{channel}/{message}.jsonl},
 * each step appended in one write; files older than the ledger's retention are removed at start.
 */
public class FileProvenanceLog implements ProvenanceLog {

    private final Path folder;
    private final ObjectMapper json;

    public FileProvenanceLog(Path folder, Duration retention, ObjectMapper json) {
        this.folder = folder;
        this.json = json;
        deleteOlderThan(retention);
    }

    @Override
    public void append(String channelId, String messageId, Map<String, Object> step) {
        Path file = file(channelId, messageId);
        try {
            byte[] line = (json.writeValueAsString(step) + "\n").getBytes(StandardCharsets.UTF_8);
            try {
                Files.write(file, line, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            } catch (NoSuchFileException firstOfItsChannel) {
                // the channel's folder is made when first needed, not looked for at every step
                Files.createDirectories(file.getParent());
                Files.write(file, line, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the provenance of " + messageId, e);
        }
    }

    @Override
    public List<Map<String, Object>> steps(String channelId, String messageId) {
        Path file = file(channelId, messageId);
        if (!Files.exists(file)) {
            return List.of();
        }
        List<Map<String, Object>> steps = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(file)) {
                if (!line.isBlank()) {
                    steps.add(json.readValue(line, new TypeReference<Map<String, Object>>() {}));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the provenance of " + messageId, e);
        }
        return steps;
    }

    @Override
    public void purge(String channelId, String messageId) {
        try {
            Files.deleteIfExists(file(channelId, messageId));
        } catch (IOException e) {
            throw new UncheckedIOException("could not erase the provenance of " + messageId, e);
        }
    }

    private Path file(String channelId, String messageId) {
        return folder.resolve(StorageKeys.distinctSegment(channelId))
                .resolve(StorageKeys.distinctSegment(messageId) + ".jsonl");
    }

    private void deleteOlderThan(Duration retention) {
        if (!Files.isDirectory(folder)) {
            return;
        }
        long oldest = System.currentTimeMillis() - retention.toMillis();
        try (Stream<Path> files = Files.walk(folder)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                if (Files.isRegularFile(file) && Files.getLastModifiedTime(file).toMillis() < oldest) {
                    Files.deleteIfExists(file);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not expire " + folder, e);
        }
    }
}
