package io.whapi.mediarouter.queue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class QueueCapacityTest {

    @TempDir
    Path workDir;

    @Test
    void acceptsWorkWhileTheDiskHasRoom() throws Exception {
        Files.createDirectories(workDir.resolve("queue"));

        assertThatCode(() -> new QueueCapacity(workDir, 1).checkAcceptingWork()).doesNotThrowAnyException();
    }

    @Test
    void refusesWorkUnderTheFreeSpaceWatermark() throws Exception {
        Files.createDirectories(workDir.resolve("queue"));

        assertThatThrownBy(() -> new QueueCapacity(workDir, Long.MAX_VALUE).checkAcceptingWork())
                .isInstanceOf(QueueUnavailableException.class)
                .hasMessageContaining("media.queue.min-free-bytes");
    }

    @Test
    void refusesWorkWhenTheQueueIsNoFolder() throws Exception {
        Files.writeString(workDir.resolve("queue"), "not a folder");

        assertThatThrownBy(() -> new QueueCapacity(workDir, 1).checkAcceptingWork())
                .isInstanceOf(QueueUnavailableException.class).hasMessageContaining("is not a folder");
    }
}
