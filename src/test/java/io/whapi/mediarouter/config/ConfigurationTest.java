package io.whapi.mediarouter.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.whapi.mediarouter.WhapiMediaRouterApplication;
import io.whapi.mediarouter.queue.QueueProperties;
import io.whapi.mediarouter.routing.RoutingProperties;
import io.whapi.mediarouter.sinks.SinkProperties;
import io.whapi.mediarouter.state.LedgerProperties;
import io.whapi.mediarouter.support.ConfigurationMetadata;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/**
 * The typed configuration is the one place settings are described: the metadata an IDE reads,
 * the reference in docs/configuration.md and Camel's placeholders all come from it, and the
 * names people already use keep working.
 */
@ExtendWith(OutputCaptureExtension.class)
class ConfigurationTest {

    static final Path REFERENCE = Path.of("docs/configuration.md");
    static final String BEGIN = "<!-- BEGIN GENERATED: ConfigurationTest renders this table from the metadata -->";
    static final String END = "<!-- END GENERATED -->";

    @TempDir
    Path workDir;

    @Test
    void theMetadataDescribesEveryKeyTheConnectorReads() throws IOException {
        Map<String, JsonNode> metadata = ConfigurationMetadata.load();

        for (String key : ConfigurationDefaults.defaults().keySet()) {
            assertThat(metadata.keySet())
                    .as("metadata for %s", key)
                    .anyMatch(name -> key.equals(name) || key.startsWith(name + "."));
        }
        metadata.forEach((name, property) -> {
            assertThat(name).matches("(whapi|media)\\..+");
            assertThat(property.path("description").asText())
                    .as("description of %s", name)
                    .isNotBlank();
        });
        assertThat(metadata)
                .containsKeys(
                        "whapi.token",
                        "whapi.channels",
                        "whapi.webhook.secret",
                        "media.sinks",
                        "media.events",
                        "media.routing",
                        "media.policy.outgoing",
                        "media.fetch-retry.max-delay",
                        "media.sink-retry.max-delay",
                        "media.ledger.store");
        assertThat(metadata.get("media.fetch-retry.max-delay")
                        .path("defaultValue")
                        .asText())
                .isEqualTo("60s");
        assertThat(metadata.get("media.sink-retry.max-delay")
                        .path("defaultValue")
                        .asText())
                .isEqualTo("30s");
        assertThat(metadata.get("media.include-outgoing")
                        .path("deprecation")
                        .path("replacement")
                        .asText())
                .isEqualTo("media.policy.outgoing");
    }

    @Test
    void everyRenamedKeyIsInTheMetadataAsDeprecated() throws IOException {
        Map<String, JsonNode> metadata = ConfigurationMetadata.load();

        ConfigurationDefaults.DEPRECATED_NAMES.forEach((oldName, newName) -> {
            assertThat(metadata.get(oldName)
                            .path("deprecation")
                            .path("replacement")
                            .asText())
                    .isEqualTo(newName);
            assertThat(metadata).containsKey(newName);
        });
    }

    /** Rewrite the table with -Dconfiguration.reference.write=true after changing a properties class. */
    @Test
    void theConfigurationReferenceListsEveryKeyAsTheMetadataDescribesIt() throws IOException {
        String document = Files.readString(REFERENCE);
        int begin = document.indexOf(BEGIN);
        int end = document.indexOf(END);
        assertThat(begin).as("%s has the generated table's markers", REFERENCE).isNotNegative();
        String rendered = BEGIN + "\n" + table(ConfigurationMetadata.load()) + END;
        if (Boolean.getBoolean("configuration.reference.write")) {
            Files.writeString(
                    REFERENCE, document.substring(0, begin) + rendered + document.substring(end + END.length()));
            return;
        }
        assertThat(document.substring(begin, end + END.length()))
                .as("docs/configuration.md is out of date: run"
                        + " mvn test -Dtest=ConfigurationTest -Dconfiguration.reference.write=true")
                .isEqualTo(rendered);
    }

    @Test
    void defaultsStatedInJavaReachCamelPlaceholders() {
        try (ConfigurableApplicationContext app = start(Map.of())) {
            CamelContext camel = app.getBean(CamelContext.class);

            assertThat(camel.resolvePropertyPlaceholders("{{media.download.concurrency}}"))
                    .isEqualTo("8");
            assertThat(camel.resolvePropertyPlaceholders("{{media.fetch-retry.max-delay}}"))
                    .isEqualTo("60000");
            assertThat(camel.resolvePropertyPlaceholders("{{media.rules.large-document.sinks}}"))
                    .isEqualTo("file");
            assertThat(app.getBean(SinkProperties.class).getSinks().get("file").getUri())
                    .isEqualTo("file:" + workDir + "/media");
        }
    }

    @Test
    void deprecatedNamesKeepWorkingWithOneWarningNamingTheNewKey(CapturedOutput output) {
        try (ConfigurableApplicationContext app =
                start(Map.of("MEDIA_INCLUDE_OUTGOING", "false", "MEDIA_QUEUE_MINFREEBYTES", "1234"))) {
            RoutingProperties media = app.getBean(RoutingProperties.class);

            assertThat(media.getPolicy().isOutgoing()).isFalse();
            assertThat(app.getBean(QueueProperties.class).getMinFreeSpace().toBytes())
                    .isEqualTo(1234);
        }
        assertThat(output.getOut().lines().filter(line -> line.contains("media.include-outgoing is deprecated")))
                .singleElement()
                .asString()
                .contains("set media.policy.outgoing (env MEDIA_POLICY_OUTGOING) instead");
        assertThat(output.getOut().lines().filter(line -> line.contains("media.queue.min-free-bytes is deprecated")))
                .singleElement()
                .asString()
                .contains("set media.queue.min-free-space");
    }

    @Test
    void theFormerMediaIdempotencyKeysSetTheLedgerWithOneWarningForAll(CapturedOutput output) {
        try (ConfigurableApplicationContext app = start(Map.of(
                "MEDIA_IDEMPOTENCY_RETENTION", "40d",
                "MEDIA_IDEMPOTENCY_STORE", "jdbc",
                "MEDIA_IDEMPOTENCY_JDBC_URL", "jdbc:h2:mem:alias-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1"))) {
            LedgerProperties ledger = app.getBean(LedgerProperties.class);

            assertThat(ledger.getStore()).isEqualTo(LedgerProperties.Store.JDBC);
            assertThat(ledger.getRetention()).isEqualTo(Duration.ofDays(40));
            assertThat(ledger.getJdbc().getUrl()).startsWith("jdbc:h2:mem:alias-");
        }
        assertThat(output.getOut().lines().filter(line -> line.contains("is deprecated")))
                .singleElement()
                .asString()
                .contains("media.idempotency.* is deprecated and will be removed: set media.ledger.*")
                .contains("media.idempotency.jdbc.url, media.idempotency.retention, media.idempotency.store");
    }

    @Test
    void theNewNameWinsOverItsDeprecatedAlias() {
        try (ConfigurableApplicationContext app =
                start(Map.of("MEDIA_INCLUDE_OUTGOING", "false", "MEDIA_POLICY_OUTGOING", "true"))) {
            assertThat(app.getBean(RoutingProperties.class).getPolicy().isOutgoing())
                    .isTrue();
        }
    }

    private ConfigurableApplicationContext start(Map<String, Object> environment) {
        // named like the real environment, so that Spring binds it with the same relaxed rules; in
        // place before the environment post-processors run, as a real environment is
        StandardEnvironment spring = new StandardEnvironment();
        spring.getPropertySources()
                .addFirst(new SystemEnvironmentPropertySource("test-systemEnvironment", environment));
        return new SpringApplicationBuilder(WhapiMediaRouterApplication.class)
                .environment(spring)
                .run("--server.port=0", "--management.server.port=0", "--media.work-dir=" + workDir);
    }

    /** The reference table: key, environment variable, default, description. */
    static String table(Map<String, JsonNode> metadata) {
        StringBuilder table = new StringBuilder("| key | environment | default | what |\n|---|---|---|---|\n");
        metadata.values().stream().filter(p -> !p.has("deprecation")).forEach(property -> {
            String name = property.path("name").asText();
            String type = property.path("type").asText();
            String key = type.contains("$Sink>")
                    ? name + ".<name>.uri, " + name + ".<name>.endpoint"
                    : type.contains("$BrokerIntake>")
                            ? name + ".<name>.uri"
                            : type.contains("$EventSink>")
                                    ? name + ".<name>.uri, " + name + ".<name>.secret, " + name + ".<name>.max-age, "
                                            + name + ".<name>.unhealthy-after"
                                    : type.contains("$Channel>")
                                            ? name + "[N].id, " + name + "[N].token"
                                            : type.startsWith("java.util.Map") ? name + ".<type>" : name;
            table.append("| `")
                    .append(key)
                    .append("` | `")
                    .append(environmentName(key))
                    .append("` | ")
                    .append(defaultValue(property.path("defaultValue")))
                    .append(" | ")
                    .append(property.path("description")
                            .asText()
                            .replace("|", "\\|")
                            .replace("\n", " "))
                    .append(" |\n");
        });
        List<String> deprecated = metadata.values().stream()
                .filter(p -> p.has("deprecation"))
                .map(p -> "| `" + p.path("name").asText() + "` | `"
                        + environmentName(p.path("name").asText()) + "` | deprecated | use `"
                        + p.path("deprecation").path("replacement").asText() + "`: "
                        + p.path("deprecation").path("reason").asText() + " |\n")
                .toList();
        deprecated.forEach(table::append);
        return table.toString();
    }

    private static String environmentName(String key) {
        // the placeholders <name> and <type> come out upper-cased, as MEDIA_SINKS_<NAME>_URI
        return key.split(", ")[0]
                .replace("[N]", "_0")
                .replace('.', '_')
                .replace("-", "")
                .toUpperCase();
    }

    private static String defaultValue(JsonNode value) {
        if (value.isMissingNode() || value.isNull()) {
            return "none";
        }
        if (value.isObject()) {
            TreeSet<String> entries = new TreeSet<>();
            for (Iterator<Map.Entry<String, JsonNode>> fields = value.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                entries.add(field.getKey() + "=" + field.getValue().asText());
            }
            return entries.stream().map(e -> "`" + e + "`").collect(Collectors.joining(", "));
        }
        if (value.isArray()) {
            List<String> items = new ArrayList<>();
            value.forEach(item -> items.add(item.asText()));
            return "`" + String.join(",", items) + "`";
        }
        return value.asText().isEmpty() ? "empty" : "`" + value.asText() + "`";
    }
}
