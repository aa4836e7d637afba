package io.whapi.mediarouter;

import static io.whapi.mediarouter.support.Webhooks.firstMedia;
import static org.assertj.core.api.Assertions.assertThat;

import com.azure.storage.blob.BlobClient;
import com.azure.storage.blob.models.BlockListType;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.whapi.mediarouter.support.AzuriteServer;
import io.whapi.mediarouter.support.S3ProxyServer;
import io.whapi.mediarouter.support.SampleMedia;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Runs in its own JVM with a 96 MB heap (surefire execution bounded-heap): a 100 MB video goes
 * through Get Media to the file sink, to S3 as multipart with four parts at a time and to Azure
 * Blob Storage (Azurite) in staged blocks. Holding the object in the heap anywhere on the way would end this JVM with
 * OutOfMemoryError.
 */
class LargeMediaBoundedHeapTest extends ConnectorTestSupport {

    @RegisterExtension
    static final S3ProxyServer S3 = S3ProxyServer.start();

    @RegisterExtension
    static final AzuriteServer AZURITE = AzuriteServer.start();

    static final long SIZE = 100L * 1024 * 1024;

    @DynamicPropertySource
    static void s3Sink(DynamicPropertyRegistry registry) {
        registry.add("media.sinks.s3.uri", () -> S3.sinkUri(S3ProxyServer.SECRET_KEY));
        registry.add("media.sinks.azure.uri", AZURITE::sinkUri);
        registry.add("media.sinks.azure.endpoint", AZURITE::endpoint);
        registry.add("media.routing.video", () -> "file,s3,azure");
    }

    @Test
    void hundredMegabyteVideoReachesFileS3MultipartAndAzureBlocksThroughASmallHeap() throws Exception {
        long maxHeap = Runtime.getRuntime().maxMemory();
        assertThat(maxHeap)
                .as("this test means something only with a heap smaller than the media")
                .isLessThan(SIZE);
        ObjectNode body = webhooks.viaGetMedia(
                "07-video-group-with-link.json", "hundred-megabytes", "mp4-hundred-megabytes", SIZE);
        String sha256 = firstMedia(body).get("sha256").asText();

        postAndAwait(body, 1);

        String key = "ORCHID-Q7K2P/video/2025/03/04/hundred-megabytes.mp4";
        assertThat(Files.size(stored(key))).isEqualTo(SIZE);
        try (InputStream object =
                S3.client().getObject(b -> b.bucket(S3ProxyServer.BUCKET).key(key))) {
            assertThat(SampleMedia.sha256(object)).isEqualTo(sha256);
        }
        // a multipart upload's ETag is the hash of its parts' hashes, followed by -<number of parts>
        assertThat(S3.head(key).eTag()).endsWith("-4\"");
        // sent four parts at a time by the sink's own upload, which keeps the object's metadata
        // (camel-aws2-s3's multipart, one part after the other, drops it)
        assertThat(S3.head(key).metadata())
                .containsEntry("message-id", "hundred-megabytes")
                .containsEntry("sha256", sha256);
        BlobClient blob = AZURITE.container().getBlobClient(key);
        try (InputStream object = blob.openInputStream()) {
            assertThat(SampleMedia.sha256(object)).isEqualTo(sha256);
        }
        assertThat(blob.getProperties().getContentType()).isEqualTo("video/mp4");
        // staged in blocks of 8 MiB, never one request holding the whole file
        assertThat(blob.getBlockBlobClient().listBlocks(BlockListType.COMMITTED).getCommittedBlocks())
                .hasSize(13);
        System.out.printf(
                "100 MiB video stored with a %d MiB heap; heap in use after the run %d MiB%n",
                maxHeap >> 20,
                ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() >> 20);
    }
}
