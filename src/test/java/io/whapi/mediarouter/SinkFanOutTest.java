package io.whapi.mediarouter;

import static io.whapi.mediarouter.support.Webhooks.firstMedia;
import static io.whapi.mediarouter.support.Webhooks.firstMessage;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.whapi.mediarouter.support.FileTransferServers;
import io.whapi.mediarouter.support.FileTransferServers.FtpCommand;
import io.whapi.mediarouter.support.S3ProxyServer;
import io.whapi.mediarouter.support.SampleMedia;
import io.whapi.mediarouter.support.TempFolders;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;

/** The fan-out to real S3 (S3Proxy), FTP, FTPS and SFTP servers, sink by sink. */
@ExtendWith(OutputCaptureExtension.class)
class SinkFanOutTest extends ConnectorTestSupport {

    @RegisterExtension
    static final S3ProxyServer S3 = S3ProxyServer.start();

    @RegisterExtension
    static final FileTransferServers SERVERS = FileTransferServers.start();

    static final String WRONG_SECRET = "not-the-secret-9Kq";

    @DynamicPropertySource
    static void sinks(DynamicPropertyRegistry registry) {
        registry.add("media.sinks.s3.uri", () -> S3.sinkUri(S3ProxyServer.SECRET_KEY));
        registry.add("media.sinks.s3bad.uri", () -> S3.sinkUri(WRONG_SECRET));
        registry.add("media.sinks.ftp.uri", SERVERS::ftpUri);
        registry.add("media.sinks.ftps.uri", SERVERS::ftpsUri);
        registry.add("media.sinks.sftp.uri", SERVERS::sftpUri);
        registry.add("media.routing.image", () -> "file,s3");
        registry.add("media.routing.document", () -> "ftp,s3");
        registry.add("media.routing.video", () -> "s3");
        registry.add("media.routing.voice", () -> "sftp");
        registry.add("media.routing.audio", () -> "ftps");
        registry.add("media.routing.gif", () -> "file,ftp,s3");
        registry.add("media.routing.sticker", () -> "s3bad");
        // about 8 s of retries in all: longer than the S3 outage below
        registry.add("media.sink-retry.initial-delay", () -> "200");
        registry.add("media.sink-retry.max-delay", () -> "1000");
        registry.add("media.sink-retry.max-redeliveries", () -> "10");
        // health as it is now, not as it was up to 10 s ago
        registry.add("management.endpoint.health.cache.time-to-live", () -> "0ms");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "01-image-private-with-link.json, 'file,s3', image/2025/08/05, jpg",
        "03-document-pdf-group-no-link.json, 'ftp,s3', document/2025/02/15, pdf",
        "07-video-group-with-link.json, 's3', video/2025/03/04, mp4",
        "05-voice-private-with-link.json, 'sftp', voice/2025/08/05, ogg",
        "06-audio-mp3-group-no-link.json, 'ftps', audio/2025/08/07, mp3",
    })
    void eachTypeLandsInExactlyTheSinksItsRoutingNames(String sample, String sinks, String folder, String ext)
            throws IOException {
        ObjectNode body = webhooks.load(sample);
        String messageId = "fanout-" + folder.substring(0, folder.indexOf('/'));
        firstMessage(body).put("id", messageId);
        String mediaId = firstMedia(body).get("id").asText();
        byte[] expected =
                SampleMedia.bytes(mediaId, firstMedia(body).get("file_size").asInt());

        postAndAwait(body, 1);

        String key = "ORCHID-Q7K2P/" + folder + "/" + messageId + "." + ext;
        Set<String> wanted = Set.of(sinks.split(","));
        for (String sink : new String[] {"file", "s3", "ftp", "ftps", "sftp"}) {
            if (wanted.contains(sink)) {
                assertThat(read(sink, key)).as(sink).isEqualTo(expected);
                assertThat(read(sink, key + ".json")).as(sink + " sidecar").isNotNull();
            } else {
                assertThat(read(sink, key)).as(sink).isNull();
            }
        }
        // downloaded once, whatever the number of sinks
        assertThat(WHAPI.requests()).hasSize(1);
    }

    @Test
    void s3ObjectCarriesItsContentTypeAndMetadata() {
        ObjectNode body = webhooks.load("01-image-private-with-link.json");
        firstMessage(body).put("id", "s3-metadata");

        postAndAwait(body, 1);

        HeadObjectResponse head = S3.head("ORCHID-Q7K2P/image/2025/08/05/s3-metadata.jpg");
        assertThat(head.contentType()).isEqualTo("image/jpeg");
        assertThat(head.contentLength()).isEqualTo(46793);
        assertThat(head.metadata())
                .containsEntry("message-id", "s3-metadata")
                .containsEntry("channel-id", "ORCHID-Q7K2P")
                .containsEntry("sha256", "plUBmSafz4RwGVLy/gwKpbPRsfMQ9px1WoFMGQW7ols=");
        assertThat(S3.head("ORCHID-Q7K2P/image/2025/08/05/s3-metadata.jpg.json").contentType())
                .isEqualTo("application/json");
    }

    @Test
    void aSinkFolderMissingOnTheServerIsMadeByTheUploadThatNeedsIt(CapturedOutput output) throws IOException {
        // the sink asks no server before each file whether its folder is there (autoCreate=false)
        TempFolders.delete(SERVERS.ftpHome.resolve("inbox"));
        TempFolders.delete(SERVERS.sftpHome.resolve("inbox"));
        ObjectNode document = webhooks.load("03-document-pdf-group-no-link.json");
        firstMessage(document).put("id", "into-a-missing-folder");
        ObjectNode voice = webhooks.load("05-voice-private-with-link.json");
        firstMessage(voice).put("id", "into-a-missing-sftp-folder");

        postAndAwait(document, 1);
        postAndAwait(voice, 1);

        assertThat(read("ftp", "ORCHID-Q7K2P/document/2025/02/15/into-a-missing-folder.pdf"))
                .isEqualTo(SampleMedia.bytes(
                        firstMedia(document).get("id").asText(),
                        firstMedia(document).get("file_size").asInt()));
        assertThat(read("ftp", "ORCHID-Q7K2P/document/2025/02/15/into-a-missing-folder.pdf.json"))
                .isNotNull();
        assertThat(read("sftp", "ORCHID-Q7K2P/voice/2025/08/05/into-a-missing-sftp-folder.ogg"))
                .isEqualTo(SampleMedia.bytes(
                        firstMedia(voice).get("id").asText(),
                        firstMedia(voice).get("file_size").asInt()));
        assertThat(health("/actuator/health")
                        .at("/components/sinks/components/ftp/status")
                        .asText())
                .isEqualTo("UP");
    }

    @Test
    void ftpGetsBinaryBytesUnchangedThoughItsUriDoesNotAskForBinary() throws IOException {
        assertThat(SERVERS.ftpUri()).doesNotContain("binary");
        byte[] bytes = new byte[300_000];
        new Random(42).nextBytes(bytes);
        System.arraycopy("line\r\nline\nline\r".getBytes(), 0, bytes, 1000, 16);
        ObjectNode body = withBytes("03-document-pdf-group-no-link.json", "binary-document", "pdf-binary-1", bytes);

        postAndAwait(body, 1);

        assertThat(read("ftp", "ORCHID-Q7K2P/document/2025/02/15/binary-document.pdf"))
                .isEqualTo(bytes);
    }

    @Test
    void anFtpSinkUploadsSeveralMediaAtOnceAndReplacesWhatARetryFindsAtTheKey() throws IOException {
        String folder = "ORCHID-Q7K2P/document/2025/02/15/";
        // what a crash after the rename, before the ledger recorded the delivery, leaves behind
        Path stale = SERVERS.ftpHome.resolve("inbox/" + folder + "ftp-parallel-0.pdf");
        Files.createDirectories(stale.getParent());
        Files.writeString(stale, "stale");
        int count = 6;
        byte[][] contents = new byte[count][];
        // however quick one upload is, the first waits (up to 10 s) for a second to start beside it
        SERVERS.holdTheNextUploadUntilAnotherStarts();
        completionsReset();
        for (int i = 0; i < count; i++) {
            contents[i] = new byte[4 * 1024 * 1024];
            new Random(i).nextBytes(contents[i]);
            ObjectNode body = withBytes(
                    "03-document-pdf-group-no-link.json", "ftp-parallel-" + i, "pdf-parallel-" + i, contents[i]);
            assertThat(post(body.toString(), "application/json").statusCode()).isEqualTo(200);
        }
        awaitProcessed(count);

        for (int i = 0; i < count; i++) {
            assertThat(read("ftp", folder + "ftp-parallel-" + i + ".pdf")).isEqualTo(contents[i]);
        }
        try (var names = Files.list(SERVERS.ftpHome.resolve("inbox/" + folder))) {
            assertThat(names.map(f -> f.getFileName().toString())).noneMatch(n -> n.startsWith(".inprogress-"));
        }
        // one connection per upload in work, not one for the sink
        assertThat(SERVERS.mostFtpUploadsAtOnce()).isGreaterThan(1);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "ftp, 03-document-pdf-group-no-link.json, document/2025/02/15",
        "ftps, 06-audio-mp3-group-no-link.json, audio/2025/08/07",
    })
    void anFtpUploadIsRenamedRightAfterItsStorWithoutANoopBetween(String sink, String sample, String folder)
            throws IOException {
        // the day's folder there already: the first upload into a new one fails and makes it
        Path home = sink.equals("ftps") ? SERVERS.ftpsHome : SERVERS.ftpHome;
        Files.createDirectories(home.resolve("inbox/ORCHID-Q7K2P/" + folder));
        Supplier<List<FtpCommand>> server = sink.equals("ftps") ? SERVERS::ftpsCommands : SERVERS::ftpCommands;
        int before = server.get().size();
        ObjectNode body = withBytes(sample, sink + "-commands", "commands-" + sink + "-1", new byte[50_000]);

        postAndAwait(body, 1);
        // the server logs a command after its reply, which the sink may have had a moment before
        Awaitility.await()
                .atMost(Duration.ofSeconds(5))
                .until(() -> server.get().stream()
                                .skip(before)
                                .filter(command -> command.name().equals("RNTO"))
                                .count()
                        == 2);

        Map<String, List<String>> bySession = new LinkedHashMap<>();
        List<FtpCommand> commands = server.get();
        for (FtpCommand command : commands.subList(before, commands.size())) {
            bySession.computeIfAbsent(command.session(), s -> new ArrayList<>()).add(command.name());
        }
        // the binary and its sidecar: each STOR under a temporary name, then RNFR and RNTO, as a
        // plain client does; a NOOP before a STOR only on a connection that had been idle
        assertThat(bySession.values().stream().flatMap(List::stream).filter("STOR"::equals))
                .as("commands by connection: %s", bySession)
                .hasSize(2);
        for (List<String> session : bySession.values()) {
            for (int i = 0; i < session.size(); i++) {
                if (session.get(i).equals("STOR")) {
                    assertThat(session.subList(i + 1, Math.min(i + 3, session.size())))
                            .as("commands on one connection: %s", session)
                            .containsExactly("RNFR", "RNTO");
                }
            }
        }
    }

    @Test
    void anSftpSinkReplacesWhatARetryFindsAtTheKey() throws IOException {
        ObjectNode body = webhooks.load("05-voice-private-with-link.json");
        firstMessage(body).put("id", "sftp-replaced");
        Path stale = SERVERS.sftpHome.resolve("inbox/ORCHID-Q7K2P/voice/2025/08/05/sftp-replaced.ogg");
        Files.createDirectories(stale.getParent());
        Files.writeString(stale, "stale");

        postAndAwait(body, 1);

        String mediaId = firstMedia(body).get("id").asText();
        assertThat(read("sftp", "ORCHID-Q7K2P/voice/2025/08/05/sftp-replaced.ogg"))
                .isEqualTo(SampleMedia.bytes(
                        mediaId, firstMedia(body).get("file_size").asInt()));
    }

    @Test
    void aFileSinkReplacesWhatARetryFindsAtTheKeyWithoutDeletingItFirst() throws Exception {
        ObjectNode body = webhooks.load("01-image-private-with-link.json");
        firstMessage(body).put("id", "file-replaced");
        String key = "ORCHID-Q7K2P/image/2025/08/05/file-replaced.jpg";
        Path stale = mediaRoot().resolve(key);
        Files.createDirectories(stale.getParent());
        Files.writeString(stale, "stale");
        List<WatchEvent.Kind<?>> eventsOnTheKey = new ArrayList<>();

        try (WatchService watch = FileSystems.getDefault().newWatchService()) {
            stale.getParent()
                    .register(watch, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_DELETE);

            postAndAwait(body, 1);

            for (WatchKey changes = watch.poll(); changes != null; changes = watch.poll()) {
                changes.pollEvents().stream()
                        .filter(event -> stale.getFileName().equals(event.context()))
                        .forEach(event -> eventsOnTheKey.add(event.kind()));
                changes.reset();
            }
        }

        assertThat(read("file", key))
                .isEqualTo(SampleMedia.bytes(
                        firstMedia(body).get("id").asText(),
                        firstMedia(body).get("file_size").asInt()));
        // renamed onto the stale file, which a reader finds until the new one is there; Camel's
        // fileExist=Override deleted it first (ENTRY_DELETE, then ENTRY_CREATE)
        assertThat(eventsOnTheKey).containsExactly(StandardWatchEventKinds.ENTRY_CREATE);
    }

    @Test
    void anFtpReaderNeverSeesAPartialFile() throws Exception {
        long size = 30L * 1024 * 1024;
        ObjectNode body =
                webhooks.viaGetMedia("03-document-pdf-group-no-link.json", "large-ftp-document", "pdf-large-ftp", size);
        Path target = SERVERS.ftpHome.resolve("inbox/ORCHID-Q7K2P/document/2025/02/15/large-ftp-document.pdf");
        AtomicBoolean done = new AtomicBoolean();
        AtomicLong partialSeen = new AtomicLong(-1);
        AtomicLong looks = new AtomicLong();
        Thread reader = new Thread(() -> {
            while (!done.get()) {
                looks.incrementAndGet();
                try {
                    long seen = Files.exists(target) ? Files.size(target) : size;
                    if (seen != size) {
                        partialSeen.set(seen);
                    }
                } catch (IOException e) {
                    // gone between exists and size: a rename in progress, not a partial file
                }
            }
        });
        reader.start();

        postAndAwait(body, 1);
        done.set(true);
        reader.join();

        assertThat(Files.size(target)).isEqualTo(size);
        assertThat(partialSeen.get())
                .as("size of a partial file seen under the final name")
                .isEqualTo(-1);
        assertThat(looks.get()).isGreaterThan(100);
    }

    @Test
    void anS3OutageDelaysOnlyS3() throws IOException {
        ObjectNode body = webhooks.load("09-gif-private-no-link.json");
        firstMessage(body).put("id", "s3-outage");
        String key = "ORCHID-Q7K2P/gif/2025/08/07/s3-outage.mp4";
        byte[] expected = SampleMedia.bytes(firstMedia(body).get("id").asText(), 238901);
        S3.stopProcess();
        try {
            postAccepted(body);

            Awaitility.await()
                    .atMost(Duration.ofSeconds(5))
                    .until(() -> read("file", key + ".json") != null && read("ftp", key + ".json") != null);
            assertThat(read("file", key)).isEqualTo(expected);
            assertThat(read("ftp", key)).isEqualTo(expected);
        } finally {
            S3.startProcess();
        }
        awaitProcessed(1);

        assertThat(S3.object(key)).isEqualTo(expected);
    }

    @Test
    void healthShowsEachSinkAndASinkOutageFailsNeitherProbe() throws IOException {
        JsonNode sinks = health("/actuator/health").at("/components/sinks/components");
        for (String sink : List.of("file", "s3", "ftp", "ftps", "sftp")) {
            assertThat(sinks.at("/" + sink + "/status").asText()).as(sink).isEqualTo("UP");
        }
        assertThat(sinks.at("/s3bad/status").asText()).isEqualTo("DOWN");
        assertThat(sinks.at("/s3bad/details/reason").asText()).contains("403").doesNotContain(WRONG_SECRET);

        S3.stopProcess();
        try {
            assertThat(health("/actuator/health")
                            .at("/components/sinks/components/s3/status")
                            .asText())
                    .isEqualTo("DOWN");
            assertThat(health("/actuator/health/liveness").get("status").asText())
                    .isEqualTo("UP");
            assertThat(health("/actuator/health/readiness").get("status").asText())
                    .isEqualTo("UP");
        } finally {
            S3.startProcess();
        }
        assertThat(health("/actuator/health")
                        .at("/components/sinks/components/s3/status")
                        .asText())
                .isEqualTo("UP");
    }

    private JsonNode health(String path) throws IOException {
        String body = send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort + path))
                        .GET()
                        .build())
                .body();
        return new ObjectMapper().readTree(body);
    }

    @Test
    void wrongS3CredentialsGiveAClearErrorNamingTheSinkNotTheSecret(CapturedOutput output) {
        ObjectNode body = webhooks.load("08-sticker-private-with-link.json");
        firstMessage(body).put("id", "bad-credentials");

        postAndAwait(body, 1);

        assertThat(output.getOut())
                .contains("Media of message bad-credentials")
                .contains("not stored in s3bad: The request signature we calculated does not match")
                .doesNotContain(WRONG_SECRET)
                .doesNotContain(S3ProxyServer.SECRET_KEY)
                .doesNotContain(FileTransferServers.PASSWORD);
    }

    private ObjectNode withBytes(String sample, String messageId, String mediaId, byte[] bytes) {
        ObjectNode body = webhooks.load(sample);
        firstMessage(body).put("id", messageId);
        ObjectNode media = firstMedia(body);
        media.remove("link");
        media.put("id", mediaId);
        media.put("file_size", bytes.length);
        media.put("sha256", sha256(bytes));
        WHAPI.serve(mediaId, bytes);
        return body;
    }

    private static String sha256(byte[] bytes) {
        try {
            return Base64.getEncoder()
                    .encodeToString(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The object at the key in the sink, or null when it has none. */
    private byte[] read(String sink, String key) throws IOException {
        if (sink.equals("s3")) {
            return S3.exists(key) ? S3.object(key) : null;
        }
        Map<String, Path> roots = Map.of(
                "file", mediaRoot(),
                "ftp", SERVERS.ftpHome.resolve("inbox"),
                "ftps", SERVERS.ftpsHome.resolve("inbox"),
                "sftp", SERVERS.sftpHome.resolve("inbox"));
        Path file = roots.get(sink).resolve(key);
        return Files.exists(file) ? Files.readAllBytes(file) : null;
    }
}
