package io.whapi.mediarouter;

import static org.assertj.core.api.Assertions.assertThat;

import io.whapi.mediarouter.support.ConfigurationMetadata;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.yaml.snakeyaml.Yaml;

/**
 * docker/compose.yaml cannot run here (no Docker engine), so check what can be checked: every
 * environment name it gives the app is one the app reads, and the app starts with exactly that
 * environment (sinks valid, routing consistent).
 */
class DockerComposeTest {

    /** Names read by libraries (Camel's components, the AWS SDK, the JVM) rather than by our configuration. */
    private static final List<String> LIBRARY_VARIABLES =
            List.of("AWS_REQUEST_CHECKSUM_CALCULATION", "JAVA_TOOL_OPTIONS", "CAMEL_COMPONENT_KAFKA_BROKERS");

    /** The services that run the connector's image. */
    private static final List<String> CONNECTOR_SERVICES = List.of("app", "replica-1", "replica-2");

    private static final Pattern SINK_URI = Pattern.compile("MEDIA_SINKS_[A-Z0-9]+_URI");
    private static final Pattern ROUTING =
            Pattern.compile("MEDIA_ROUTING_(DEFAULT|IMAGE|VIDEO|GIF|SHORT|AUDIO|VOICE|DOCUMENT|STICKER)");

    @TempDir
    Path workDir;

    @Test
    void everyVariableTheComposeFileSetsIsOneTheAppReads() throws IOException {
        List<String> known = applicationProperties().stream()
                .flatMap(property -> List.of(
                        property.replace('.', '_').replace("-", "").toUpperCase(),
                        property.replace('.', '_').replace('-', '_').toUpperCase())
                        .stream())
                .toList();

        for (String service : CONNECTOR_SERVICES) {
            for (String name : environment(service).keySet()) {
                assertThat(known.contains(name)
                                || SINK_URI.matcher(name).matches()
                                || ROUTING.matcher(name).matches()
                                || LIBRARY_VARIABLES.contains(name))
                        .as("compose sets %s for %s, which the app does not read", name, service)
                        .isTrue();
            }
        }
    }

    @Test
    void theAppStartsWithTheComposeEnvironment() throws IOException {
        Map<String, Object> environment = new LinkedHashMap<>(environment("app"));
        environment.put("MEDIA_WORK_DIR", workDir.toString());
        environment.put("SERVER_PORT", "0");
        environment.put("MANAGEMENT_SERVER_PORT", "0");

        try (ConfigurableApplicationContext app = new SpringApplicationBuilder(WhapiMediaRouterApplication.class)
                // named like the real environment, so that Spring binds it with the same relaxed rules
                .initializers(context -> context.getEnvironment()
                        .getPropertySources()
                        .addFirst(new SystemEnvironmentPropertySource("compose-systemEnvironment", environment)))
                .run()) {
            CamelContext camel = app.getBean(CamelContext.class);
            assertThat(camel.getRoute("sink-s3")).isNotNull();
            assertThat(camel.getRoute("sink-ftp")).isNotNull();
            assertThat(app.getEnvironment().getProperty("media.routing.document"))
                    .isEqualTo("ftp,s3");
        }
    }

    /** services.{service}.environment with ${VAR} taken from docker/.env, as compose does. */
    @SuppressWarnings("unchecked")
    private static Map<String, String> environment(String service) throws IOException {
        Properties dotEnv = new Properties();
        try (var in = Files.newBufferedReader(Path.of("docker/.env"))) {
            dotEnv.load(in);
        }
        Map<String, Object> compose = new Yaml().load(Files.readString(Path.of("docker/compose.yaml")));
        Map<String, Object> app = (Map<String, Object>) ((Map<String, Object>) compose.get("services")).get(service);
        Map<String, String> environment = new LinkedHashMap<>();
        ((Map<String, Object>) app.get("environment")).forEach((name, value) -> {
            Matcher variable = Pattern.compile("\\$\\{([A-Z0-9_]+)}").matcher(String.valueOf(value));
            StringBuilder resolved = new StringBuilder();
            while (variable.find()) {
                assertThat(dotEnv)
                        .as("docker/.env defines %s", variable.group(1))
                        .containsKey(variable.group(1));
                variable.appendReplacement(resolved, Matcher.quoteReplacement(dotEnv.getProperty(variable.group(1))));
            }
            variable.appendTail(resolved);
            environment.put(name, resolved.toString());
        });
        return environment;
    }

    /**
     * Every key of the configuration metadata the build generates (media.work-dir, whapi.token,
     * ...); the test turns each into both env forms Spring Boot accepts: MEDIA_WORKDIR and MEDIA_WORK_DIR.
     */
    private static List<String> applicationProperties() throws IOException {
        return ConfigurationMetadata.load().keySet().stream().toList();
    }
}
