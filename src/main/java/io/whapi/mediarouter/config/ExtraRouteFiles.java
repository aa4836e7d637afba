package io.whapi.mediarouter.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

/**
 * Adds the route files of {@code media.extra-routes-dir} (env {@code MEDIA_EXTRA_ROUTES_DIR}) to
 * the packaged ones; a file there of the same name as a packaged one replaces it (say
 * {@code 21-routing-rules.camel.yaml}, the routing rules), so a team changes one file without
 * copying the others. Camel fails on a {@code file:} pattern whose folder is missing, and a
 * property placeholder cannot leave a list entry out, hence this small step before startup.
 */
class ExtraRouteFiles implements EnvironmentPostProcessor {

    static final String DIR_PROPERTY = "media.extra-routes-dir";
    static final String PATTERN_PROPERTY = "camel.main.routes-include-pattern";
    static final String PACKAGED_ROUTES = "routes/";
    static final String PACKAGED_PATTERN = "classpath:" + PACKAGED_ROUTES + "*.camel.yaml";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        String dir = environment.getProperty(DIR_PROPERTY, "").trim();
        if (dir.isEmpty()) {
            return;
        }
        if (!Files.isDirectory(Path.of(dir))) {
            throw new IllegalStateException(DIR_PROPERTY + " is set to '" + dir + "', which is not a folder");
        }
        // The packaged files the folder replaces are left out of the include pattern: Camel's
        // exclude pattern matches a resource's location, which differs between a folder of
        // classes and the packaged jar, and would match the folder's own file by its name.
        List<String> replaced = replacedPackagedFiles(Path.of(dir));
        List<String> includes = new ArrayList<>();
        for (String include : environment.getProperty(PATTERN_PROPERTY, "").split(",")) {
            if (include.trim().equals(PACKAGED_PATTERN) && !replaced.isEmpty()) {
                packagedFiles().stream()
                        .filter(name -> !replaced.contains(name))
                        .forEach(name -> includes.add("classpath:" + PACKAGED_ROUTES + name));
            } else if (!include.isBlank()) {
                includes.add(include.trim());
            }
        }
        includes.add("file:" + dir + "/*.camel.yaml");
        environment
                .getPropertySources()
                .addFirst(new MapPropertySource(
                        "media-extra-routes", Map.of(PATTERN_PROPERTY, String.join(",", includes))));
    }

    /** The names of the packaged route files. */
    private static List<String> packagedFiles() {
        try {
            Resource[] resources = new PathMatchingResourcePatternResolver(ExtraRouteFiles.class.getClassLoader())
                    .getResources(PACKAGED_PATTERN);
            List<String> names = new ArrayList<>();
            for (Resource resource : resources) {
                names.add(resource.getFilename());
            }
            names.sort(null);
            return names;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the packaged route files", e);
        }
    }

    /** The names of the extra folder's route files that a packaged route file has too. */
    private static List<String> replacedPackagedFiles(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(file -> file.getFileName().toString())
                    .filter(name -> name.endsWith(".camel.yaml"))
                    .filter(name -> ExtraRouteFiles.class.getClassLoader().getResource(PACKAGED_ROUTES + name) != null)
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + DIR_PROPERTY + " '" + dir + "'", e);
        }
    }
}
