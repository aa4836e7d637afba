package io.whapi.mediarouter.intake;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.concurrent.CompletableFuture;
import org.apache.camel.Processor;
import org.apache.camel.component.platform.http.PlatformHttpConstants;
import org.apache.camel.component.platform.http.PlatformHttpEndpoint;
import org.apache.camel.component.platform.http.spi.PlatformHttpConsumer;
import org.apache.camel.component.platform.http.spi.PlatformHttpEngine;
import org.apache.camel.component.platform.http.springboot.SpringBootPlatformHttpConsumer;
import org.apache.camel.component.platform.http.springboot.SpringBootPlatformHttpEngine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.web.ServerProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * platform-http routes (the webhook intake) run on the servlet container's request thread.
 *
 * <p>The Spring Boot starter's consumer hands every request to Spring's {@code task} executor and
 * returns a {@code CompletableFuture}, so Spring MVC starts async processing and, once the route
 * is done, dispatches the request through the container a second time: a thread hop, an async
 * context and a second pass through the filters and the handler mapping per webhook, for a route
 * that never waits on anything but the queue's fsync. Here the route runs where the request
 * arrived and {@code service} returns no future, which Spring MVC takes as "the response is
 * complete". Tomcat's request threads ({@code server.tomcat.threads.max}) bound how many webhooks
 * are in the route at once, where the {@code task} executor's eight did before.
 *
 * <p>The starter backs off from its own engine when one exists (its bean is
 * {@code @ConditionalOnMissingBean(PlatformHttpEngine)}); the consumer stays a
 * {@link SpringBootPlatformHttpConsumer} because the starter's handler mapping registers that
 * class's {@code service} method for each route. Measured with {@code bench/run.sh --only
 * intake,intake-backlog} (docs/benchmarks.md).
 */
@Configuration(proxyBeanMethods = false)
public class ServletThreadPlatformHttp {

    private static final Logger LOG = LoggerFactory.getLogger(ServletThreadPlatformHttp.class);

    @Bean(name = PlatformHttpConstants.PLATFORM_HTTP_ENGINE_NAME)
    PlatformHttpEngine platformHttpEngine(ServerProperties server) {
        int port = server.getPort() == null ? 8080 : server.getPort();
        return new SpringBootPlatformHttpEngine(port) {
            @Override
            public PlatformHttpConsumer createConsumer(PlatformHttpEndpoint endpoint, Processor processor) {
                return new RequestThreadConsumer(endpoint, processor);
            }
        };
    }

    /** The starter's consumer, with the route run on the calling thread. */
    static final class RequestThreadConsumer extends SpringBootPlatformHttpConsumer {

        RequestThreadConsumer(PlatformHttpEndpoint endpoint, Processor processor) {
            // the executor is the starter's, never used: service below does not hand off
            super(endpoint, processor, Runnable::run);
        }

        /**
         * Runs the route and writes its answer before returning. No future: for a null value
         * Spring MVC marks the request handled, with no async dispatch.
         */
        @Override
        public CompletableFuture<Void> service(HttpServletRequest request, HttpServletResponse response) {
            try {
                handleService(request, response);
            } catch (Exception e) {
                // as the starter does: the route's own error handling has answered what it could
                LOG.warn("Could not answer {} {}: {}", request.getMethod(), request.getRequestURI(), e.toString());
                try {
                    if (!response.isCommitted()) {
                        response.sendError(HttpServletResponse.SC_INTERNAL_SERVER_ERROR);
                    }
                } catch (Exception ignored) {
                    // the client is gone
                }
            }
            return null;
        }
    }
}
