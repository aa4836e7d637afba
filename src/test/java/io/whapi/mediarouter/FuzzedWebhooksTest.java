package io.whapi.mediarouter;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.whapi.mediarouter.queue.MediaQueueComponent;
import io.whapi.mediarouter.support.Webhooks;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

/**
 * Thousands of webhook bodies mutated from the samples (values of the wrong type, nulls, hostile
 * strings, missing and extra fields, cut-off JSON, huge arrays), from a fixed seed so that a
 * failure can be replayed. No answer is a 5xx, nothing is written outside the work dir, and the
 * app still answers health afterwards.
 */
// an app of its own (its ledger takes in the samples' message ids), failing fuzzed media at once
@TestPropertySource(properties = "media.fetch-retry.max-redeliveries=0")
class FuzzedWebhooksTest extends ConnectorTestSupport {

    @Autowired
    private MediaQueueComponent mediaQueue;

    private static final long SEED = 20261125L;
    private static final int CASES = 2000;
    private static final Set<Integer> EXPECTED = Set.of(200, 400, 413, 415);
    /** Marks hostile names; unique to this run, as earlier runs leave their work dirs in /tmp. */
    private static final String ESCAPE =
            "fuzz-escape-" + UUID.randomUUID().toString().substring(0, 8) + "-";

    private static final String[] SAMPLES = {
        "01-image-private-with-link.json", "03-document-pdf-group-no-link.json", "05-voice-private-with-link.json",
        "08-sticker-private-with-link.json", "13-text-private-non-media.json", "14-statuses-delivered-read.json",
        "15-batch-group-text-and-image.json"
    };

    private final ObjectMapper json = new ObjectMapper();
    private final Random random = new Random(SEED);

    @Test
    void mutatedBodiesNeverGetA5xxNorWriteOutsideTheWorkDir() throws Exception {
        List<String> unexpected = new ArrayList<>();
        for (int i = 0; i < CASES; i++) {
            String body = mutated(i);
            HttpResponse<String> response = post(body, "application/json");
            if (!EXPECTED.contains(response.statusCode())) {
                unexpected.add(response.statusCode() + " for case " + i + ": "
                        + body.substring(0, Math.min(300, body.length())));
            }
        }

        assertThat(unexpected).isEmpty();
        HttpRequest health = HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + managementPort + "/actuator/health"))
                .build();
        Awaitility.await()
                .atMost(Duration.ofSeconds(60))
                .until(() -> send(health).statusCode() == 200 && listQueue().isEmpty() && mediaQueue.queued() == 0);
        // the system temp folder that holds this app's folder (and its work dir)
        try (Stream<Path> files = Files.walk(workDir.getParent().getParent(), 5)) {
            assertThat(files.filter(p -> p.getFileName().toString().contains(ESCAPE))
                            .filter(p -> !p.startsWith(workDir)))
                    .isEmpty();
        }
        try (Stream<Path> files = Files.walk(workDir)) {
            assertThat(files.filter(Files::isRegularFile)
                            .map(workDir::relativize)
                            .map(p -> p.getName(0).toString()))
                    .allMatch(top -> Set.of("queue", "staging", "media", "ledger", "dead-letter")
                            .contains(top));
        }
    }

    /** Queue files put in the folder (none here: the intake appends to the journal). */
    private List<Path> listQueue() throws IOException {
        try (Stream<Path> files = Files.list(workDir.resolve("queue"))) {
            return files.filter(p -> p.toString().endsWith(".json")).toList();
        }
    }

    private String mutated(int n) throws IOException {
        ObjectNode body = (ObjectNode) json.readTree(Webhooks.raw(SAMPLES[random.nextInt(SAMPLES.length)]));
        int mutations = 1 + random.nextInt(4);
        for (int m = 0; m < mutations; m++) {
            mutate(body, n);
        }
        String text = body.toString();
        return switch (random.nextInt(20)) {
            case 0 -> text.substring(0, random.nextInt(text.length()));
            case 1 -> text.replace("\"", "'");
            default -> text;
        };
    }

    private void mutate(ObjectNode body, int n) {
        List<ObjectNode> objects = new ArrayList<>();
        collect(body, objects);
        ObjectNode target = objects.get(random.nextInt(objects.size()));
        List<String> fields = new ArrayList<>();
        target.fieldNames().forEachRemaining(fields::add);
        String field = fields.isEmpty() ? "extra" : fields.get(random.nextInt(fields.size()));
        switch (random.nextInt(9)) {
            case 0 -> target.remove(field);
            case 1 -> target.putNull(field);
            case 2 -> target.put(field, hostileString(n));
            case 3 -> target.put(field, random.nextLong());
            case 4 -> target.put(field, random.nextBoolean());
            case 5 -> target.set(field, JsonNodeFactory.instance.arrayNode().add(hostileString(n)));
            case 6 -> target.set(field, JsonNodeFactory.instance.objectNode().put("id", hostileString(n)));
            case 7 -> {
                if (target.get("messages") instanceof ArrayNode messages && messages.size() > 0) {
                    JsonNode first = messages.get(0);
                    for (int i = 0; i < 2000; i++) {
                        messages.add(first.deepCopy());
                    }
                }
            }
            default -> target.put(field, String.valueOf(random.nextInt()));
        }
    }

    private String hostileString(int n) {
        return switch (random.nextInt(8)) {
            case 0 -> "../../../" + ESCAPE + n;
            case 1 -> "/tmp/" + ESCAPE + n;
            case 2 -> "..";
            case 3 -> "";
            case 4 -> "x".repeat(5000);
            case 5 -> "\u0000\n\r\t" + ESCAPE + n;
            case 6 -> "Отчёт 😀 " + ESCAPE + n + ".pdf";
            default -> "http://169.254.169.254/" + ESCAPE + n;
        };
    }

    private static void collect(JsonNode node, List<ObjectNode> objects) {
        if (node instanceof ObjectNode object) {
            objects.add(object);
        }
        node.forEach(child -> collect(child, objects));
    }
}
