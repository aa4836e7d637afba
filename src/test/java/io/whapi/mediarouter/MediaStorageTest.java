package io.whapi.mediarouter;

import static io.whapi.mediarouter.support.Webhooks.firstMedia;
import static io.whapi.mediarouter.support.Webhooks.firstMessage;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.management.ThreadMXBean;
import io.whapi.mediarouter.support.FakeWhapi;
import io.whapi.mediarouter.support.FakeWhapi.Behaviour;
import io.whapi.mediarouter.support.Ports;
import io.whapi.mediarouter.support.SampleMedia;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Webhook in, media out: what lands in the file sink, fetched from where, and what never lands. */
class MediaStorageTest extends ConnectorTestSupport {

    private static final ObjectMapper JSON = new ObjectMapper();

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "01-image-private-with-link.json, ORCHID-Q7K2P/image/2025/08/05/OjI5zPXtkQlm6g-gOWFdSGxaw.jpg, "
                + "jpeg-3a3239ccf5ed910966ea-80e5857521b16b",
        "02-image-private-no-link.json, ORCHID-Q7K2P/image/2024/06/25/yRz1.VbdOFCdSWFGDPEYDg-gNEIDpL.CQ.jpg, "
                + "jpeg-c91cf5f956dd38509d4961460cf1180e-80d1080e92fe09",
        "03-document-pdf-group-no-link.json, ORCHID-Q7K2P/document/2025/02/15/OvhJT51.ikvULw-gl4Bq53b8oQfNQ.pdf, "
                + "pdf-3af8494f9d7e8a4bd42f-825e01ab9ddbf2841f35",
        "04-document-docx-private-with-link.json, ORCHID-Q7K2P/document/2025/08/06/Lm8pQ2wXcV4bN1-gK7rTdHyaw.docx, "
                + "docx-9c41e7a2b0d3f5e6a1b2-81a2b3c4d5e6f7",
        "05-voice-private-with-link.json, ORCHID-Q7K2P/voice/2025/08/05/OqbKEat5yjY7Vw-gHqFdSGxaw.ogg, "
                + "oga-3aa6ca11ab79ca363b57-807a857521b16b",
        "06-audio-mp3-group-no-link.json, ORCHID-Q7K2P/audio/2025/08/07/Hc2VnZ0aWFt.Qx-gT5mB0kKaw-A0nWqJw.mp3, "
                + "mp3-5d0e1f2a3b4c5d6e7f80-8091a2b3c4d5e6",
        "07-video-group-with-link.json, ORCHID-Q7K2P/video/2025/03/04/XqMUCssusLJQLQ-kk8Bq53b8oQfNQ-A0nWqJw.mp4, "
                + "mp4-7e2d4c6b8a0f1e3d5c7b-80f1e2d3c4b5a6",
        "08-sticker-private-with-link.json, ORCHID-Q7K2P/sticker/2025/08/07/Tk4bS9pQe2Vd1w-gJ8FdSGxaw.webp, "
                + "webp-a1b2c3d4e5f60718293a-80b1c2d3e4f5a6",
        "09-gif-private-no-link.json, ORCHID-Q7K2P/gif/2025/08/07/Ga7rF3sPq1Lm0w-gN2FdSGxaw.mp4, "
                + "mp4-0f1e2d3c4b5a69788796-80a5b4c3d2e1f0",
        "10-short-ptv-private-with-link.json, ORCHID-Q7K2P/short/2025/08/07/Sh0rTv1dE0Xy9w-gP4FdSGxaw.mp4, "
                + "mp4-6a5b4c3d2e1f0a9b8c7d-80c6d5e4f3a2b1",
        "11-image-from-me-sent-via-api.json, ORCHID-Q7K2P/image/2025/08/07/PsT3xWq8mNa1Bc-gL0UdSGxaw.jpg, "
                + "jpeg-b2c3d4e5f6a7b8c9d0e1-80d7e6f5a4b3c2",
        "12-newsletter-channel-image.json, ORCHID-Q7K2P/image/2025/08/07/NwSl3tT3rPo5tA-gQ1VdSGxaw.jpg, "
                + "jpeg-c3d4e5f6a7b8c9d0e1f2-80e8f7a6b5c4d3",
    })
    void everyMediaTypeIsStoredByteIdenticalUnderItsKey(String sample, String key, String mediaId) throws IOException {
        ObjectNode body = webhooks.load(sample);
        int size = firstMedia(body).get("file_size").asInt();

        HttpResponse<?> response = postAndAwait(body, 1);

        assertThat(response.body().toString()).isEqualTo("{\"accepted\":1}");
        assertThat(Files.readAllBytes(stored(key))).isEqualTo(SampleMedia.bytes(mediaId, size));
        assertThat(stored(key + ".json")).exists();
        boolean hasLink = firstMedia(body).has("link");
        assertThat(WHAPI.requestsFor(hasLink ? "link" : "gateway", mediaId)).hasSize(1);
        assertThat(WHAPI.requestsFor(hasLink ? "gateway" : "link", mediaId)).isEmpty();
    }

    @Test
    void linkIsFetchedWithoutAnyOfOurHeaders() throws IOException {
        ObjectNode body = webhooks.load("01-image-private-with-link.json");
        firstMessage(body).put("id", "link-headers");

        post(body.toString(), "application/json", "X-Webhook-Secret", "hush", "Authorization", "Bearer caller");
        awaitStored("ORCHID-Q7K2P/image/2025/08/05/link-headers.jpg");

        FakeWhapi.Request request = WHAPI.requestsFor("link", "jpeg-3a3239ccf5ed910966ea-80e5857521b16b")
                .get(0);
        assertThat(request.header("Authorization")).isNull();
        assertThat(request.header("X-Webhook-Secret")).isNull();
        assertThat(request.headers().toString()).doesNotContain(FakeWhapi.TOKEN).doesNotContain("hush");
    }

    @Test
    void getMediaSendsTheChannelToken() {
        ObjectNode body = webhooks.load("02-image-private-no-link.json");
        firstMessage(body).put("id", "get-media-token");

        postAndAwait(body, 1);

        FakeWhapi.Request request = WHAPI.requestsFor("gateway", "jpeg-c91cf5f956dd38509d4961460cf1180e-80d1080e92fe09")
                .get(0);
        assertThat(request.path()).isEqualTo("/media/jpeg-c91cf5f956dd38509d4961460cf1180e-80d1080e92fe09");
        assertThat(request.header("Authorization")).isEqualTo("Bearer " + FakeWhapi.TOKEN);
    }

    @Test
    void forbiddenLinkFallsBackToGetMedia() throws IOException {
        ObjectNode body = webhooks.load("07-video-group-with-link.json");
        firstMessage(body).put("id", "forbidden-link");
        String mediaId = firstMedia(body).get("id").asText();
        WHAPI.onLink(mediaId, Behaviour.FORBIDDEN);

        postAndAwait(body, 1);

        String key = "ORCHID-Q7K2P/video/2025/03/04/forbidden-link.mp4";
        assertThat(Files.readAllBytes(stored(key))).isEqualTo(SampleMedia.bytes(mediaId, 1570024));
        assertThat(sidecar(key).get("fetched_from").asText()).isEqualTo("gateway");
        assertThat(WHAPI.requestsFor("link", mediaId)).hasSize(1);
        assertThat(WHAPI.requestsFor("link", mediaId).get(0).header("Authorization"))
                .isNull();
    }

    @Test
    void linkRedirectWithinAnAllowedHostIsFollowed() throws IOException {
        ObjectNode body = webhooks.load("04-document-docx-private-with-link.json");
        firstMessage(body).put("id", "redirected-link");
        ObjectNode media = firstMedia(body);
        String mediaId = media.get("id").asText();
        String original = media.get("link").asText();
        // the webhook's link moves; the old path redirects (relatively) to the new one
        media.put("link", original.replace(mediaId, "moved-" + mediaId));
        WHAPI.redirectLink("moved-" + mediaId, original.substring(original.indexOf("/in-files/")));

        postAndAwait(body, 1);

        String key = "ORCHID-Q7K2P/document/2025/08/06/redirected-link.docx";
        assertThat(Files.readAllBytes(stored(key)))
                .isEqualTo(SampleMedia.bytes(
                        mediaId, firstMedia(body).get("file_size").asInt()));
        assertThat(sidecar(key).get("fetched_from").asText()).isEqualTo("link");
        assertThat(WHAPI.requestsFor("gateway", mediaId)).isEmpty();
    }

    @Test
    void linkRedirectToAHostOffTheListIsNotFollowed() throws IOException {
        ObjectNode body = webhooks.load("05-voice-private-with-link.json");
        firstMessage(body).put("id", "redirect-off-list");
        String mediaId = firstMedia(body).get("id").asText();
        // "localhost" is the gateway's own machine but not on the list (only 127.0.0.1 is named):
        // a link must not be able to bounce the connector onto an internal address
        WHAPI.redirectLink(
                mediaId, WHAPI.gatewayUrl().replace("127.0.0.1", "localhost") + "/media/" + mediaId + "?via=redirect");

        postAndAwait(body, 1);

        String key = "ORCHID-Q7K2P/voice/2025/08/05/redirect-off-list.ogg";
        assertThat(Files.readAllBytes(stored(key))).isEqualTo(SampleMedia.bytes(mediaId, 9164));
        assertThat(sidecar(key).get("fetched_from").asText()).isEqualTo("gateway");
        // the one request the gateway saw is Get Media, with the token, not the redirect
        assertThat(WHAPI.requestsFor("gateway", mediaId))
                .singleElement()
                .satisfies(
                        request -> assertThat(request.header("Authorization")).isEqualTo("Bearer " + FakeWhapi.TOKEN));
    }

    @Test
    void refusedLinkConnectionFallsBackToGetMedia() throws IOException {
        ObjectNode body = webhooks.load("08-sticker-private-with-link.json");
        firstMessage(body).put("id", "refused-link");
        ObjectNode media = firstMedia(body);
        media.put(
                "link",
                // nothing listens there: the link gets "connection refused"
                "http://127.0.0.1:" + Ports.free() + "/in-files/x/"
                        + media.get("id").asText() + ".webp");

        postAndAwait(body, 1);

        String key = "ORCHID-Q7K2P/sticker/2025/08/07/refused-link.webp";
        assertThat(Files.readAllBytes(stored(key)))
                .isEqualTo(SampleMedia.bytes(media.get("id").asText(), 23412));
        assertThat(sidecar(key).get("fetched_from").asText()).isEqualTo("gateway");
    }

    @Test
    void corruptLinkDownloadFallsBackToGetMedia() throws IOException {
        ObjectNode body = webhooks.load("05-voice-private-with-link.json");
        firstMessage(body).put("id", "corrupt-link");
        String mediaId = firstMedia(body).get("id").asText();
        WHAPI.onLink(mediaId, Behaviour.CORRUPT);

        postAndAwait(body, 1);

        String key = "ORCHID-Q7K2P/voice/2025/08/05/corrupt-link.ogg";
        assertThat(Files.readAllBytes(stored(key))).isEqualTo(SampleMedia.bytes(mediaId, 9164));
        assertThat(sidecar(key).get("fetched_from").asText()).isEqualTo("gateway");
    }

    @Test
    void eachMessageOfABatchIsHandledOnItsOwn() throws IOException {
        ObjectNode body = webhooks.load("15-batch-group-text-and-image.json");

        HttpResponse<?> response = postAndAwait(body, 1);

        assertThat(response.body().toString()).isEqualTo("{\"accepted\":1}");
        assertThat(stored("ORCHID-Q7K2P/image/2025/08/08/Bt2bYl0MnR3xF-gS4Bq53b8oQfNQ-A0nWqJw.jpg"))
                .exists();
        assertThat(filesUnderWorkDir()).noneMatch(f -> f.contains("Bt1aXk9LmQ2wE"));
    }

    @Test
    void aMediaMessageWithoutMediaIdIsSkippedAndItsSiblingsStored() {
        ObjectNode body = webhooks.load("15-batch-group-text-and-image.json");
        ((ObjectNode) body.get("messages").get(1)).put("id", "sibling-of-broken");
        ObjectNode broken = firstMessage(webhooks.load("03-document-pdf-group-no-link.json"));
        broken.put("id", "no-media-id");
        ((ObjectNode) broken.get("document")).remove("id");
        ((ArrayNode) body.get("messages")).insert(0, broken);

        HttpResponse<?> response = postAndAwait(body, 1);

        assertThat(response.body().toString()).isEqualTo("{\"accepted\":1}");
        assertThat(stored("ORCHID-Q7K2P/image/2025/08/08/sibling-of-broken.jpg"))
                .exists();
        assertThat(filesUnderWorkDir()).noneMatch(f -> f.contains("no-media-id"));
    }

    @Test
    void documentWithCaptionIsStoredAsDocument() throws IOException {
        // seen with the document both beside the message's other fields and nested in its own object
        for (boolean nested : new boolean[] {false, true}) {
            ObjectNode body = webhooks.load("03-document-pdf-group-no-link.json");
            ObjectNode message = firstMessage(body);
            message.put("id", "with-caption-" + nested);
            message.put("type", "documentWithCaption");
            if (nested) {
                message.putObject("documentWithCaption").set("document", message.remove("document"));
            }

            postAndAwait(body, 1);

            String key = "ORCHID-Q7K2P/document/2025/02/15/with-caption-" + nested + ".pdf";
            assertThat(Files.size(stored(key))).isEqualTo(114212);
            assertThat(sidecar(key).get("type").asText()).isEqualTo("document");
        }
    }

    @Test
    void checksumMismatchIsNotStored() {
        ObjectNode body = webhooks.load("01-image-private-with-link.json");
        firstMessage(body).put("id", "sha-mismatch");
        firstMedia(body).put("sha256", SampleMedia.sha256("something-else", 46793));

        postAndAwait(body, 1);

        assertNothingStoredFor("sha-mismatch");
        // both sources were tried, the link then Get Media, on each of the 3 attempts
        String mediaId = firstMedia(body).get("id").asText();
        assertThat(WHAPI.requestsFor("link", mediaId)).hasSize(3);
        assertThat(WHAPI.requestsFor("gateway", mediaId)).hasSize(3);
    }

    @Test
    void sizeMismatchIsNotStored() {
        ObjectNode body = webhooks.load("02-image-private-no-link.json");
        firstMessage(body).put("id", "size-mismatch");
        firstMedia(body).put("file_size", 25951);
        firstMedia(body).remove("sha256");
        WHAPI.serve(firstMedia(body).get("id").asText(), 25950);

        postAndAwait(body, 1);

        assertNothingStoredFor("size-mismatch");
    }

    @Test
    void bodyCutMidwayIsNotStored() {
        ObjectNode body = webhooks.load("10-short-ptv-private-with-link.json");
        firstMessage(body).put("id", "truncated");
        firstMedia(body).remove("file_size");
        firstMedia(body).remove("sha256");
        String mediaId = firstMedia(body).get("id").asText();
        WHAPI.onLink(mediaId, Behaviour.TRUNCATE);
        WHAPI.onGateway(mediaId, Behaviour.TRUNCATE);

        postAndAwait(body, 1);

        assertNothingStoredFor("truncated");
        assertThat(WHAPI.requestsFor("gateway", mediaId)).hasSize(3);
    }

    @Test
    void hostileFileNameAndMessageIdStayInsideTheSinkRoot() throws IOException {
        ObjectNode body = webhooks.load("03-document-pdf-group-no-link.json");
        firstMessage(body).put("id", "..");
        firstMessage(body).put("chat_id", "../../../etc");
        body.put("channel_id", "..");
        firstMedia(body).put("file_name", "../../x.pdf");
        firstMedia(body).remove("filename");

        postAndAwait(body, 1);

        // '..' becomes '_' plus a hash of the original, for channel and message id alike
        List<String> stored = filesUnderWorkDir().stream()
                .filter(f -> f.matches("media/_-\\w{8}/document/2025/02/15/_-\\w{8}\\.pdf"))
                .toList();
        assertThat(stored).hasSize(1);
        Path file = workDir.resolve(stored.get(0));
        assertThat(file.toRealPath()).startsWith(mediaRoot().toRealPath());
        assertThat(JSON.readTree(workDir.resolve(stored.get(0) + ".json").toFile())
                        .get("file_name")
                        .asText())
                .isEqualTo("../../x.pdf");
        assertThat(workDir.getParent().resolve("x.pdf")).doesNotExist();
    }

    @Test
    void unicodeAndOverlongNamesAreReducedToSafeSegments() {
        ObjectNode body = webhooks.load("04-document-docx-private-with-link.json");
        String longId = "é/".repeat(150);
        firstMessage(body).put("id", longId);
        firstMedia(body).put("file_name", "Отчёт " + "x".repeat(300) + ".DOCX");

        postAndAwait(body, 1);

        assertThat(filesUnderWorkDir())
                .anyMatch(
                        f -> f.matches("media/ORCHID-Q7K2P/document/2025/08/06/" + "_".repeat(128) + "-\\w{8}\\.docx"));
    }

    @Test
    void sidecarDescribesTheMessage() throws IOException {
        ObjectNode body = webhooks.load("01-image-private-with-link.json");
        firstMessage(body).put("id", "sidecar-check");

        postAndAwait(body, 1);

        JsonNode sidecar = sidecar("ORCHID-Q7K2P/image/2025/08/05/sidecar-check.jpg");
        assertThat(sidecar.get("message_id").asText()).isEqualTo("sidecar-check");
        assertThat(sidecar.get("channel_id").asText()).isEqualTo("ORCHID-Q7K2P");
        assertThat(sidecar.get("chat_id").asText()).isEqualTo("15550100123@s.whatsapp.net");
        assertThat(sidecar.get("from").asText()).isEqualTo("15550100123");
        assertThat(sidecar.get("from_me").asBoolean()).isFalse();
        assertThat(sidecar.get("type").asText()).isEqualTo("image");
        assertThat(sidecar.get("mime_type").asText()).isEqualTo("image/jpeg");
        assertThat(sidecar.get("file_size").asLong()).isEqualTo(46793);
        assertThat(sidecar.get("sha256").asText()).isEqualTo("plUBmSafz4RwGVLy/gwKpbPRsfMQ9px1WoFMGQW7ols=");
        assertThat(sidecar.get("caption").asText()).isEqualTo("Receipt March");
        assertThat(sidecar.get("timestamp").asText()).isEqualTo("2025-08-05T17:51:33Z");
        assertThat(sidecar.get("fetched_from").asText()).isEqualTo("link");
        assertThat(sidecar.toString()).doesNotContain(FakeWhapi.TOKEN);
    }

    @Test
    void twentyMegabyteMediaStreamsWithoutPassingThroughTheHeap() throws IOException {
        int size = 20 * 1024 * 1024;
        ObjectNode body =
                webhooks.viaGetMedia("07-video-group-with-link.json", "twenty-megabytes", "mp4-twenty-megabytes", size);
        // one media first, so that the measure is of storing, not of the first message's class
        // loading and thread start-up (this test may run alone)
        postAndAwait(
                webhooks.viaGetMedia("07-video-group-with-link.json", "warm-up-before-twenty", "mp4-warm-up", 1000), 1);
        Map<Long, Long> allocatedBefore = allocatedByQueueConsumers();

        postAndAwait(body, 1);

        long allocated = allocatedSince(allocatedBefore);
        System.out.printf("Storing 20 MiB allocated %,d bytes on the media queue's threads%n", allocated);
        Path file = stored("ORCHID-Q7K2P/video/2025/03/04/twenty-megabytes.mp4");
        assertThat(Files.size(file)).isEqualTo(size);
        // the threads that download, hash, verify and store allocated a small fraction of the media
        assertThat(allocated)
                .as("bytes allocated while storing 20 MB")
                .isLessThan(4L * 1024 * 1024)
                // and the measure saw the work at all
                .isGreaterThan(0);
    }

    /** Heap bytes allocated so far by each thread that processes the media queue (the journal consumer's). */
    private static Map<Long, Long> allocatedByQueueConsumers() {
        ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        Map<Long, Long> allocated = new HashMap<>();
        Arrays.stream(threads.getThreadInfo(threads.getAllThreadIds()))
                .filter(info -> info != null && info.getThreadName().endsWith(" - MediaQueue"))
                .forEach(
                        info -> allocated.put(info.getThreadId(), threads.getThreadAllocatedBytes(info.getThreadId())));
        return allocated;
    }

    /**
     * What the queue's threads allocated between two readings. Per thread, because other apps of
     * this test JVM (other test classes' contexts) have threads of the same name that may end
     * meanwhile, and a sum over whoever is alive would then go down.
     */
    private static long allocatedSince(Map<Long, Long> before) {
        return allocatedByQueueConsumers().entrySet().stream()
                .mapToLong(e -> e.getValue() - before.getOrDefault(e.getKey(), 0L))
                .sum();
    }

    private void awaitStored(String key) {
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(stored(key + ".json")));
    }

    private JsonNode sidecar(String key) throws IOException {
        return JSON.readTree(stored(key + ".json").toFile());
    }

    /** Not in the sink, no staging leftover: the message is in the dead-letter store instead. */
    private void assertNothingStoredFor(String messageId) {
        assertThat(filesUnderWorkDir()).noneMatch(f -> f.startsWith("media/") && f.contains(messageId));
        assertThat(filesUnderWorkDir()).noneMatch(f -> f.startsWith("staging/"));
        assertThat(filesUnderWorkDir()).contains("dead-letter/ORCHID-Q7K2P_" + messageId + ".json");
    }
}
