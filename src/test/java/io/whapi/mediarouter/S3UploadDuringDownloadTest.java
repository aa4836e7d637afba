package io.whapi.mediarouter;

import static io.whapi.mediarouter.support.Webhooks.firstMedia;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.whapi.mediarouter.support.FakeWhapi.Behaviour;
import io.whapi.mediarouter.support.S3ProxyServer;
import io.whapi.mediarouter.support.SampleMedia;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import software.amazon.awssdk.services.s3.model.MultipartUpload;

/**
 * media.s3.upload-during-download: an S3 sink sends a large media's parts while it is still
 * downloading, completes the object only once the download is verified, and leaves nothing in the
 * store when the download fails or the media is erased meanwhile. Parts of 5 MB (S3's smallest),
 * media of 12 MB: three parts.
 */
@OperationsAppSettings
class S3UploadDuringDownloadTest extends ConnectorTestSupport {

    @RegisterExtension
    static final S3ProxyServer S3 = S3ProxyServer.start();

    static final long SIZE = 12L * 1024 * 1024;
    static final ObjectMapper JSON = new ObjectMapper();

    @DynamicPropertySource
    static void s3Sink(DynamicPropertyRegistry registry) {
        registry.add("media.sinks.s3.uri", () -> S3.sinkUri(S3ProxyServer.SECRET_KEY));
        registry.add("media.routing.video", () -> "s3");
        // in bytes: a test's own properties come after the connector turned sizes set as 5MB into bytes
        registry.add("media.s3.multipart-threshold", () -> String.valueOf(5L * 1024 * 1024));
    }

    @Test
    void partsGoUpWhileTheMediaIsStillDownloading() throws Exception {
        ObjectNode body = webhooks.viaGetMedia("07-video-group-with-link.json", "held", "mp4-held", SIZE);
        String key = key("held");
        // the gateway sends 6 MB and waits: only an upload begun during the download gets on
        WHAPI.holdHalfway("mp4-held", () -> partsSent(key) > 0);

        postAndAwait(body, 1);

        assertThat(WHAPI.releasedByCondition("mp4-held"))
                .as("a part of the object reached the store while the download was held")
                .isTrue();
        assertStoredWhole(key, "mp4-held", firstMedia(body).get("sha256").asText());
        assertThat(uploadsInProgress(key)).isEmpty();
    }

    @Test
    void aDownloadThatFailsHalfwayLeavesNoUploadBehind() throws Exception {
        ObjectNode body = webhooks.viaGetMedia("07-video-group-with-link.json", "cut", "mp4-cut", SIZE);
        String key = key("cut");
        // half the body, then the connection drops: a part went up, then the retry downloads afresh
        WHAPI.onGatewayInTurn("mp4-cut", Behaviour.TRUNCATE);

        postAndAwait(body, 1);

        assertThat(WHAPI.requestsFor("gateway", "mp4-cut")).hasSize(2);
        assertStoredWhole(key, "mp4-cut", firstMedia(body).get("sha256").asText());
        assertThat(uploadsInProgress(key))
                .as("the first attempt's upload was aborted")
                .isEmpty();
    }

    @Test
    void withoutAnAnnouncedChecksumTheUploadFollowsTheDownload() throws Exception {
        ObjectNode body = webhooks.viaGetMedia("07-video-group-with-link.json", "no-sha", "mp4-no-sha", SIZE);
        firstMedia(body).remove("sha256");
        String key = key("no-sha");
        WHAPI.holdHalfway("mp4-no-sha", Duration.ofSeconds(5), () -> partsSent(key) > 0);

        postAndAwait(body, 1);

        // the object's metadata must carry the sha256 of what was downloaded: known only at the end
        assertThat(WHAPI.releasedByCondition("mp4-no-sha")).isFalse();
        assertStoredWhole(key, "mp4-no-sha", SampleMedia.sha256("mp4-no-sha", SIZE));
    }

    @Test
    void aMediaErasedWhileItsPartsGoUpLeavesNoUploadBehind() throws Exception {
        ObjectNode body = webhooks.viaGetMedia("07-video-group-with-link.json", "erased", "mp4-erased", SIZE);
        String key = key("erased");
        AtomicBoolean erasureDone = new AtomicBoolean();
        // the gateway sends 6 MB and waits until the message is erased
        WHAPI.holdHalfway("mp4-erased", erasureDone::get);
        postAccepted(body);
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> partsSent(key) > 0);

        HttpResponse<String> erasure = operations(
                "POST", "/actuator/erasures", "{\"channelId\":\"ORCHID-Q7K2P\",\"messageIds\":[\"erased\"]}");
        assertThat(erasure.statusCode()).as(erasure.body()).isEqualTo(202);
        String erasureId = JSON.readTree(erasure.body()).path("id").asText();
        Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .until(() -> "done"
                        .equals(JSON.readTree(operations("GET", "/actuator/erasures/" + erasureId, null)
                                        .body())
                                .path("state")
                                .asText()));
        erasureDone.set(true);
        awaitProcessed(1);

        assertThat(WHAPI.releasedByCondition("mp4-erased")).isTrue();
        assertThat(S3.client()
                        .listObjectsV2(b -> b.bucket(S3ProxyServer.BUCKET).prefix(key))
                        .contents())
                .isEmpty();
        assertThat(uploadsInProgress(key))
                .as("the upload begun during the download was aborted")
                .isEmpty();
    }

    private static String key(String messageId) {
        return "ORCHID-Q7K2P/video/2025/03/04/" + messageId + ".mp4";
    }

    private static void assertStoredWhole(String key, String mediaId, String sha256) throws Exception {
        try (InputStream object =
                S3.client().getObject(b -> b.bucket(S3ProxyServer.BUCKET).key(key))) {
            assertThat(SampleMedia.sha256(object)).isEqualTo(SampleMedia.sha256(mediaId, SIZE));
        }
        assertThat(S3.head(key).eTag()).endsWith("-3\"");
        assertThat(S3.head(key).metadata()).containsEntry("sha256", sha256);
    }

    private static List<MultipartUpload> uploadsInProgress(String key) {
        return S3.client()
                .listMultipartUploads(b -> b.bucket(S3ProxyServer.BUCKET).prefix(key))
                .uploads();
    }

    private static int partsSent(String key) {
        return uploadsInProgress(key).stream()
                .mapToInt(upload -> S3.client()
                        .listParts(b -> b.bucket(S3ProxyServer.BUCKET).key(key).uploadId(upload.uploadId()))
                        .parts()
                        .size())
                .sum();
    }
}
