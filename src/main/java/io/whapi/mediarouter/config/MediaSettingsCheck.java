package io.whapi.mediarouter.config;

import java.util.ArrayList;
import java.util.List;
import org.springframework.core.io.support.SpringFactoriesLoader;

/**
 * A feature's check of the media settings as a whole, made while they are bound, so that a typo
 * stops startup with one line naming the key and the fix instead of failing the first message. A
 * problem never quotes a sink URI: it can hold a password. Each feature keeps its check beside its
 * code and lists it in META-INF/spring.factories, so that config knows no feature.
 */
public interface MediaSettingsCheck {

    /** Adds a line to problems for each thing wrong in these settings. */
    void check(MediaProperties media, List<String> problems);

    /** What every registered check finds. */
    static List<String> problems(MediaProperties media) {
        List<String> problems = new ArrayList<>();
        SpringFactoriesLoader.forDefaultResourceLocation(MediaSettingsCheck.class.getClassLoader())
                .load(MediaSettingsCheck.class)
                .forEach(check -> check.check(media, problems));
        return problems;
    }
}
