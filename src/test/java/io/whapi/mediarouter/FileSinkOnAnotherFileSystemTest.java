package io.whapi.mediarouter;

import static org.assertj.core.api.Assertions.assertThat;

import io.whapi.mediarouter.support.SampleMedia;
import io.whapi.mediarouter.support.TempFolders;
import io.whapi.mediarouter.support.Webhooks;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A file sink whose folder is on another file system than the work dir (here tmpfs, the work dir
 * on the disk): the staged file cannot be renamed there, so the producer copies it, under its
 * temporary name first, and the copy is fsynced before the sidecar follows.
 */
class FileSinkOnAnotherFileSystemTest extends ConnectorTestSupport {

    private static final Path ELSEWHERE = createOnTmpfs();

    @DynamicPropertySource
    static void sinkOnTmpfs(DynamicPropertyRegistry registry) {
        registry.add("media.sinks.elsewhere.uri", () -> "file:" + ELSEWHERE);
        registry.add("media.routing.image", () -> "elsewhere");
    }

    @TestConfiguration
    static class DeleteTheSinkFolder {

        /** When Spring closes the app, the sink's folder goes with it. */
        @Bean
        DisposableBean deleteSinkFolder() {
            return () -> TempFolders.delete(ELSEWHERE);
        }
    }

    @Test
    void aMediaIsCopiedWholeWithItsSidecarAndNoTemporaryFileLeft() throws IOException {
        // otherwise this would be one more test of the rename
        assertThat(Files.getFileStore(ELSEWHERE)).isNotEqualTo(Files.getFileStore(workDir));

        postAndAwait(webhooks.image("elsewhere-1"), 1);

        Path binary = ELSEWHERE.resolve(Webhooks.imageKey("elsewhere-1"));
        assertThat(Files.readAllBytes(binary)).isEqualTo(SampleMedia.bytes("jpeg-elsewhere-1", 25950));
        assertThat(Files.readString(binary.resolveSibling(binary.getFileName() + ".json")))
                .contains("\"key\" : \"" + Webhooks.imageKey("elsewhere-1") + "\"");
        assertThat(namesUnder(ELSEWHERE)).noneMatch(name -> name.startsWith(".inprogress-"));
        assertThat(namesUnder(workDir.resolve("staging"))).isEmpty();
    }

    private static Path createOnTmpfs() {
        try {
            return Files.createTempDirectory(Path.of("/dev/shm"), TempFolders.PREFIX + "sink-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static java.util.List<String> namesUnder(Path folder) throws IOException {
        try (Stream<Path> files = Files.walk(folder)) {
            return files.filter(Files::isRegularFile)
                    .map(f -> f.getFileName().toString())
                    .toList();
        }
    }
}
