package io.whapi.mediarouter.support;

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
     * it once, when the whole test run ends.
     */
    static BeforeAllCallback stopAfterTheRun(String name, AutoCloseable server) {
        return context -> context.getRoot()
                .getStore(ExtensionContext.Namespace.GLOBAL)
                .getOrComputeIfAbsent(name, key -> (ExtensionContext.Store.CloseableResource) server::close);
    }
}
