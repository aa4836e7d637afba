package io.whapi.mediarouter.fetch;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import io.whapi.mediarouter.fetch.StagingArea.Sha256Check;
import io.whapi.mediarouter.webhook.MediaMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** media.verify.sha256: what a checksum mismatch means. */
class StagingAreaTest {

    @TempDir
    Path workDir;

    private final byte[] bytes = "some media bytes".getBytes();
    private final MediaMessage wrongChecksum = new MediaMessage("c", "m", "chat", "from", false, 0L, "image", "jpeg-1",
            "image/jpeg", (long) bytes.length, "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=", null, null, null, null);

    @Test
    void strictRejectsAMismatchAndLeavesNoFile() throws Exception {
        StagingArea staging = new StagingArea(workDir, Sha256Check.STRICT);

        assertThatThrownBy(() -> staging.stage(new ByteArrayInputStream(bytes), null, wrongChecksum, "gateway"))
                .isInstanceOf(MediaVerificationException.class).hasMessageContaining("sha256");
        try (var left = Files.list(workDir.resolve("staging"))) {
            assertThat(left).isEmpty();
        }
    }

    @Test
    void warnAndOffStoreDespiteAMismatch() throws Exception {
        for (Sha256Check check : new Sha256Check[] {Sha256Check.WARN, Sha256Check.OFF}) {
            StagedMedia staged = new StagingArea(workDir, check).stage(new ByteArrayInputStream(bytes), null, wrongChecksum, "gateway");

            assertThat(Files.readAllBytes(staged.path())).isEqualTo(bytes);
        }
    }

    @Test
    void aBodyShorterThanItsContentLengthIsRejectedWhateverTheCheck() throws Exception {
        StagingArea staging = new StagingArea(workDir, Sha256Check.OFF);

        assertThatThrownBy(() -> staging.stage(new ByteArrayInputStream(bytes), String.valueOf(bytes.length + 5), wrongChecksum, "link"))
                .isInstanceOf(MediaVerificationException.class).hasMessageContaining("cut short");
    }
}
