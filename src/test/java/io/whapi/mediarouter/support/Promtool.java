package io.whapi.mediarouter.support;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * Prometheus' own command-line tool, for checking the metrics exposition with Prometheus' parser
 * and linter rather than with code of ours. It comes with Debian's {@code prometheus} package,
 * which .ci/run installs when it is missing (it starts no server).
 */
public final class Promtool {

    private Promtool() {}

    /** The promtool on the PATH; fails with what to install when there is none. */
    public static String path() {
        return Stream.of(System.getenv().getOrDefault("PATH", "/usr/bin").split(File.pathSeparator))
                .map(folder -> Path.of(folder, "promtool"))
                .filter(Files::isExecutable)
                .findFirst()
                .map(Path::toString)
                .orElseThrow(() -> new AssertionError(
                        "promtool is not installed: apt-get install prometheus (Debian), as .ci/run does"));
    }
}
