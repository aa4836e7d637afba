package io.whapi.mediarouter.support;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * The servers that outlive their test class (the apps Spring keeps running still use them),
 * stopped once, when the test JVM's launcher session closes.
 *
 * <p>Not the root extension context's store: a forked surefire or failsafe JVM that is handed
 * classes one at a time (forkCount above 1) launches each class on its own, so the root context
 * closes after every class, while the apps its Spring context cache keeps still call the server.
 * Registered in {@code META-INF/services}, so every launcher (Maven's, an IDE's) finds it.
 */
public final class TestRunServers implements LauncherSessionListener {

    private static final Map<String, AutoCloseable> RUNNING = new LinkedHashMap<>();

    /** Keeps the server to stop when the session closes; a second one under the same name is ignored. */
    static synchronized void stopWhenTheRunEnds(String name, AutoCloseable server) {
        RUNNING.putIfAbsent(name, server);
    }

    @Override
    public void launcherSessionClosed(LauncherSession session) {
        List<AutoCloseable> servers;
        synchronized (TestRunServers.class) {
            servers = new ArrayList<>(RUNNING.values());
            RUNNING.clear();
        }
        // last started, first stopped, as the root store did
        for (int i = servers.size() - 1; i >= 0; i--) {
            try {
                servers.get(i).close();
            } catch (Exception e) {
                System.err.println("Could not stop a test server: " + e);
            }
        }
    }
}
