package io.whapi.mediarouter.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.whapi.mediarouter.support.Concurrently;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DurableFolderTest {

    @TempDir
    Path dir;

    @Test
    void aWrittenFileIsInPlaceAndWholeWithNoTemporaryNameLeft() throws Exception {
        DurableFolder folder = new DurableFolder(dir.resolve("queue"));

        Path written = folder.write("a.json", bytes("{\"media\":{}}"));

        assertThat(written).isEqualTo(dir.resolve("queue/a.json"));
        assertThat(Files.readString(written)).isEqualTo("{\"media\":{}}");
        assertThat(names(dir.resolve("queue"))).containsExactly("a.json");
    }

    @Test
    void writingANameAgainReplacesWhatItHeld() throws Exception {
        DurableFolder folder = new DurableFolder(dir);
        folder.write("a.json", bytes("a much longer first entry"));

        folder.write("a.json", bytes("second"));

        assertThat(Files.readString(dir.resolve("a.json"))).isEqualTo("second");
        assertThat(names(dir)).containsExactly("a.json");
    }

    @Test
    void writersAtTheSameTimeShareTheFolderFsync() throws Exception {
        DurableFolder folder = new DurableFolder(dir);
        int writers = 8;
        int each = 100;
        Concurrently.run(
                writers,
                each,
                (writer, i) -> folder.write(writer + "-" + i + ".json", bytes("entry " + writer + "-" + i)));

        assertThat(names(dir)).hasSize(writers * each).allMatch(name -> !name.startsWith("."));
        assertThat(Files.readString(dir.resolve("7-99.json"))).isEqualTo("entry 7-99");
        // every write waited for a folder fsync begun after its rename, and overlapping writes shared one
        assertThat(folder.folderSyncs()).isPositive().isLessThan(writers * each);
    }

    @Test
    void aFileThatCannotBeWrittenFailsAndLeavesNoTemporaryName() throws Exception {
        DurableFolder folder = new DurableFolder(dir);
        Files.createDirectories(dir.resolve("taken.json/inside"));

        assertThatThrownBy(() -> folder.write("taken.json", bytes("x")))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("taken.json");
        assertThat(names(dir)).containsExactly("taken.json");
    }

    @Test
    void aRecycledFileIsEmptiedAndTheNextWriteReusesIt() throws Exception {
        DurableFolder folder = new DurableFolder(dir);
        Path done = folder.write("done.json", bytes("{\"media\":{\"caption\":\"private\"}}"));
        Object inode = Files.getAttribute(done, "unix:ino");

        folder.recycle(done);

        assertThat(done).doesNotExist();
        assertThat(dir.resolve(".recycled/done.json.empty")).isEmptyFile();
        Path next = folder.write("next.json", bytes("next entry"));
        assertThat(Files.readString(next)).isEqualTo("next entry");
        assertThat(Files.getAttribute(next, "unix:ino")).isEqualTo(inode);
        assertThat(names(dir.resolve(".recycled"))).isEmpty();
    }

    @Test
    void pastTheRecycledLimitAFinishedFileIsLeftForItsDeletion() throws Exception {
        DurableFolder folder = new DurableFolder(dir);
        List<Path> done = new ArrayList<>();
        for (int i = 0; i <= DurableFolder.RECYCLED_AT_MOST; i++) {
            done.add(folder.write(i + ".json", bytes("entry " + i)));
        }

        done.forEach(folder::recycle);

        assertThat(names(dir.resolve(".recycled"))).hasSize(DurableFolder.RECYCLED_AT_MOST);
        assertThat(done.get(DurableFolder.RECYCLED_AT_MOST)).hasContent("entry " + DurableFolder.RECYCLED_AT_MOST);
    }

    @Test
    void aRecycledFileACrashLeftWithItsMessageIsRemovedAtStart() throws Exception {
        Files.createDirectories(dir.resolve(".recycled"));
        Files.writeString(dir.resolve(".recycled/moved-not-emptied.json"), "{\"media\":{}}");

        new DurableFolder(dir);

        assertThat(names(dir.resolve(".recycled"))).isEmpty();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static List<String> names(Path folder) throws Exception {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(f -> f.getFileName().toString()).sorted().toList();
        }
    }
}
