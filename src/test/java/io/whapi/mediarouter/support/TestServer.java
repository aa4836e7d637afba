package io.whapi.mediarouter.support;

import org.junit.jupiter.api.extension.AfterAllCallback;
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
}
