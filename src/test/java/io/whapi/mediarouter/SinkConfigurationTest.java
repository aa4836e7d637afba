package io.whapi.mediarouter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.whapi.mediarouter.config.ConfigurationProblem;
import io.whapi.mediarouter.sinks.SinkRoutes;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.bind.validation.BindValidationException;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

/** A setting that cannot work stops startup with one line that names the key and the fix. */
@ExtendWith(OutputCaptureExtension.class)
class SinkConfigurationTest {

    @Test
    void routingToAnUndefinedSinkFailsStartup(CapturedOutput output) {
        assertThatThrownBy(() -> start("--media.routing.image=file,nas"))
                .rootCause()
                .isInstanceOf(ConfigurationProblem.class)
                .hasMessage("media.routing.image names sink 'nas', but no sink of that name is defined.");
        assertThat(output.getOut())
                .contains("APPLICATION FAILED TO START")
                .contains("media.routing.image names sink 'nas', but no sink of that name is defined.")
                .contains("Define media.sinks.nas.uri (env MEDIA_SINKS_NAS_URI) or fix the name.");
    }

    @Test
    void unsupportedSchemeFailsStartupNamingTheKindsWithoutPrintingTheUri(CapturedOutput output) {
        assertThatThrownBy(() -> start("--media.sinks.vault.uri=smb://admin:Pa55word@nas/share"))
                .rootCause()
                .isInstanceOf(ConfigurationProblem.class)
                .hasMessageContaining("Sink 'vault' has an unsupported URI scheme 'smb'. Set media.sinks.vault.uri"
                        + " (env MEDIA_SINKS_VAULT_URI) to a URI with one of the schemes [aws2-s3,"
                        + " azure-storage-blob, file, ftp, ftps, sftp].")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("Pa55word"));
        assertThat(output.getOut())
                .contains("APPLICATION FAILED TO START")
                .contains("Sink 'vault' has an unsupported URI scheme 'smb'")
                .contains("a route template sink-<kind> in media.extra-routes-dir")
                .doesNotContain("Pa55word");
    }

    @Test
    void unknownMediaTypeInRoutingFailsStartup() {
        assertThatThrownBy(() -> start("--media.routing.imgae=file"))
                .rootCause()
                .hasMessageContaining("media.routing.imgae names no media type. Use one of [image, video");
    }

    @Test
    void ftpSinkAskingForAsciiModeIsRefused(CapturedOutput output) {
        assertThatThrownBy(() ->
                        start("--media.sinks.nas.uri=ftp://u@127.0.0.1:2121/in?binary=false&password=RAW(Pa55word)"))
                .rootCause()
                .hasMessageContaining("Sink 'nas' asks for FTP ASCII mode (binary=false), which corrupts media."
                        + " Remove binary=false from media.sinks.nas.uri.");
        assertThat(output.getOut()).doesNotContain("Pa55word");
    }

    @Test
    void anEventSinkWithoutAUriFailsStartup() {
        assertThatThrownBy(() -> start("--media.events.crm.secret=whsec_abc"))
                .rootCause()
                .isInstanceOf(BindValidationException.class)
                .hasMessageContaining(
                        "Event sink 'crm' has no URI. Set media.events.crm.uri (env MEDIA_EVENTS_CRM_URI)");
    }

    @Test
    void anEventSinkWhoseSchemeNoComponentHandlesFailsStartupWithoutPrintingTheUri(CapturedOutput output) {
        assertThatThrownBy(() -> start("--media.events.crm.uri=amqps://svc:Pa55word@bus/events"))
                .rootCause()
                .hasMessageContaining("Event sink 'crm' has a URI scheme 'amqps' that no Camel component here handles."
                        + " Set media.events.crm.uri to a kafka:, jms:, http: or https: URI.");
        assertThat(output.getOut()).doesNotContain("Pa55word");
    }

    @Test
    void anEventSecretThatIsNoStandardWebhooksSecretFailsStartupWithoutPrintingIt(CapturedOutput output) {
        assertThatThrownBy(() -> start(
                        "--media.events.crm.uri=https://crm.example.com/hooks",
                        "--media.events.crm.secret=hunter2-secret"))
                .rootCause()
                .hasMessageContaining("media.events.crm.secret is not a Standard Webhooks secret. Set it (env"
                        + " MEDIA_EVENTS_CRM_SECRET) to whsec_ followed by the Base64 of a random key");
        assertThat(output.getOut()).doesNotContain("hunter2-secret");
    }

    @Test
    void anEventTakeoverThatIsNotPositiveFailsStartup() {
        assertThatThrownBy(() -> start("--media.event-retry.takeover-after=0s"))
                .rootCause()
                .isInstanceOf(BindValidationException.class)
                .hasMessageContaining("media.event-retry.takeover-after is PT0S. Set it (env"
                        + " MEDIA_EVENTRETRY_TAKEOVERAFTER) to a positive duration, e.g. 1m.");
    }

    @Test
    void aSecretOnAnEventSinkThatCannotBeSignedFailsStartup() {
        assertThatThrownBy(() -> start(
                        "--media.events.bus.uri=kafka:media.events",
                        "--media.events.bus.secret=whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"))
                .rootCause()
                .hasMessageContaining(
                        "Event sink 'bus' has a secret, but only http: and https: event sinks are signed.");
    }

    @Test
    void aBrokerIntakeThatIsNeitherKafkaNorJmsFailsStartup(CapturedOutput output) {
        assertThatThrownBy(() -> start("--whapi.intake.esb.uri=amqp://svc:Pa55word@bus/webhooks"))
                .rootCause()
                .isInstanceOf(BindValidationException.class)
                .hasMessageContaining("Broker intake 'esb' has a URI that is neither kafka: nor jms:. Set"
                        + " whapi.intake.esb.uri (env WHAPI_INTAKE_ESB_URI) to a kafka: topic or a jms:queue: of"
                        + " webhook bodies.");
        assertThat(output.getOut()).doesNotContain("Pa55word");
    }

    @Test
    void aKafkaQueueWithoutASharedLedgerFailsStartup(CapturedOutput output) {
        assertThatThrownBy(() -> start("--media.queue.type=kafka"))
                .rootCause()
                .hasMessage("media.queue.type is kafka, which needs a ledger that replicas share, but"
                        + " media.ledger.store is file.");
        assertThat(output.getOut()).contains("Set media.ledger.store=jdbc and media.ledger.jdbc.url");
    }

    @Test
    void aKafkaQueueWithoutBrokersFailsStartupWithOneLine(CapturedOutput output) {
        assertThatThrownBy(() -> start(
                        "--media.queue.type=kafka",
                        "--media.ledger.store=jdbc",
                        "--media.ledger.jdbc.url=jdbc:h2:mem:no-brokers;DB_CLOSE_DELAY=-1"))
                .rootCause()
                .hasMessage("media.queue.type is kafka, but camel.component.kafka.brokers is not set");
        assertThat(output.getOut()).contains("Set camel.component.kafka.brokers (env CAMEL_COMPONENT_KAFKA_BROKERS)");
    }

    @Test
    void jdbcLedgerWithoutAUrlFailsStartup() {
        assertThatThrownBy(() -> start("--media.ledger.store=jdbc"))
                .rootCause()
                .hasMessageContaining("media.ledger.store is jdbc, but media.ledger.jdbc.url is not set.");
    }

    @Test
    void aSettingOfTheWrongTypeFailsStartupNamingTheKey(CapturedOutput output) {
        assertThatThrownBy(() -> start("--media.download.concurrency=0"));
        assertThat(output.getOut())
                .contains("Property: media.download.concurrency")
                .contains("must be greater than or equal to 1");
    }

    @Test
    void sinkUriWithAnOptionTheComponentLacksStopsStartupNamingTheSink(CapturedOutput output) {
        assertThatThrownBy(
                () -> start("--media.sinks.nas.uri=ftp://u@127.0.0.1:2121/in?binaryy=true&password=RAW(Pa55word)"));

        assertThat(output.getOut())
                .contains("Sink 'nas' cannot start:")
                .contains("binaryy")
                .doesNotContain("Pa55word");
    }

    @Test
    void keyTemplateThatCouldLeaveTheSinkRootFailsStartup() {
        assertThatThrownBy(() -> start("--media.key-template={channel}/../{messageId}.{ext}"))
                .rootCause()
                .hasMessageContaining("media.key-template must be a relative path with no empty or '..' part."
                        + " Set media.key-template to");
    }

    @Test
    void safeOptionsOfEachKindAreAddedOnlyWhereTheUriIsSilent() {
        try (ConfigurableApplicationContext app = new SpringApplicationBuilder(WhapiMediaRouterApplication.class)
                .run(
                        "--server.port=0",
                        "--management.server.port=0",
                        "--media.work-dir=target/sink-configuration-test",
                        "--media.sinks.plain.uri=ftp://u@h/in?password=RAW(a&b)",
                        "--media.sinks.own.uri=ftp://u@h/in?passiveMode=false&tempFileName=x.tmp",
                        "--media.sinks.secure.uri=sftp://u@h/in?fileExist=Fail",
                        "--media.sinks.bucket.uri=aws2-s3://b?region=eu-west-1&accessKey=RAW(k)&secretKey=RAW(s)",
                        "--media.s3.multipart-threshold=10MB")) {
            Map<String, String> uris = app.getBean(SinkRoutes.class).sinkUris();
            assertThat(uris.get("plain"))
                    .isEqualTo("ftp://u@h/in?password=RAW(a&b)"
                            + "&tempPrefix=.inprogress-&fileExist=TryRename&fastExistsCheck=true&stepwise=false"
                            + "&autoCreate=false&binary=true&passiveMode=true&soTimeout=60000");
            assertThat(uris.get("own"))
                    .isEqualTo("ftp://u@h/in?passiveMode=false&tempFileName=x.tmp&fileExist=TryRename"
                            + "&fastExistsCheck=true&stepwise=false&autoCreate=false&binary=true&soTimeout=60000");
            assertThat(uris.get("secure"))
                    .isEqualTo(
                            "sftp://u@h/in?fileExist=Fail&tempPrefix=.inprogress-&fastExistsCheck=true&stepwise=false"
                                    + "&autoCreate=false");
            assertThat(uris.get("bucket"))
                    .as("a size set as 10MB reaches the URI as bytes")
                    .isEqualTo("aws2-s3://b?region=eu-west-1&accessKey=RAW(k)&secretKey=RAW(s)"
                            + "&multiPartUpload=true&partSize=10485760&fileName=unkeyed-media");
            assertThat(uris.get("file")).endsWith("?tempPrefix=.inprogress-&fileExist=TryRename");
        }
    }

    private static void start(String... args) {
        String[] all = new String[args.length + 3];
        all[0] = "--server.port=0";
        all[1] = "--management.server.port=0";
        all[2] = "--media.work-dir=target/sink-configuration-test";
        System.arraycopy(args, 0, all, 3, args.length);
        new SpringApplicationBuilder(WhapiMediaRouterApplication.class).run(all).close();
    }
}
