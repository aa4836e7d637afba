package io.whapi.mediarouter.support;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A server a test class starts: registered as {@code @RegisterExtension static final}, it is
 * stopped, and its temp folders deleted, after the class, also when a test failed.
 */
public interface TestServer extends AutoCloseable, AfterAllCallback {

    @Override
    void close();

    @Override
    default void afterAll(ExtensionContext context) {
        close();
    }

    /**
     * For a server that must outlive its class, because the app Spring keeps running (or closes
     * only after the class) still uses it: registered with {@code @RegisterExtension}, this stops
     * it once, when the test JVM's run ends ({@link TestRunServers}).
     */
    static BeforeAllCallback stopAfterTheRun(String name, AutoCloseable server) {
        return context -> TestRunServers.stopWhenTheRunEnds(name, server);
    }

    /** Waits up to a minute until the server's process listens on the port; fails if it exits first. */
    static void awaitListening(String name, Process process, int port) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
                return;
            } catch (IOException e) {
                if (!process.isAlive()) {
                    throw new IllegalStateException(name + " exited with " + process.exitValue());
                }
                try {
                    Thread.sleep(100);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
        throw new IllegalStateException(name + " did not start on port " + port);
    }

    /** Kills the process and the processes it started, and waits for it; null is nothing to stop. */
    static void kill(Process process) {
        if (process == null) {
            return;
        }
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
