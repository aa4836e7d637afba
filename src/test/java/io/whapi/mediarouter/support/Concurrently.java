package io.whapi.mediarouter.support;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** Work done by several threads at once, all let go together, for tests of what they share. */
public final class Concurrently {

    private Concurrently() {}

    /** One step of a thread's work: its number, and the step's. */
    public interface Step {
        void run(int thread, int step) throws Exception;
    }

    /** Runs {@code steps} steps on each of {@code threads} threads started together; fails with the first failure. */
    public static void run(int threads, int steps, Step step) throws Exception {
        CyclicBarrier start = new CyclicBarrier(threads);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < steps; i++) {
                        step.run(thread, i);
                    }
                    return null;
                }));
            }
            for (Future<?> each : done) {
                each.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
