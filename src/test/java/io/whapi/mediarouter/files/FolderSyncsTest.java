package io.whapi.mediarouter.files;

import static org.assertj.core.api.Assertions.assertThat;

import io.whapi.mediarouter.support.Concurrently;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FolderSyncsTest {

    @TempDir
    Path dir;

    @Test
    void renamesOneAfterAnotherEachGetAnFsyncOfTheirOwn() throws Exception {
        FolderSyncs syncs = new FolderSyncs();
        Path folder = Files.createDirectories(dir.resolve("sink/2026/12/04"));

        for (int i = 0; i < 3; i++) {
            Files.move(Files.writeString(dir.resolve(i + ".part"), "media " + i), folder.resolve(i + ".jpg"));
            syncs.afterRenameInto(folder);
        }

        assertThat(syncs.fsyncs()).isEqualTo(3);
    }

    @Test
    void renamesAtTheSameTimeShareTheFsyncsOfTheirFolder() throws Exception {
        FolderSyncs syncs = new FolderSyncs();
        Path folder = Files.createDirectories(dir.resolve("sink"));
        int writers = 8;
        int each = 50;
        Concurrently.run(writers, each, (writer, i) -> {
            String name = writer + "-" + i;
            Files.move(Files.writeString(dir.resolve(name + ".part"), name), folder.resolve(name + ".jpg"));
            syncs.afterRenameInto(folder);
        });

        assertThat(syncs.fsyncs()).isPositive().isLessThan(writers * each);
    }
}
