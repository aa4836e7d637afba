package io.whapi.mediarouter.pipeline;

import java.util.concurrent.ThreadFactory;

/**
 * Threads of our own background work (write-back, hashing, sweeps, backfills, the provenance
 * writer): daemons, so that none of them holds the JVM up at shutdown, and each named for what it
 * does, as thread dumps and the benchmark's CPU by thread show them.
 */
public final class DaemonThreads {

    private DaemonThreads() {}

    /** A factory of daemon threads, each called {@code name}. */
    public static ThreadFactory named(String name) {
        return task -> {
            Thread thread = new Thread(task, name);
            thread.setDaemon(true);
            return thread;
        };
    }
}
