package io.whapi.mediarouter;

import static io.whapi.mediarouter.support.Webhooks.firstMessage;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.whapi.mediarouter.support.FakeWhapi;
import io.whapi.mediarouter.support.FakeWhapi.Behaviour;
import io.whapi.mediarouter.support.FileTransferServers;
import io.whapi.mediarouter.support.S3ProxyServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

/**
 * The whole flow at DEBUG, with known secrets: the gateway token, the webhook secret, S3 keys and
 * the FTP password appear in no log line and no file the connector writes.
 */
@ExtendWith(OutputCaptureExtension.class)
@TestPropertySource(
        properties = {
            "logging.level.root=DEBUG",
            // the test's own servers are not the connector: keep their chatter out of the capture
            "logging.level.org.apache.ftpserver=INFO",
            "logging.level.org.apache.sshd=INFO",
            "logging.level.org.apache.mina=INFO",
            // logs the test framework's own events, whose text holds this test's property values;
            // an application never receives those events
            "logging.level.org.apache.camel.spring.SpringCamelContext=INFO",
            "whapi.webhook.secret=webhook-secret-Hx72",
            "media.routing.image=file,s3,ftp",
        })
class SecretHygieneTest extends ConnectorTestSupport {

    @RegisterExtension
    static final S3ProxyServer S3 = S3ProxyServer.start();

    @RegisterExtension
    static final FileTransferServers SERVERS = FileTransferServers.start();

    static final List<String> SECRETS = List.of(
            FakeWhapi.TOKEN,
            "webhook-secret-Hx72",
            S3ProxyServer.SECRET_KEY,
            S3ProxyServer.ACCESS_KEY,
            FileTransferServers.PASSWORD);

    @DynamicPropertySource
    static void sinks(DynamicPropertyRegistry registry) {
        registry.add("media.sinks.s3.uri", () -> S3.sinkUri(S3ProxyServer.SECRET_KEY));
        registry.add("media.sinks.ftp.uri", SERVERS::ftpUri);
    }

    @Test
    void noSecretInAnyLogLineOrWrittenFile(CapturedOutput output) throws IOException {
        ObjectNode viaLink = webhooks.load("01-image-private-with-link.json");
        firstMessage(viaLink).put("id", "hygiene-link");
        ObjectNode viaGetMedia =
                webhooks.viaGetMedia("02-image-private-no-link.json", "hygiene-get-media", "jpeg-hygiene", 25950);
        ObjectNode deadLettered =
                webhooks.viaGetMedia("02-image-private-no-link.json", "hygiene-dead", "jpeg-hygiene-dead", 25950);
        WHAPI.onGateway("jpeg-hygiene-dead", Behaviour.NOT_FOUND);

        for (ObjectNode body : List.of(viaLink, viaGetMedia, deadLettered)) {
            completionsReset();
            assertThat(post(body.toString(), "application/json", "X-Webhook-Secret", "webhook-secret-Hx72")
                            .statusCode())
                    .isEqualTo(200);
            awaitProcessed(1);
        }
        assertThat(post(viaLink.toString(), "application/json", "X-Webhook-Secret", "a-wrong-guess")
                        .statusCode())
                .isEqualTo(401);

        assertThat(stored("ORCHID-Q7K2P/image/2024/06/25/hygiene-get-media.jpg"))
                .exists();
        // what the actuator shows: health with each sink's details (S3 and FTP were reached with
        // their credentials), metrics with their tags, and the readiness probe
        for (String path : List.of("/actuator/health", "/actuator/prometheus", "/actuator/health/readiness")) {
            HttpResponse<String> response =
                    send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort + path))
                            .GET()
                            .build());
            assertThat(response.statusCode()).as(path).isEqualTo(200);
            for (String secret : SECRETS) {
                assertThat(response.body()).as(path).doesNotContain(secret);
            }
        }
        assertThat(output.getAll()).contains("DEBUG");
        for (String secret : SECRETS) {
            assertThat(output.getAll()).as("the log").doesNotContain(secret);
        }
        for (Path root : List.of(workDir, SERVERS.ftpHome)) {
            try (Stream<Path> files = Files.walk(root)) {
                for (Path file : files.filter(Files::isRegularFile).toList()) {
                    String content = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
                    for (String secret : SECRETS) {
                        assertThat(content).as(file.toString()).doesNotContain(secret);
                    }
                }
            }
        }
    }
}
