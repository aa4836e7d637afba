package io.whapi.mediarouter.support;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Ports for servers that must know theirs before they start (the packaged app, the brokers and
 * servers the tests run as processes, which keep it across a restart), and for a link that must be
 * refused (nothing listens there).
 *
 * <p>A port the system hands out for a moment ({@code new ServerSocket(0)}) comes from its range
 * for outgoing connections (32768-60999 on Linux): until the server binds it, any connection of
 * any process may take it as its local port, and the server then fails to start: the likely cause
 * of a replica that exited at its start beside another, both opening Kafka and PostgreSQL
 * connections (KafkaReplicasIT, 2026-12-03). These come from below that range, are checked free,
 * and are never handed out twice in one test JVM.
 */
public final class Ports {

    private static final int FIRST = 20000;
    private static final int LAST = 32767;
    private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

    private Ports() {}

    /** A port where nothing listens now and that no connection will take by chance. */
    public static int free() {
        for (int attempt = 0; attempt < 1000; attempt++) {
            int port = ThreadLocalRandom.current().nextInt(FIRST, LAST + 1);
            if (HANDED_OUT.add(port) && isFree(port)) {
                return port;
            }
        }
        throw new IllegalStateException("no free port between " + FIRST + " and " + LAST);
    }

    private static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
