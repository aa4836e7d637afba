package io.whapi.mediarouter.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The packaged jar as its own JVM, as an operator runs it; killed or stopped like one. Its temp
 * folder (Tomcat's) and log are beside its work dir. A test class that starts some registers
 * {@link Leftovers}, which kills any still alive after each test, also when it failed.
 */
public final class AppProcess {

    private static final Set<Process> STARTED = ConcurrentHashMap.newKeySet();
    private static final Set<Process> CLASS_WIDE = ConcurrentHashMap.newKeySet();

    /** Kills the apps a test left running, and stops those started for the whole class after its last test. */
    public static final class Leftovers implements AfterEachCallback, AfterAllCallback {

        @Override
        public void afterEach(ExtensionContext context) throws InterruptedException {
            for (Process process : STARTED) {
                process.destroyForcibly();
                process.waitFor(30, TimeUnit.SECONDS);
            }
            STARTED.clear();
        }

        @Override
        public void afterAll(ExtensionContext context) throws InterruptedException {
            for (Process process : CLASS_WIDE) {
                process.destroy();
                if (!process.waitFor(60, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            }
            CLASS_WIDE.clear();
        }
    }

    private final Path workDir;
    private final List<String> arguments;
    private final String heap;
    private final int port = Ports.free();
    private final int managementPort = Ports.free();
    private Process process;
    private String javaToolOptions;
    private boolean asTheImageRunsIt;
    private boolean withFullJit;

    public AppProcess(Path workDir, String heap, String... arguments) {
        this.workDir = workDir;
        this.heap = heap;
        this.arguments = List.of(arguments);
    }

    /** JVM options given the way an operator gives them to a container: JAVA_TOOL_OPTIONS. */
    public AppProcess withJavaToolOptions(String options) {
        this.javaToolOptions = options;
        return this;
    }

    /**
     * Started as the Docker image starts it: Spring Boot's extracted layout with the CDS archive of
     * its training run (both made by the build before the integration tests), where a start takes
     * about half the fat jar's. The fat jar stays the default, the README's way to run it.
     */
    public AppProcess asTheImageRunsIt() {
        this.asTheImageRunsIt = true;
        return this;
    }

    /** The JVM's optimising compiler too ({@link ChildJvm}): for an app that moves a gibibyte. */
    public AppProcess withFullJit() {
        this.withFullJit = true;
        return this;
    }

    public AppProcess start() {
        launch();
        awaitHealthy();
        return this;
    }

    /**
     * Starts the app for every test of the class, which share it as they would share one running
     * connector: {@link Leftovers} stops it (SIGTERM) after the class's last test.
     */
    public AppProcess startForTheClass() {
        start();
        STARTED.remove(process);
        CLASS_WIDE.add(process);
        return this;
    }

    /**
     * Starts several apps at once and returns when every one is healthy: replicas that start side
     * by side, as an orchestrator starts them, and in about the time one takes.
     */
    public static void startTogether(AppProcess... apps) {
        for (AppProcess app : apps) {
            app.launch();
        }
        for (AppProcess app : apps) {
            app.awaitHealthy();
        }
    }

    /** Starts the app expecting it to refuse to start: its exit code, once it has exited (60 s at most). */
    public int startAndAwaitExit() throws InterruptedException {
        launch();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("the app started, or hung, instead of refusing to start");
        }
        return process.exitValue();
    }

    private void launch() {
        Path tmp = tmpDir();
        List<String> command = withFullJit ? ChildJvm.commandWithFullJit(heap) : ChildJvm.command(heap);
        command.addAll(List.of(
                // the JVM options of the README's run command and of the image
                "@" + System.getProperty("app.jvm.options", "jvm.options"), "-Djava.io.tmpdir=" + tmp));
        if (asTheImageRunsIt) {
            command.add("-XX:SharedArchiveFile="
                    + System.getProperty("app.cds.archive", "target/extracted/application.jsa"));
            command.add("-jar");
            command.add(
                    System.getProperty("app.extracted.jar", "target/extracted/whapi-media-router-0.1.0-SNAPSHOT.jar"));
        } else {
            command.add("-jar");
            command.add(System.getProperty("app.jar", "target/whapi-media-router-0.1.0-SNAPSHOT.jar"));
        }
        command.addAll(List.of(
                "--server.port=" + port,
                "--management.server.port=" + managementPort,
                "--media.work-dir=" + workDir,
                "--media.queue.poll-delay=50"));
        command.addAll(arguments);
        try {
            Files.createDirectories(tmp);
            ProcessBuilder builder = new ProcessBuilder(command);
            // as the README's run command and the image start it
            builder.environment().put("MALLOC_ARENA_MAX", "2");
            if (javaToolOptions != null) {
                builder.environment().put("JAVA_TOOL_OPTIONS", javaToolOptions);
            }
            process = builder.redirectErrorStream(true)
                    .redirectOutput(
                            ProcessBuilder.Redirect.appendTo(workDir.resolveSibling(workDir.getFileName() + ".log")
                                    .toFile()))
                    .start();
            STARTED.add(process);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void awaitHealthy() {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the app exited with " + process.exitValue() + "; the end of its log ("
                        + log() + ", deleted with the test's folder):\n" + endOfLog());
            }
            try {
                HttpResponse<Void> health = http.send(
                        HttpRequest.newBuilder(
                                        URI.create("http://127.0.0.1:" + managementPort + "/actuator/health/readiness"))
                                .build(),
                        HttpResponse.BodyHandlers.discarding());
                if (health.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            pause();
        }
        throw new IllegalStateException("the app did not become healthy");
    }

    /** The last lines of the log, for a failure whose folder is gone by the time anyone looks. */
    private String endOfLog() {
        try {
            List<String> lines = Files.readAllLines(log());
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
    }

    private static void pause() {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    /** On the actuator's own port. */
    public String managementUrl(String path) {
        return "http://127.0.0.1:" + managementPort + path;
    }

    /** Where the app's output goes. */
    public Path log() {
        return workDir.resolveSibling(workDir.getFileName() + ".log");
    }

    /** SIGKILL: no shutdown hook, no flush, as a crash or an OOM killer. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** SIGTERM, as an orchestrator stops a container; waits for the exit. */
    public int terminate() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
        return process.exitValue();
    }

    /** The app's java.io.tmpdir, a folder of its own beside the work dir. */
    public Path tmpDir() {
        return workDir.resolveSibling(workDir.getFileName() + "-tmp");
    }

    public boolean isAlive() {
        return process.isAlive();
    }
}
