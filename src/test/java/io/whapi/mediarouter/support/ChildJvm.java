package io.whapi.mediarouter.support;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The command that starts a JVM of its own for a test: the packaged app, the Kafka broker,
 * S3Proxy.
 *
 * <p>Each runs for seconds to minutes and serves a few requests, where the optimising compiler
 * (C2) would only start paying back after minutes: with the first tier alone, the packaged app is
 * ready in 6.4 s instead of 9.4-10.8 s and takes 8.4 s of CPU instead of 17-19 s to get there
 * (2026-12-03, on these 2 cores, where the test suite is CPU-bound). It changes no behaviour; the
 * benchmark, the README's run command and the image keep the JVM's default, and so does an app
 * that moves a gibibyte ({@link #commandWithFullJit}): there the first tier alone made the test
 * take 177 s instead of 75.
 */
public final class ChildJvm {

    private ChildJvm() {}

    /** {@code java -Xmx<heap>} with the first compiler tier only; the caller adds the rest. */
    public static List<String> command(String heap) {
        List<String> command = commandWithFullJit(heap);
        command.add("-XX:TieredStopAtLevel=1");
        return command;
    }

    /** {@code java -Xmx<heap>} with the JVM's own compilers, for a JVM that runs long and hard. */
    public static List<String> commandWithFullJit(String heap) {
        return new ArrayList<>(
                List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx" + heap));
    }
}
