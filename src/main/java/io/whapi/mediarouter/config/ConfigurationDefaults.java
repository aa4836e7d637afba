package io.whapi.mediarouter.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.commons.logging.Log;
import org.springframework.beans.BeanUtils;
import org.springframework.beans.BeanWrapper;
import org.springframework.beans.PropertyAccessorFactory;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.boot.logging.DeferredLogFactory;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.type.filter.AnnotationTypeFilter;
import org.springframework.util.ClassUtils;
import org.springframework.util.unit.DataSize;

/**
 * Three things the environment needs before anything binds or reads it:
 * <ul>
 *   <li>The defaults of every settings class of the connector (each feature's
 *   {@code @ConfigurationProperties}, found on the classpath), as its last property source. The
 *   routes read settings as Camel placeholders ({@code {{media.download.concurrency}}}),
 *   which Camel resolves from the environment, not from the bound objects: without this, each
 *   default would have to be written a second time in application.yaml. Times are given as
 *   milliseconds and sizes as bytes, the forms both Spring and Camel read.</li>
 *   <li>The settings that were renamed: a deployment that still sets the old name (in any form
 *   relaxed binding accepts, MEDIA_INCLUDE_OUTGOING too) keeps working, with one warning naming
 *   the new key (one for a whole group renamed, such as media.idempotency.* to media.ledger.*).
 *   The new name wins when both are set. They are listed as deprecated in the configuration
 *   metadata too (additional-spring-configuration-metadata.json).</li>
 *   <li>The sizes a deployment sets (10MB), as bytes too, for the same placeholders.</li>
 * </ul>
 */
class ConfigurationDefaults implements EnvironmentPostProcessor {

    static final String DEFAULTS_SOURCE = "whapi-media-router-defaults";
    static final String ALIASES_SOURCE = "whapi-media-router-deprecated-names";
    static final String SIZES_SOURCE = "whapi-media-router-sizes-in-bytes";

    /** Old name to new name. */
    static final Map<String, String> DEPRECATED_NAMES = Map.of(
            "media.include-outgoing", "media.policy.outgoing",
            "media.queue.min-free-bytes", "media.queue.min-free-space",
            "media.idempotency.store", "media.ledger.store",
            "media.idempotency.retention", "media.ledger.retention",
            "media.idempotency.jdbc.url", "media.ledger.jdbc.url",
            "media.idempotency.jdbc.username", "media.ledger.jdbc.username",
            "media.idempotency.jdbc.password", "media.ledger.jdbc.password");

    /** Groups renamed as a whole: one warning for all the old names a deployment sets. */
    static final Map<String, String> DEPRECATED_GROUPS = Map.of("media.idempotency.", "media.ledger.");

    /** Where the settings classes are: each feature's {@code @ConfigurationProperties} beside its code. */
    private static final String SETTINGS_PACKAGE = "io.whapi.mediarouter";

    private final Log log;

    ConfigurationDefaults(DeferredLogFactory logs) {
        this.log = logs.getLog(ConfigurationDefaults.class);
    }

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        Binder binder = Binder.get(environment);
        Map<String, Object> renamed = new LinkedHashMap<>();
        Map<String, Set<String>> groupsSet = new LinkedHashMap<>();
        DEPRECATED_NAMES.forEach((oldName, newName) -> binder.bind(oldName, String.class)
                .ifBound(value -> {
                    String group = DEPRECATED_GROUPS.keySet().stream()
                            .filter(oldName::startsWith)
                            .findFirst()
                            .orElse(null);
                    if (group != null) {
                        groupsSet.computeIfAbsent(group, g -> new TreeSet<>()).add(oldName);
                    } else {
                        log.warn(oldName + " is deprecated and will be removed: set " + newName + " (env "
                                + environmentName(newName) + ") instead");
                    }
                    if (!binder.bind(newName, String.class).isBound()) {
                        renamed.put(newName, value);
                    }
                }));
        groupsSet.forEach((group, oldNames) -> log.warn(group + "* is deprecated and will be removed: set "
                + DEPRECATED_GROUPS.get(group) + "* (env " + environmentName(DEPRECATED_GROUPS.get(group)) + "*)"
                + " instead of " + String.join(", ", oldNames)));
        if (!renamed.isEmpty()) {
            environment.getPropertySources().addLast(new MapPropertySource(ALIASES_SOURCE, renamed));
        }
        Map<String, Object> defaults = new LinkedHashMap<>();
        Set<String> sizeNames = new LinkedHashSet<>();
        flattenAll(defaults, sizeNames);
        // the sizes the deployment set (before the defaults are there to be bound too)
        Map<String, Object> sizes = new LinkedHashMap<>();
        for (String name : sizeNames) {
            try {
                binder.bind(name, DataSize.class).ifBound(size -> sizes.put(name, String.valueOf(size.toBytes())));
            } catch (BindException e) {
                // not a size: its settings class's own binding reports it, with the key and the fix
            }
        }
        if (!sizes.isEmpty()) {
            environment.getPropertySources().addFirst(new MapPropertySource(SIZES_SOURCE, sizes));
        }
        environment.getPropertySources().addLast(new MapPropertySource(DEFAULTS_SOURCE, defaults));
    }

    private static String environmentName(String name) {
        return name.replace('.', '_').replace("-", "").toUpperCase();
    }

    /** Every default of the settings classes, by its property name (media.queue.poll-delay ...). */
    static Map<String, Object> defaults() {
        Map<String, Object> defaults = new LinkedHashMap<>();
        flattenAll(defaults, new LinkedHashSet<>());
        return defaults;
    }

    /**
     * The defaults, and the names of the sizes among the settings: a size set as 10MB reaches a
     * route's or a sink kind's placeholder ({@code partSize={{media.s3.multipart-threshold}}}) as
     * bytes, the one form both Spring and Camel read.
     */
    private static void flattenAll(Map<String, Object> defaults, Set<String> sizes) {
        ClassPathScanningCandidateComponentProvider scan = new ClassPathScanningCandidateComponentProvider(false);
        scan.addIncludeFilter(new AnnotationTypeFilter(ConfigurationProperties.class));
        scan.findCandidateComponents(SETTINGS_PACKAGE).stream()
                .map(BeanDefinition::getBeanClassName)
                .sorted()
                .forEach(name -> {
                    Class<?> settings = ClassUtils.resolveClassName(name, ConfigurationDefaults.class.getClassLoader());
                    String prefix = settings.getAnnotation(ConfigurationProperties.class)
                            .value();
                    flatten(prefix, BeanUtils.instantiateClass(settings), defaults, sizes);
                });
    }

    private static void flatten(String prefix, Object bean, Map<String, Object> defaults, Set<String> sizes) {
        BeanWrapper properties = PropertyAccessorFactory.forBeanPropertyAccess(bean);
        for (var property : properties.getPropertyDescriptors()) {
            if (property.getReadMethod() == null || property.getName().equals("class")) {
                continue;
            }
            put(
                    prefix + "." + kebab(property.getName()),
                    properties.getPropertyValue(property.getName()),
                    defaults,
                    sizes);
        }
    }

    private static void put(String name, Object value, Map<String, Object> defaults, Set<String> sizes) {
        if (value == null) {
            return;
        }
        if (value instanceof Map<?, ?> map) {
            map.forEach((key, entry) -> put(name + "." + key, entry, defaults, sizes));
        } else if (value instanceof Collection<?> list) {
            defaults.put(name, list.stream().map(String::valueOf).collect(Collectors.joining(",")));
        } else if (value instanceof Duration duration) {
            defaults.put(name, String.valueOf(duration.toMillis()));
        } else if (value instanceof DataSize size) {
            defaults.put(name, String.valueOf(size.toBytes()));
            sizes.add(name);
        } else if (value instanceof Enum<?> constant) {
            defaults.put(name, constant.name().toLowerCase());
        } else if (value instanceof String
                || value instanceof Number
                || value instanceof Boolean
                || value instanceof Path) {
            defaults.put(name, value.toString());
        } else {
            flatten(name, value, defaults, sizes);
        }
    }

    private static String kebab(String camelCase) {
        return camelCase.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase();
    }
}
