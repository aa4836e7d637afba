package io.whapi.mediarouter.config;

import java.util.regex.Pattern;

/**
 * The names a deployment gives its sinks, event sinks and broker intakes: lower-case letters and
 * digits, so that an environment variable can set them (MEDIA_SINKS_<NAME>_URI), since relaxed
 * binding cannot tell a name's own '-' or '_' from a separator.
 */
public final class SettingNames {

    private static final Pattern SETTABLE = Pattern.compile("[a-z0-9]+");

    private SettingNames() {}

    public static boolean settableFromEnvironment(String name) {
        return SETTABLE.matcher(name).matches();
    }
}
