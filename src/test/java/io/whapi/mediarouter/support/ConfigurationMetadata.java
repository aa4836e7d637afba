package io.whapi.mediarouter.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** The configuration metadata the build generates from the properties classes, as the packaged jar carries it. */
public final class ConfigurationMetadata {

    public static final Path FILE = Path.of("target/classes/META-INF/spring-configuration-metadata.json");

    private ConfigurationMetadata() {}

    /** Every property of the connector's own (whapi.*, media.*), by name, in the file's order. */
    public static Map<String, JsonNode> load() throws IOException {
        Map<String, JsonNode> properties = new LinkedHashMap<>();
        for (JsonNode property : new ObjectMapper().readTree(FILE.toFile()).path("properties")) {
            String name = property.path("name").asText();
            // the processor also describes management.endpoint.<id>.* for our actuator endpoints:
            // Spring Boot's keys, documented by Boot
            if (!name.startsWith("management.")) {
                properties.put(name, property);
            }
        }
        return properties;
    }
}
