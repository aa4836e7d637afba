package io.whapi.mediarouter;

import static org.assertj.core.api.Assertions.assertThat;

import com.azure.storage.blob.BlobClient;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.whapi.mediarouter.support.AzuriteServer;
import io.whapi.mediarouter.support.PutServer;
import io.whapi.mediarouter.support.SampleMedia;
import io.whapi.mediarouter.support.TestServer;
import io.whapi.mediarouter.support.Webhooks;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

/**
 * Kinds of storage as route templates: Azure Blob Storage (routes/53-sink-azure-blob.camel.yaml)
 * against Azurite, and a kind from outside the jar, examples/sink-kinds/sink-http.camel.yaml in
 * media.extra-routes-dir, whose http: sink stores into a WebDAV-style server with no Java of its
 * own and no rebuild. Every media goes to both.
 */
// read before the app's environment is post-processed, which a @DynamicPropertySource is not
@TestPropertySource(properties = "media.extra-routes-dir=examples/sink-kinds")
@ExtendWith(OutputCaptureExtension.class)
class SinkKindsTest extends ConnectorTestSupport {

    static final PutServer DAV = PutServer.start();
    static final ObjectMapper JSON = new ObjectMapper();

    static final AzuriteServer AZURITE = AzuriteServer.start();

    @RegisterExtension
    static final BeforeAllCallback STOP_DAV_AFTER_THE_RUN = TestServer.stopAfterTheRun("put-server", DAV);

    @RegisterExtension
    static final BeforeAllCallback STOP_AZURITE_AFTER_THE_RUN = TestServer.stopAfterTheRun("azurite", AZURITE);

    @DynamicPropertySource
    static void httpSink(DynamicPropertyRegistry registry) {
        registry.add("media.sinks.dav.uri", DAV::uri);
        registry.add("media.sinks.azure.uri", AZURITE::sinkUri);
        registry.add("media.sinks.azure.endpoint", AZURITE::endpoint);
        registry.add("media.routing.default", () -> "dav,azure");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(
            strings = {
                "01-image-private-with-link.json",
                "03-document-pdf-group-no-link.json",
                "05-voice-private-with-link.json",
                "06-audio-mp3-group-no-link.json",
                "07-video-group-with-link.json",
                "08-sticker-private-with-link.json",
                "09-gif-private-no-link.json",
                "10-short-ptv-private-with-link.json",
            })
    void azureBlobAndTheExampleHttpKindStoreEveryMediaTypeWithItsSidecar(String sample) throws Exception {
        ObjectNode body = webhooks.load(sample);
        ObjectNode media = Webhooks.firstMedia(body);
        String type = Webhooks.firstMessage(body).get("type").asText();
        String messageId = Webhooks.firstMessage(body).get("id").asText();
        byte[] expected = SampleMedia.bytes(
                media.get("id").asText(), media.get("file_size").asInt());

        postAndAwait(body, 1);

        Map.Entry<String, PutServer.Stored> binary = DAV.stored().entrySet().stream()
                .filter(e -> e.getKey().startsWith("ORCHID-Q7K2P/" + type + "/")
                        && e.getKey().contains(messageId))
                .filter(e -> !e.getKey().endsWith(".json"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + type + " of " + messageId + " in "
                        + DAV.stored().keySet()));
        assertThat(binary.getValue().body()).isEqualTo(expected);
        assertThat(binary.getValue().contentType())
                .isEqualTo(media.get("mime_type").asText());
        JsonNode sidecar =
                JSON.readTree(DAV.stored().get(binary.getKey() + ".json").body());
        assertThat(sidecar.path("message_id").asText()).isEqualTo(messageId);
        assertThat(DAV.stored().get(binary.getKey() + ".json").contentType()).startsWith("application/json");

        // the same key in Azure Blob Storage: the blob, its Content-Type, then the sidecar
        BlobClient blob = AZURITE.container().getBlobClient(binary.getKey());
        assertThat(blob.downloadContent().toBytes()).isEqualTo(expected);
        assertThat(blob.getProperties().getContentType())
                .isEqualTo(media.get("mime_type").asText());
        BlobClient blobSidecar = AZURITE.container().getBlobClient(binary.getKey() + ".json");
        assertThat(JSON.readTree(blobSidecar.downloadContent().toBytes())
                        .path("message_id")
                        .asText())
                .isEqualTo(messageId);
        assertThat(blobSidecar.getProperties().getContentType()).isEqualTo("application/json");
    }

    @Test
    void healthListsBothKindsAndNoKeyOrPasswordAppearsInHealthOrLog(CapturedOutput output) throws Exception {
        postAndAwait(webhooks.image("kinds-hygiene"), 1);

        String health = send(HttpRequest.newBuilder(
                                URI.create("http://127.0.0.1:" + managementPort + "/actuator/health"))
                        .build())
                .body();
        JsonNode sinks = JSON.readTree(health).at("/components/sinks/components");
        assertThat(sinks.at("/azure/status").asText()).isEqualTo("UP");
        assertThat(sinks.at("/dav/status").asText()).isEqualTo("UP");
        for (String secret : new String[] {AzuriteServer.KEY, PutServer.PASSWORD}) {
            assertThat(health).doesNotContain(secret);
            assertThat(output.getAll()).doesNotContain(secret);
        }
    }
}
