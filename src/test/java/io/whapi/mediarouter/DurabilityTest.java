package io.whapi.mediarouter;

import static io.whapi.mediarouter.support.Webhooks.firstMessage;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.whapi.mediarouter.deadletter.DeadLetterStore;
import io.whapi.mediarouter.support.FakeWhapi;
import io.whapi.mediarouter.support.FakeWhapi.Behaviour;
import io.whapi.mediarouter.support.SampleMedia;
import io.whapi.mediarouter.support.Webhooks;
import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

/** Nothing lost, nothing twice: the queue, the ledgers, retries and the dead-letter store. */
@TestPropertySource(
        properties = {
            "media.sinks.flaky.uri=file:${media.work-dir}/flaky",
            "media.routing.sticker=file,flaky",
            "media.sink-retry.max-redeliveries=1",
            "media.sink-retry.initial-delay=10",
        })
class DurabilityTest extends ConnectorTestSupport {

    @Autowired
    protected DeadLetterStore deadLetterStore;

    /** The operator's replay with the file store: the documented move of the file into queue/. */
    protected void replay(String deadLetterId) throws IOException {
        Files.move(
                workDir.resolve("dead-letter/" + deadLetterId + ".json"),
                workDir.resolve("queue/" + deadLetterId + ".json"));
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A no-link image (Get Media only) under a message and media id of the test's own. */
    @Test
    void aRedeliveredWebhookDownloadsAndStoresNothingNew() throws IOException {
        ObjectNode body = webhooks.image("redelivered");
        postAndAwait(body, 1);
        FileTime stored = Files.getLastModifiedTime(stored(Webhooks.imageKey("redelivered")));

        for (int i = 0; i < 2; i++) {
            HttpResponse<String> again = post(body.toString(), "application/json");
            assertThat(again.statusCode()).isEqualTo(200);
        }

        assertThat(WHAPI.requestsFor("gateway", "jpeg-redelivered")).hasSize(1);
        assertThat(Files.getLastModifiedTime(stored(Webhooks.imageKey("redelivered"))))
                .isEqualTo(stored);
        assertThat(filesUnderWorkDir()).noneMatch(f -> f.startsWith("queue/") && f.endsWith(".json"));
    }

    /**
     * The queue journal keeps a message's entry until it is done; once the queue has worked
     * everything off, its segment is emptied (QueueJournal): nothing of the message stays on disk
     * in the queue, though the segment file is kept for the next entries.
     */
    @Test
    void aStoredMessageLeavesNothingOfItInTheQueue() throws IOException {
        postAndAwait(webhooks.image("queue-entry-emptied"), 1);

        Path queue = workDir.resolve("queue");
        Awaitility.await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            try (Stream<Path> left = Files.walk(queue)) {
                List<Path> files = left.filter(Files::isRegularFile).toList();
                assertThat(files).as("the journal's segment, kept").isNotEmpty();
                assertThat(files)
                        .allSatisfy(f -> assertThat(Files.readString(f)).doesNotContain("queue-entry-emptied"));
            }
        });
    }

    @Test
    void anAcknowledgedMessageIsRecordedDurablyInTheLedger() {
        ObjectNode body = webhooks.image("ledger-after-queue");

        postAndAwait(body, 1);

        // the ledger has it for good once the queue entry is written (on completion of the
        // intake), never before: a crash between the two must leave the redelivery to be taken
        // in (FileLedgerTest, JdbcLedgerTest)
        Awaitility.await()
                .atMost(Duration.ofSeconds(5))
                .until(() -> durablyRecorded("ORCHID-Q7K2P/ledger-after-queue"));
    }

    /** Whether the message ledger has the key where a restart would find it. */
    protected boolean durablyRecorded(String key) throws IOException {
        Path ledger = workDir.resolve("ledger/messages.log");
        return Files.exists(ledger)
                && Files.readString(ledger).contains(URLEncoder.encode(key, StandardCharsets.UTF_8));
    }

    @Test
    void sixConcurrentDeliveriesOfOneWebhookDownloadOnce() {
        ObjectNode body = webhooks.image("concurrent");

        List<CompletableFuture<HttpResponse<String>>> posts = IntStream.range(0, 6)
                .mapToObj(i -> CompletableFuture.supplyAsync(() -> post(body.toString(), "application/json")))
                .toList();
        posts.forEach(p -> assertThat(p.join().statusCode()).isEqualTo(200));
        awaitProcessed(1);

        assertThat(WHAPI.requestsFor("gateway", "jpeg-concurrent")).hasSize(1);
        assertThat(stored(Webhooks.imageKey("concurrent"))).exists();
    }

    @Test
    void serverErrorsAreRetriedUntilTheDownloadWorks() throws IOException {
        ObjectNode body = webhooks.image("two-500s");
        WHAPI.onGatewayInTurn("jpeg-two-500s", Behaviour.SERVER_ERROR, Behaviour.SERVER_ERROR);

        postAndAwait(body, 1);

        assertThat(WHAPI.requestsFor("gateway", "jpeg-two-500s")).hasSize(3);
        assertThat(Files.readAllBytes(stored(Webhooks.imageKey("two-500s"))))
                .isEqualTo(SampleMedia.bytes("jpeg-two-500s", 25950));
    }

    @Test
    void tooManyRequestsIsRetriedAfterTheDelayTheGatewayAskedFor() {
        ObjectNode body = webhooks.image("one-429");
        WHAPI.onGatewayInTurn("jpeg-one-429", Behaviour.TOO_MANY_REQUESTS);

        postAndAwait(body, 1);

        List<FakeWhapi.Request> requests = WHAPI.requestsFor("gateway", "jpeg-one-429");
        assertThat(requests).hasSize(2);
        // Retry-After: 1, where the test's own backoff is 50 ms
        assertThat(Duration.between(requests.get(0).at(), requests.get(1).at()))
                .isGreaterThanOrEqualTo(Duration.ofMillis(950));
        assertThat(stored(Webhooks.imageKey("one-429"))).exists();
    }

    @Test
    void truncatedThenGoodIsStoredOnceIntact() throws IOException {
        ObjectNode body = webhooks.image("truncated-then-good");
        WHAPI.onGatewayInTurn("jpeg-truncated-then-good", Behaviour.TRUNCATE);

        postAndAwait(body, 1);

        assertThat(Files.readAllBytes(stored(Webhooks.imageKey("truncated-then-good"))))
                .isEqualTo(SampleMedia.bytes("jpeg-truncated-then-good", 25950));
        assertThat(deadLetterStore.entry("ORCHID-Q7K2P_truncated-then-good")).isEmpty();
    }

    @Test
    void corruptedThenGoodIsStoredOnceIntact() throws IOException {
        ObjectNode body = webhooks.image("corrupt-then-good");
        WHAPI.onGatewayInTurn("jpeg-corrupt-then-good", Behaviour.CORRUPT);

        postAndAwait(body, 1);

        assertThat(Files.readAllBytes(stored(Webhooks.imageKey("corrupt-then-good"))))
                .isEqualTo(SampleMedia.bytes("jpeg-corrupt-then-good", 25950));
    }

    @Test
    void notFoundGoesToTheDeadLetterStoreAfterOneAttempt() throws IOException {
        ObjectNode body = webhooks.image("not-found");
        WHAPI.onGateway("jpeg-not-found", Behaviour.NOT_FOUND);

        postAndAwait(body, 1);

        assertThat(WHAPI.requestsFor("gateway", "jpeg-not-found")).hasSize(1);
        String deadLetter = deadLetterStore.entry("ORCHID-Q7K2P_not-found").orElseThrow();
        JsonNode entry = JSON.readTree(deadLetter);
        assertThat(entry.at("/media/messageId").asText()).isEqualTo("not-found");
        assertThat(entry.at("/media/original/id").asText()).isEqualTo("not-found");
        assertThat(entry.get("error").asText()).contains("404");
        assertThat(entry.get("attempts").asInt()).isEqualTo(1);
        assertThat(entry.has("dead_lettered_at")).isTrue();
        assertThat(deadLetter).doesNotContain(FakeWhapi.TOKEN);
        assertThat(stored(Webhooks.imageKey("not-found"))).doesNotExist();
    }

    @Test
    void aDeadLetteredMessageIsProcessedAgainWhenTheGatewayRedeliversIt() {
        ObjectNode body = webhooks.image("redelivered-after-failure");
        WHAPI.onGateway("jpeg-redelivered-after-failure", Behaviour.NOT_FOUND);
        postAndAwait(body, 1);
        assertThat(stored(Webhooks.imageKey("redelivered-after-failure"))).doesNotExist();

        WHAPI.reset();
        postAndAwait(body, 1);

        assertThat(stored(Webhooks.imageKey("redelivered-after-failure"))).exists();
    }

    @Test
    void movingADeadLetterIntoTheQueueReplaysIt() throws IOException {
        ObjectNode body = webhooks.image("replayed");
        WHAPI.onGateway("jpeg-replayed", Behaviour.NOT_FOUND);
        postAndAwait(body, 1);
        assertThat(deadLetterStore.entry("ORCHID-Q7K2P_replayed")).isPresent();

        WHAPI.reset();
        completionsReset();
        replay("ORCHID-Q7K2P_replayed");
        awaitProcessed(1);

        assertThat(Files.readAllBytes(stored(Webhooks.imageKey("replayed"))))
                .isEqualTo(SampleMedia.bytes("jpeg-replayed", 25950));
    }

    @Test
    void aReplayWritesOnlyToTheSinksThatLackTheMedia() throws IOException {
        // the flaky sink's folder is a regular file: it cannot store anything until fixed
        Path flaky = workDir.resolve("flaky");
        Files.writeString(flaky, "not a folder");
        ObjectNode body = webhooks.load("08-sticker-private-with-link.json");
        firstMessage(body).put("id", "partly-stored");
        postAndAwait(body, 1);
        String key = "ORCHID-Q7K2P/sticker/2025/08/07/partly-stored.webp";
        JsonNode failedSinks = JSON.readTree(
                        deadLetterStore.entry("ORCHID-Q7K2P_partly-stored").orElseThrow())
                .get("failed_sinks");
        assertThat(failedSinks).hasSize(1);
        assertThat(failedSinks.get(0).asText()).startsWith("flaky: ");
        FileTime firstWrite = Files.getLastModifiedTime(stored(key));

        Files.delete(flaky);
        completionsReset();
        replay("ORCHID-Q7K2P_partly-stored");
        awaitProcessed(1);

        assertThat(workDir.resolve("flaky").resolve(key)).exists();
        assertThat(Files.getLastModifiedTime(stored(key)))
                .as("the file sink already had it")
                .isEqualTo(firstWrite);
    }

    @Test
    void aFileInTheQueueThatIsNoQueueEntryIsSetAside() throws IOException {
        Files.writeString(workDir.resolve("queue/stray.json"), "{ not json");

        Awaitility.await()
                .atMost(Duration.ofSeconds(10))
                .until(() -> Files.exists(workDir.resolve("dead-letter/unreadable/stray.json")));
        assertThat(workDir.resolve("queue/stray.json")).doesNotExist();
    }

    @Test
    void aQueueThatCannotBeWrittenAnswers503() throws IOException {
        Path queue = workDir.resolve("queue");
        Path aside = workDir.resolve("queue-aside");
        Files.move(queue, aside);
        Files.writeString(queue, "a regular file where the queue folder should be");
        try {
            HttpResponse<String> response =
                    post(webhooks.image("queue-unwritable").toString(), "application/json");

            assertThat(response.statusCode()).isEqualTo(503);
            assertThat(response.headers().firstValue("Retry-After")).isPresent();
        } finally {
            Files.delete(queue);
            Files.move(aside, queue);
        }
        // not marked as taken in: the gateway's retry is processed
        postAndAwait(webhooks.image("queue-unwritable"), 1);
        assertThat(stored(Webhooks.imageKey("queue-unwritable"))).exists();
    }

    /**
     * The queue folder is there and has room, so the intake's check passes, but writing the queue
     * entry fails (here: the folder and its files made immutable, which stops root too). That failure happens
     * inside the split of the webhook's messages; the webhook must still get its 503, not a 200
     * for a message that was never recorded.
     */
    @Test
    void aQueueFileThatCannotBeWrittenAnswers503AndTheRetryIsTakenIn() throws Exception {
        Path queue = workDir.resolve("queue");
        // the journal's folder and its segment too: an append to the open segment fails as well
        Assumptions.assumeTrue(chattr("+i", queue), "chattr +i works here");
        try {
            HttpResponse<String> response =
                    post(webhooks.image("queue-write-fails").toString(), "application/json");

            assertThat(response.statusCode()).as(response.body()).isEqualTo(503);
            assertThat(response.headers().firstValue("Retry-After")).isPresent();
        } finally {
            chattr("-i", queue);
        }
        postAndAwait(webhooks.image("queue-write-fails"), 1);
        assertThat(stored(Webhooks.imageKey("queue-write-fails"))).exists();
    }

    private static boolean chattr(String flag, Path folder) throws IOException, InterruptedException {
        try {
            Process chattr = new ProcessBuilder("chattr", "-R", flag, folder.toString())
                    .redirectErrorStream(true)
                    .start();
            chattr.getInputStream().readAllBytes();
            return chattr.waitFor() == 0;
        } catch (IOException noChattr) {
            return false;
        }
    }
}
