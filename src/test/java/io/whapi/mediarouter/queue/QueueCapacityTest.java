package io.whapi.mediarouter.queue;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.whapi.mediarouter.config.MediaProperties;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.util.unit.DataSize;

class QueueCapacityTest {

    @TempDir
    Path workDir;

    @Test
    void acceptsWorkWhileTheDiskHasRoom() throws Exception {
        Files.createDirectories(workDir.resolve("queue"));

        assertThatCode(() -> capacity(1).checkAcceptingWork()).doesNotThrowAnyException();
    }

    @Test
    void refusesWorkUnderTheFreeSpaceWatermark() throws Exception {
        Files.createDirectories(workDir.resolve("queue"));

        assertThatThrownBy(() -> capacity(Long.MAX_VALUE).checkAcceptingWork())
                .isInstanceOf(QueueUnavailableException.class)
                .hasMessageContaining("media.queue.min-free-space");
    }

    @Test
    void refusesWorkWhenTheQueueIsNoFolder() throws Exception {
        Files.writeString(workDir.resolve("queue"), "not a folder");

        assertThatThrownBy(() -> capacity(1).checkAcceptingWork())
                .isInstanceOf(QueueUnavailableException.class)
                .hasMessageContaining("is not a folder");
    }

    private QueueCapacity capacity(long minFreeBytes) {
        MediaProperties media = new MediaProperties();
        media.setWorkDir(workDir);
        QueueProperties queue = new QueueProperties();
        queue.setMinFreeSpace(DataSize.ofBytes(minFreeBytes));
        return new QueueCapacity(media, queue);
    }
}
