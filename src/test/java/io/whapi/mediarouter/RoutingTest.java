package io.whapi.mediarouter;

import static io.whapi.mediarouter.support.Webhooks.firstMedia;
import static io.whapi.mediarouter.support.Webhooks.firstMessage;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/** Per-type routing, the value none, and the example rule shipped in the router. */
@TestPropertySource(
        properties = {
            "media.sinks.archive.uri=file:${media.work-dir}/archive",
            "media.routing.video=none",
            "media.routing.document=archive",
            "media.rules.large-document.min-bytes=100000",
            "media.rules.large-document.sinks=file,archive",
            // the deprecated alias of media.policy.outgoing, which deployments still set
            "media.include-outgoing=false",
        })
class RoutingTest extends ConnectorTestSupport {

    private Path archive() {
        return workDir.resolve("archive");
    }

    @Test
    void typeRoutedToNoneIsNeitherFetchedNorStored() {
        ObjectNode body = webhooks.load("07-video-group-with-link.json");
        firstMessage(body).put("id", "video-to-none");

        postAndAwait(body, 1);

        assertThat(WHAPI.requests()).isEmpty();
        // nothing but the ledger's record that it was taken in (and skipped)
        assertThat(filesUnderWorkDir()).noneMatch(f -> f.contains("video-to-none") && !f.startsWith("ledger/"));
    }

    @Test
    void typeGoesOnlyToTheSinksItsRoutingNames() {
        ObjectNode body = webhooks.load("04-document-docx-private-with-link.json");
        firstMessage(body).put("id", "small-document");

        postAndAwait(body, 1);

        String key = "ORCHID-Q7K2P/document/2025/08/06/small-document.docx";
        assertThat(archive().resolve(key)).exists();
        assertThat(archive().resolve(key + ".json")).exists();
        assertThat(mediaRoot().resolve(key)).doesNotExist();
    }

    @Test
    void exampleRuleSendsLargeDocumentsToItsOwnSinks() {
        ObjectNode body = webhooks.load("03-document-pdf-group-no-link.json");
        firstMessage(body).put("id", "large-document");
        assertThat(firstMedia(body).get("file_size").asLong()).isGreaterThan(100000);

        postAndAwait(body, 1);

        String key = "ORCHID-Q7K2P/document/2025/02/15/large-document.pdf";
        assertThat(archive().resolve(key)).exists();
        assertThat(mediaRoot().resolve(key)).exists();
        // downloaded once, whatever the number of sinks
        assertThat(WHAPI.requests()).hasSize(1);
    }

    @Test
    void typesWithoutRoutingOfTheirOwnUseTheDefault() {
        ObjectNode body = webhooks.load("02-image-private-no-link.json");
        firstMessage(body).put("id", "default-image");

        postAndAwait(body, 1);

        assertThat(mediaRoot().resolve("ORCHID-Q7K2P/image/2024/06/25/default-image.jpg"))
                .exists();
        assertThat(archive().resolve("ORCHID-Q7K2P/image/2024/06/25/default-image.jpg"))
                .doesNotExist();
    }

    @Test
    void outgoingMessagesAreSkippedWhenExcluded() {
        ObjectNode body = webhooks.load("11-image-from-me-sent-via-api.json");
        firstMessage(body).put("id", "outgoing-excluded");

        postAndAwait(body, 1);

        assertThat(WHAPI.requests()).isEmpty();
        assertThat(filesUnderWorkDir()).noneMatch(f -> f.contains("outgoing-excluded") && !f.startsWith("ledger/"));
    }
}
