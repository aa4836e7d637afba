package io.whapi.mediarouter.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Temp folders of the test servers and apps: made under one name prefix, deleted whole when they stop. */
public final class TempFolders {

    /** Every temp folder a test makes starts with this, so a leftover is easy to name. */
    public static final String PREFIX = "whapi-test-";

    private TempFolders() {}

    public static Path create(String name) {
        try {
            return Files.createTempDirectory(PREFIX + name + "-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Deletes the folder and everything in it; a folder already gone is fine. */
    public static void delete(Path folder) {
        if (folder == null || !Files.exists(folder)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(folder)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
