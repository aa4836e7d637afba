package io.whapi.mediarouter.fetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.whapi.mediarouter.MediaMessage;
import io.whapi.mediarouter.config.MediaProperties;
import io.whapi.mediarouter.fetch.FetchProperties.Sha256Check;
import io.whapi.mediarouter.support.TestMedia;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import org.assertj.core.api.Assertions;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.util.unit.DataSize;

/** media.verify.sha256: what a checksum mismatch means. */
class StagingAreaTest {

    private static final DataSize TWO_GB = DataSize.ofGigabytes(2);

    @TempDir
    Path workDir;

    private final byte[] bytes = "some media bytes".getBytes();
    private final MediaMessage wrongChecksum = TestMedia.of("image", "jpeg-1", "image/jpeg")
            .fileSize((long) bytes.length)
            .sha256("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")
            .build();

    @Test
    void strictRejectsAMismatchAndLeavesNoFile() throws Exception {
        StagingArea staging = staging(Sha256Check.STRICT, TWO_GB);

        assertThatThrownBy(() -> staging.stage(new ByteArrayInputStream(bytes), null, wrongChecksum, "gateway", null))
                .isInstanceOf(MediaVerificationException.class)
                .hasMessageContaining("sha256");
        try (var left = Files.list(workDir.resolve("staging"))) {
            assertThat(left).isEmpty();
        }
    }

    @Test
    void warnAndOffStoreDespiteAMismatch() throws Exception {
        for (Sha256Check check : new Sha256Check[] {Sha256Check.WARN, Sha256Check.OFF}) {
            StagedMedia staged =
                    staging(check, TWO_GB).stage(new ByteArrayInputStream(bytes), null, wrongChecksum, "gateway", null);

            assertThat(Files.readAllBytes(staged.path())).isEqualTo(bytes);
        }
    }

    @Test
    void aFileSinksSidecarWaitsBesideTheStagedFileAndGoesWithIt() throws Exception {
        StagingArea staging = staging(Sha256Check.OFF, TWO_GB);
        StagedMedia staged = staging.stage(new ByteArrayInputStream(bytes), null, wrongChecksum, "gateway", null);

        Path sidecar = Path.of(staging.sidecarForSink("{\"key\":\"c/image/m.jpg\"}", staged, "archive"));

        assertThat(sidecar.getParent()).isEqualTo(staged.path().getParent());
        assertThat(Files.readString(sidecar)).isEqualTo("{\"key\":\"c/image/m.jpg\"}");
        // a sink that failed before renaming it leaves it behind: the staged file's discard takes it too
        staging.discard(staged);
        try (var left = Files.list(workDir.resolve("staging"))) {
            assertThat(left).isEmpty();
        }
    }

    @Test
    void aStreamOverTheMaximumSizeIsStoppedNotReadToTheEnd() throws Exception {
        StagingArea staging = staging(Sha256Check.STRICT, DataSize.ofKilobytes(64));
        long[] read = {0};
        InputStream endless = new InputStream() {
            @Override
            public int read() {
                read[0]++;
                return 'x';
            }

            @Override
            public int read(byte[] b, int off, int len) {
                Arrays.fill(b, off, off + len, (byte) 'x');
                read[0] += len;
                return len;
            }
        };
        MediaMessage unannounced = video(null);

        assertThatThrownBy(() -> staging.stage(endless, null, unannounced, "gateway", null))
                .isInstanceOf(MediaTooLargeException.class)
                .hasMessageContaining("media.max-size");
        assertThat(read[0]).isLessThan(256 * 1024);
        assertThatThrownBy(() -> staging.stage(new ByteArrayInputStream(bytes), "70000", unannounced, "gateway", null))
                .isInstanceOf(MediaTooLargeException.class)
                .hasMessageContaining("70000 bytes announced by the server");
        Assertions.assertThatCode(() -> staging.checkAnnouncedSize(wrongChecksum))
                .doesNotThrowAnyException();
    }

    @Test
    void aBodyShorterThanItsContentLengthIsRejectedWhateverTheCheck() throws Exception {
        StagingArea staging = staging(Sha256Check.OFF, TWO_GB);

        assertThatThrownBy(() -> staging.stage(
                        new ByteArrayInputStream(bytes), String.valueOf(bytes.length + 5), wrongChecksum, "link", null))
                .isInstanceOf(MediaVerificationException.class)
                .hasMessageContaining("cut short");
    }

    @Test
    void aFileSinkGetsALinkToTheStagedBytesNotACopy() throws Exception {
        StagingArea staging = staging(Sha256Check.OFF, TWO_GB);
        StagedMedia staged = staging.stage(new ByteArrayInputStream(bytes), null, wrongChecksum, "link", null);

        Path link = Path.of(staging.linkForSink(staged, "file"));

        assertThat(Files.isSameFile(link, staged.path())).isTrue();
        staging.discard(staged);
        assertThat(link).doesNotExist();
        assertThat(staged.path()).doesNotExist();
    }

    @Test
    void aFollowerSeesTheBytesAsTheyAreWrittenAndLearnsTheOutcome() throws Exception {
        StagingArea staging = staging(Sha256Check.STRICT, TWO_GB);
        byte[] large = new byte[200_000];
        Arrays.fill(large, (byte) 7);
        MediaMessage announced = video((long) large.length);
        RecordingFollower follower = new RecordingFollower();

        StagedMedia staged =
                staging.stage(new ByteArrayInputStream(large), null, announced, "gateway", List.of(follower));

        assertThat(follower.events.get(0)).isEqualTo("started " + staged.path());
        // each length reported was on disk when it was reported
        assertThat(follower.readable).isTrue();
        assertThat(follower.events).contains("staged 65536", "staged 200000");
        assertThat(follower.events.get(follower.events.size() - 1)).isEqualTo("verified 200000");

        RecordingFollower failing = new RecordingFollower();
        assertThatThrownBy(() -> staging.stage(
                        new ByteArrayInputStream(bytes), null, wrongChecksum, "gateway", List.of(failing)))
                .isInstanceOf(MediaVerificationException.class);
        assertThat(failing.events).last().isEqualTo("failed");
    }

    @Test
    void aLargeDownloadHashedBehindItsWritesIsVerifiedOverEveryByte() throws Exception {
        StagingArea staging = staging(Sha256Check.STRICT, TWO_GB);
        // past the size from which a second thread hashes, read in uneven pieces
        byte[] large = new byte[(int) StagingArea.HASH_BEHIND_FROM * 2 + 12_345];
        new Random(24).nextBytes(large);
        String sha256 = Base64.getEncoder()
                .encodeToString(MessageDigest.getInstance("SHA-256").digest(large));
        MediaMessage announced = TestMedia.of("video", "mp4-1", "video/mp4")
                .fileSize((long) large.length)
                .sha256(sha256)
                .build();

        StagedMedia staged = staging.stage(unevenReads(large), null, announced, "gateway", null);

        assertThat(staged.sha256()).isEqualTo(sha256);
        assertThat(Files.readAllBytes(staged.path())).isEqualTo(large);

        large[large.length - 1]++;
        assertThatThrownBy(() -> staging.stage(unevenReads(large), null, announced, "gateway", null))
                .isInstanceOf(MediaVerificationException.class)
                .hasMessageContaining("sha256");
    }

    @Test
    void aLargeDownloadCutMidwayLeavesNoFileAndNoHashingBehind() throws Exception {
        StagingArea staging = staging(Sha256Check.STRICT, TWO_GB);
        byte[] chunk = new byte[64 * 1024];
        long cutAt = StagingArea.HASH_BEHIND_FROM + 4 * chunk.length;
        InputStream cut = new InputStream() {
            long sent;

            @Override
            public int read() {
                throw new UnsupportedOperationException();
            }

            @Override
            public int read(byte[] into, int offset, int length) throws IOException {
                if (sent >= cutAt) {
                    throw new IOException("connection reset");
                }
                int n = Math.min(length, chunk.length);
                sent += n;
                return n;
            }
        };

        assertThatThrownBy(() -> staging.stage(cut, null, video(null), "gateway", null))
                .hasMessageContaining("connection reset");

        try (var left = Files.list(workDir.resolve("staging"))) {
            assertThat(left).isEmpty();
        }
        Awaitility.await()
                .atMost(Duration.ofSeconds(5))
                .until(() -> Thread.getAllStackTraces().values().stream()
                        .flatMap(Arrays::stream)
                        .noneMatch(frame -> frame.getMethodName().equals("hashUntilTheEnd")));
    }

    /** The bytes, in reads of 1 to 100,000 bytes at a time. */
    private static InputStream unevenReads(byte[] bytes) {
        Random sizes = new Random(7);
        return new ByteArrayInputStream(bytes) {
            @Override
            public synchronized int read(byte[] into, int offset, int length) {
                return super.read(into, offset, Math.min(length, 1 + sizes.nextInt(100_000)));
            }
        };
    }

    /** A video message of this announced size (or none), with no sha256. */
    private static MediaMessage video(Long fileSize) {
        return TestMedia.of("video", "mp4-1", "video/mp4").fileSize(fileSize).build();
    }

    /** Writes down what the staging area told it, and checks each length against the file. */
    private static final class RecordingFollower implements StagingFollower {

        final List<String> events = new ArrayList<>();
        Path part;
        boolean readable = true;

        @Override
        public void started(Path part) {
            this.part = part;
            events.add("started " + part);
        }

        @Override
        public void staged(long bytes) {
            try {
                readable &= Files.size(part) >= bytes;
            } catch (IOException e) {
                readable = false;
            }
            events.add("staged " + bytes);
        }

        @Override
        public void verified(StagedMedia media) {
            events.add("verified " + media.size());
        }

        @Override
        public void failed() {
            events.add("failed");
        }
    }

    private StagingArea staging(Sha256Check check, DataSize maxSize) throws IOException {
        MediaProperties media = new MediaProperties();
        media.setWorkDir(workDir);
        FetchProperties fetch = new FetchProperties();
        fetch.getVerify().setSha256(check);
        fetch.setMaxSize(maxSize);
        return new StagingArea(media, fetch, new DownloadMetrics(new SimpleMeterRegistry()));
    }
}
