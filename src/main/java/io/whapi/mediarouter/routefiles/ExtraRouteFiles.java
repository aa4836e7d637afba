package io.whapi.mediarouter.routefiles;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Adds the route files of {@code media.extra-routes-dir} (env {@code MEDIA_EXTRA_ROUTES_DIR}) to
 * the packaged ones. Camel fails on a {@code file:} pattern whose folder is missing, and a
 * property placeholder cannot leave a list entry out, hence this small step before startup.
 */
class ExtraRouteFiles implements EnvironmentPostProcessor {

    static final String DIR_PROPERTY = "media.extra-routes-dir";
    static final String PATTERN_PROPERTY = "camel.main.routes-include-pattern";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        String dir = environment.getProperty(DIR_PROPERTY, "").trim();
        if (dir.isEmpty()) {
            return;
        }
        if (!Files.isDirectory(Path.of(dir))) {
            throw new IllegalStateException(DIR_PROPERTY + " is set to '" + dir + "', which is not a folder");
        }
        String pattern = environment.getProperty(PATTERN_PROPERTY) + ",file:" + dir + "/*.camel.yaml";
        environment
                .getPropertySources()
                .addFirst(new MapPropertySource("media-extra-routes", Map.of(PATTERN_PROPERTY, pattern)));
    }
}
