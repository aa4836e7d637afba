package io.whapi.mediarouter.index;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileMediaIndexTest extends MediaIndexContract {

    @TempDir
    Path dir;

    private FileMediaIndex index;

    @Override
    protected MediaIndex index() {
        index = new FileMediaIndex(dir.resolve("index"), new ObjectMapper().registerModule(new JavaTimeModule()));
        return index;
    }

    @AfterEach
    void close() {
        if (index != null) {
            index.close();
        }
    }

    @Test
    void aDayWhoseMediaAreAllRemovedLeavesNoFileAndAnotherIndexOnTheFolderSeesTheSame() throws Exception {
        MediaIndex first = index();
        first.stored(media("c1", "m1", "chat-a", "alice", "file", MONDAY));
        first.stored(media("c1", "m2", "chat-a", "alice", "file", MONDAY.plusSeconds(86_400)));

        first.removed(List.of(media("c1", "m1", "", "", "file", MONDAY)));

        assertThat(dir.resolve("index/2026-11-30.log")).doesNotExist();
        assertThat(Files.readString(dir.resolve("index/2026-12-01.log")))
                .contains("m2")
                .doesNotContain("m1");
        // a restart reads the same files
        try (FileMediaIndex again =
                new FileMediaIndex(dir.resolve("index"), new ObjectMapper().registerModule(new JavaTimeModule()))) {
            assertThat(again.ofChat(null, "chat-a"))
                    .extracting(StoredMedia::messageId)
                    .containsExactly("m2");
        }
    }
}
